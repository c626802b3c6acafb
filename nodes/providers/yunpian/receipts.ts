/**
 * Delivery receipts from the destructive pull_status; a manual test event reads the send history
 * (get_record) instead, which consumes nothing.
 */
import { chinaTimeToIso } from '../shared/chinaTime';
import { textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import { acknowledgeNothing, destructivePull } from '../shared/paging';
import type { PullOptions, Receipt, ReceiptPull, RequestSettings } from '../types';
import type { YunpianClient } from './client';
import { failureMessage, lastDayWindow, reportStatus, rowsOf, sendRecords } from './status';

/** pull_status returns at most 100 receipts per call. */
const PULL_LIMIT = 100;

export async function pullYunpianReceipts(
	client: YunpianClient,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReceiptPull> {
	if (options.peek) {
		const finished = (row: JsonObject) => reportStatus(row.report_status) !== 'pending';
		const rows = await sendRecords(client, lastDayWindow(), options.max, settings, finished);
		return {
			events: rows.map(receipt),
			source: 'get_record (non-destructive preview)',
			acknowledge: acknowledgeNothing,
		};
	}
	return await destructivePull('pull_status', options, PULL_LIMIT, async (pageSize) => {
		const fields = { page_size: String(pageSize) };
		return rowsOf(await client.post('/v2/sms/pull_status.json', fields, settings, false)).map(receipt);
	});
}

/**
 * A pull_status receipt, or a finished get_record row for the non-destructive preview. Neither carries
 * billed parts, so `parts` is 0 (unknown).
 */
function receipt(row: JsonObject): Receipt {
	const failed = reportStatus(row.report_status) === 'failed';
	const errorCode = failed ? textOf(row.error_msg) : '';
	return {
		provider: 'yunpian',
		phone: mobileToE164(row.mobile),
		status: failed ? 'failed' : 'delivered',
		vendorStatus: textOf(row.report_status),
		errorCode,
		errorMessage: failed ? failureMessage(errorCode, textOf(row.error_detail)) : '',
		messageId: textOf(row.sid),
		outId: textOf(row.uid),
		sentAt: chinaTimeToIso(row.send_time),
		reportedAt: chinaTimeToIso(row.user_receive_time),
		parts: 0,
	};
}
