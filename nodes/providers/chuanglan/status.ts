import { VendorError, type StatusRecord } from '../types';

/** Chuanglan has no per-message status query: its receipts come only through the pull. */
export async function queryChuanglanStatus(): Promise<StatusRecord[]> {
	throw new VendorError({
		code: 'NOT_SUPPORTED',
		message:
			"Chuanglan has no per-message status query. Use the SMS Delivery Receipt Trigger to receive each message's delivery receipt.",
		retryable: false,
		maybeSent: false,
	});
}
