/*
 * Aliyun delivery receipts: the SmsReport messages of the account's Alicom queue (protocol and sources in
 * queue.ts).
 *
 * Message body: SmsReport JSON {phone_number, success, biz_id, out_id, send_time, report_time, err_code,
 *   err_msg, sms_size}. [cbony/dysms 短信状态报告（SmsReport）.md]
 */
import { chinaTimeToIso } from '../shared/chinaTime';
import { textOf } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type { PullOptions, Receipt, ReceiptPull, RequestSettings } from '../types';
import type { AliyunClients } from './client';
import { deliveryErrorMessage } from './errors';
import { pullQueue, type QueueKind } from './queue';

const RECEIPTS: QueueKind<Receipt> = {
	messageType: 'SmsReport',
	missingQueueName:
		'Aliyun delivers receipts through a message queue: set Queue Name to the queue shown in the SMS console (Alicom-Queue-<accountId>-SmsReport) after enabling receipt delivery by message queue.',
	toEvent: (report) => {
		const delivered = report.success === true || report.success === 'true';
		const errorCode = delivered ? '' : textOf(report.err_code);
		return {
			provider: 'aliyun',
			phone: mobileToE164(report.phone_number),
			status: delivered ? 'delivered' : 'failed',
			vendorStatus: textOf(report.err_code),
			errorCode,
			errorMessage: errorCode ? deliveryErrorMessage(errorCode, textOf(report.err_msg)) : '',
			messageId: textOf(report.biz_id),
			outId: textOf(report.out_id),
			sentAt: chinaTimeToIso(report.send_time),
			reportedAt: chinaTimeToIso(report.report_time),
			parts: Number(report.sms_size) || 0,
		};
	},
};

export async function pullAliyunReceipts(
	clients: AliyunClients,
	queueName: string | undefined,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReceiptPull> {
	return await pullQueue(clients, RECEIPTS, queueName, options, settings);
}
