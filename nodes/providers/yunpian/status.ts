/**
 * Per-message status from get_record (every page of one phone and day), in the vendor-neutral shape.
 * Numbers come back without `+86`, sids as strings.
 */
import { chinaTimeToIso, formatChinaTime } from '../shared/chinaTime';
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import { readNumberedPages } from '../shared/paging';
import { VendorError, type DeliveryStatus, type RequestSettings, type StatusQuery, type StatusRecord } from '../types';
import type { YunpianClient } from './client';
import { yunpianMobile } from './plan';

/** get_record returns at most 100 rows per page. */
const PAGE_SIZE = 100;
/** Guards against a server that ignores page_num: 100 pages = 10,000 records of one phone and day. */
const MAX_RECORD_PAGES = 100;

export async function queryYunpianStatus(
	client: YunpianClient,
	query: StatusQuery,
	settings: RequestSettings,
): Promise<StatusRecord[]> {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(query.sendDate)) {
		throw new VendorError({
			code: 'INVALID_SEND_DATE',
			message: `Send Date must be a day written as yyyy-MM-dd (China time), not "${query.sendDate}".`,
			retryable: false,
			maybeSent: false,
		});
	}
	const filter: Record<string, string> = {
		mobile: yunpianMobile(query.phone),
		start_time: `${query.sendDate} 00:00:00`,
		end_time: `${query.sendDate} 23:59:59`,
	};
	if (!query.phone.isMainland) filter.type = 'global';
	const rows = await sendRecords(client, filter, Number.POSITIVE_INFINITY, settings);
	const records = rows.map(statusRecord);
	return query.messageId ? records.filter((record) => record.messageId === query.messageId) : records;
}

/** get_record, every page, up to `max` rows that `keep` accepts. */
export async function sendRecords(
	client: YunpianClient,
	filter: Record<string, string>,
	max: number,
	settings: RequestSettings,
	keep: (row: JsonObject) => boolean = () => true,
): Promise<JsonObject[]> {
	return await readNumberedPages(
		async (pageNumber) => {
			const fields = { ...filter, page_num: String(pageNumber), page_size: String(PAGE_SIZE) };
			const rows = rowsOf(await client.post('/v2/sms/get_record.json', fields, settings, false));
			return { rows, kept: rows.filter(keep) };
		},
		{ pageSize: PAGE_SIZE, maxPages: MAX_RECORD_PAGES, max },
	);
}

const PREVIEW_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The last day as a search window (`start_time`, `end_time`), where a test event looks without consuming. */
export function lastDayWindow(now = new Date()): Record<'start_time' | 'end_time', string> {
	return {
		start_time: formatChinaTime(new Date(now.getTime() - PREVIEW_WINDOW_MS)),
		end_time: formatChinaTime(now),
	};
}

export function rowsOf(body: unknown): JsonObject[] {
	return Array.isArray(body) ? body.map(asObject) : [];
}

const REPORT_STATUS: Record<string, DeliveryStatus> = { SUCCESS: 'delivered', FAIL: 'failed' };

export function reportStatus(value: unknown): DeliveryStatus {
	return REPORT_STATUS[textOf(value)] ?? 'pending';
}

/** Carrier failure text: Yunpian's explanation when it gives one, else plain English with the code. */
export function failureMessage(errorCode: string, errorDetail: string): string {
	if (errorDetail) return errorDetail;
	return `The carrier reported that delivery failed${errorCode ? ` (${errorCode})` : ''}.`;
}

/** A get_record row (send_time, text, report_status SUCCESS/FAIL/UNKNOWN, ...). */
export function statusRecord(row: JsonObject): StatusRecord {
	const status = reportStatus(row.report_status);
	const errorCode = status === 'failed' ? textOf(row.error_msg) : '';
	return {
		phone: mobileToE164(row.mobile),
		messageId: textOf(row.sid),
		outId: textOf(row.uid),
		status,
		errorCode,
		errorMessage: status === 'failed' ? failureMessage(errorCode, textOf(row.error_detail)) : '',
		sentAt: chinaTimeToIso(row.send_time),
		deliveredAt: status === 'delivered' ? chinaTimeToIso(row.user_receive_time) : '',
		content: textOf(row.text),
	};
}
