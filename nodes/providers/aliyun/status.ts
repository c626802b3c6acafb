/** Per-message status from QuerySendDetails, every page of one phone and China day. */
import { QuerySendDetailsRequest } from '@alicloud/dysmsapi20170525';

import { chinaTimeToIso, formatChinaTime } from '../shared/chinaTime';
import { textOf } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import { readNumberedPages } from '../shared/paging';
import { VendorError, type DeliveryStatus, type RequestSettings, type StatusQuery, type StatusRecord } from '../types';
import { throwUnlessOk, type AliyunClients } from './client';
import { deliveryErrorMessage } from './errors';
import { aliyunPhone } from './plan';

const SEND_STATUS: Record<string, DeliveryStatus> = { '1': 'pending', '2': 'failed', '3': 'delivered' };

/** QuerySendDetails allows PageSize 1–50. */
const PAGE_SIZE = 50;
/** Aliyun keeps send records for 30 days. */
const QUERY_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * QuerySendDetails wants the China (UTC+8) calendar day of the send as yyyyMMdd: Aliyun files records
 * under the China date (a send at 05:00 China time is only found under that day, not the UTC day before),
 * and keeps them for 30 days. Checking here gives a clear message instead of an empty result.
 */
function aliyunSendDate(sendDate: string, now: Date): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(sendDate.trim());
	const invalid = (message: string): VendorError =>
		new VendorError({ code: 'INVALID_SEND_DATE', message, retryable: false, maybeSent: false });
	if (!match) throw invalid(`The send date "${sendDate}" must look like 2024-01-31 (the China-time day of the send).`);
	const today = Date.parse(`${formatChinaTime(now).slice(0, 10)}T00:00:00Z`);
	const age = (today - Date.parse(`${match[0]}T00:00:00Z`)) / DAY_MS;
	if (Number.isNaN(age)) throw invalid(`The send date "${sendDate}" is not a real calendar day.`);
	if (age < 0) throw invalid(`The send date ${sendDate} is in the future (China time).`);
	if (age > QUERY_WINDOW_DAYS) {
		throw invalid(`Aliyun keeps send records for ${QUERY_WINDOW_DAYS} days only; ${sendDate} is older than that.`);
	}
	return `${match[1]}${match[2]}${match[3]}`;
}

interface SendDetail {
	phoneNum?: string;
	sendStatus?: number;
	errCode?: string;
	content?: string;
	sendDate?: string;
	receiveDate?: string;
	outId?: string;
}

function statusRecord(detail: SendDetail, query: StatusQuery): StatusRecord {
	const status = SEND_STATUS[textOf(detail.sendStatus)] ?? 'pending';
	const errorCode = status === 'failed' ? textOf(detail.errCode) : '';
	return {
		phone: mobileToE164(detail.phoneNum) || query.phone.e164,
		messageId: query.messageId ?? '',
		outId: textOf(detail.outId),
		status,
		errorCode,
		errorMessage: errorCode ? deliveryErrorMessage(errorCode, '') : '',
		sentAt: chinaTimeToIso(detail.sendDate),
		deliveredAt: status === 'delivered' ? chinaTimeToIso(detail.receiveDate) : '',
		content: textOf(detail.content),
	};
}

export async function queryAliyunStatus(
	clients: AliyunClients,
	query: StatusQuery,
	settings: RequestSettings,
): Promise<StatusRecord[]> {
	const sendDate = aliyunSendDate(query.sendDate, new Date());
	return await readNumberedPages(
		async (currentPage) => {
			const request = new QuerySendDetailsRequest({
				phoneNumber: aliyunPhone(query.phone),
				sendDate,
				bizId: query.messageId || undefined,
				pageSize: PAGE_SIZE,
				currentPage,
			});
			const response = await clients.dysmsapi({ sending: false, settings }, (client, runtime) =>
				client.querySendDetailsWithOptions(request, runtime),
			);
			throwUnlessOk(clients, response.body);
			const details: SendDetail[] = response.body?.smsSendDetailDTOs?.smsSendDetailDTO ?? [];
			// TotalCount is a string in the SDK model and a number in real answers.
			const total = Number(response.body?.totalCount ?? 0);
			return { rows: details, kept: details.map((detail) => statusRecord(detail, query)), total };
		},
		{ pageSize: PAGE_SIZE },
	);
}
