/**
 * Get Status through PullSmsSendStatusByPhoneNumber: the receipts of one number within the China-time
 * day of the send; it consumes nothing (docs/protocols/tencent.md#receipts).
 */
import { chinaTimeToIso, formatChinaTime } from '../shared/chinaTime';
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import { VendorError, type RequestSettings, type StatusQuery, type StatusRecord } from '../types';
import type { TencentClient } from './client';
import { deliveryErrorMessage } from './errors';

const PAGE_SIZE = 100;
/** Tencent keeps per-number records for 7 days; a day older than that is refused (BeginTime). */
const QUERY_WINDOW_SECONDS = 7 * 24 * 60 * 60;
const DAY_SECONDS = 24 * 60 * 60;

export async function queryTencentStatus(
	client: TencentClient,
	query: StatusQuery,
	settings: RequestSettings,
): Promise<StatusRecord[]> {
	const { beginTime, endTime } = sendDayWindow(query.sendDate, Math.floor(Date.now() / 1000));
	// Offset is fixed at 0 (sms_models.d.ts): one page of at most 100 receipts is all there is.
	const answer = await client.call(
		'PullSmsSendStatusByPhoneNumber',
		{
			BeginTime: beginTime,
			EndTime: endTime,
			Offset: 0,
			Limit: PAGE_SIZE,
			PhoneNumber: query.phone.e164,
			SmsSdkAppId: client.smsSdkAppId,
		},
		settings,
		false,
	);
	const rows = Array.isArray(answer.PullSmsSendStatusSet) ? answer.PullSmsSendStatusSet : [];
	const records = rows.map((row) => statusRecord(asObject(row)));
	return query.messageId ? records.filter((record) => record.messageId === query.messageId) : records;
}

/**
 * The China-time day `yyyy-MM-dd` as UNIX seconds, its start no earlier than Tencent's 7-day window and
 * its end no later than now.
 */
function sendDayWindow(sendDate: string, now: number): { beginTime: number; endTime: number } {
	const invalid = (message: string) =>
		new VendorError({ code: 'INVALID_SEND_DATE', message, retryable: false, maybeSent: false });
	const match = /^\d{4}-\d{2}-\d{2}$/.exec(sendDate.trim());
	const dayStart = match ? Date.parse(`${match[0]}T00:00:00+08:00`) / 1000 : Number.NaN;
	if (Number.isNaN(dayStart)) {
		throw invalid(`The send date "${sendDate}" must be a day written like 2024-01-31 (China time).`);
	}
	if (dayStart > now) throw invalid(`The send date ${sendDate} is in the future (China time).`);
	const windowStart = now - QUERY_WINDOW_SECONDS;
	if (dayStart + DAY_SECONDS <= windowStart) {
		throw invalid(`Tencent Cloud keeps per-number send records for 7 days only; ${sendDate} is older than that.`);
	}
	return { beginTime: Math.max(dayStart, windowStart + 60), endTime: Math.min(dayStart + DAY_SECONDS - 1, now) };
}

/** A PullSmsSendStatus row: a receipt, which exists only once the carrier reported (pending ones are not listed). */
function statusRecord(row: JsonObject): StatusRecord {
	const delivered = textOf(row.ReportStatus) === 'SUCCESS';
	const errorCode = delivered ? '' : textOf(row.Description);
	return {
		phone: mobileToE164(row.PhoneNumber),
		messageId: textOf(row.SerialNo),
		outId: textOf(row.SessionContext),
		status: delivered ? 'delivered' : 'failed',
		errorCode,
		errorMessage: delivered ? '' : deliveryErrorMessage(errorCode),
		sentAt: '',
		deliveredAt: delivered ? unixToChinaIso(row.UserReceiveTime) : '',
		content: '',
	};
}

/** UNIX seconds as ISO 8601 in China time (+08:00); '' when absent. */
export function unixToChinaIso(value: unknown): string {
	const seconds = Number(value);
	if (!(seconds > 0)) return '';
	return chinaTimeToIso(formatChinaTime(new Date(seconds * 1000)));
}
