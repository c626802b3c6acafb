import type { IDataObject } from 'n8n-workflow';

import type { Receipt, RequestSettings, SmsProvider } from '../providers';
import { eventKey } from '../triggers/seenKeys';
import type { EventPoll } from '../triggers/pollEvents';

export type StatusFilter = 'all' | 'delivered' | 'failed';

/** Where the trigger keeps the keys of the receipts it emitted (a saved workflow's static data). */
const STATE_KEY = 'seenReceiptKeys';

/** A receipt is the same receipt when it is about the same message to the same phone. */
export function receiptKey(receipt: Pick<Receipt, 'messageId' | 'phone'>): string {
	return eventKey(`${receipt.messageId}|${receipt.phone}`);
}

/** The receipt trigger's poll: every receipt once, those the status filter passes as items. */
export function receiptPoll(
	provider: SmsProvider,
	settings: { max: number; statusFilter: StatusFilter; request: RequestSettings },
): EventPoll<Receipt> {
	return {
		pull: async (options) => await provider.pullReceipts(options, settings.request),
		max: settings.max,
		stateKey: STATE_KEY,
		key: receiptKey,
		output: (receipt) =>
			settings.statusFilter === 'all' || receipt.status === settings.statusFilter ? toOutput(receipt) : undefined,
		words: {
			events: 'delivery receipts',
			waitFor: 'Send a message, wait for its receipt and fetch again.',
			enable: 'receipt pulling is enabled for the account.',
		},
	};
}

/** Exactly the trigger's public output shape, whatever else a provider attaches. */
function toOutput(receipt: Receipt): IDataObject {
	return {
		provider: receipt.provider,
		phone: receipt.phone,
		status: receipt.status,
		vendorStatus: receipt.vendorStatus,
		errorCode: receipt.errorCode,
		errorMessage: receipt.errorMessage,
		messageId: receipt.messageId,
		outId: receipt.outId,
		sentAt: receipt.sentAt,
		reportedAt: receipt.reportedAt,
		parts: receipt.parts,
	};
}
