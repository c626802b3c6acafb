/**
 * Receipts from the destructive pull/report (rows: msgId, mobile, status, statusDesc, uid, reportTime,
 * notifyTime); a manual test event shows a labelled sample instead, after proving the credential.
 */
import { chinaTimeToIso, formatChinaTime } from '../shared/chinaTime';
import { textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type { PullOptions, Receipt, ReceiptPull, RequestSettings } from '../types';
import type { ChuanglanClient } from './client';
import { pullChuanglanEvents } from './pull';

export async function pullChuanglanReceipts(
	client: ChuanglanClient,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReceiptPull> {
	return await pullChuanglanEvents(
		client,
		{
			path: '/msg/pull/report',
			// pull/report returns at most 100 receipts per call.
			pageLimit: 100,
			toEvent: chuanglanReceipt,
			sample: sampleReceipt,
			sampleSource: 'sample receipt (Chuanglan pull is destructive)',
		},
		options,
		settings,
	);
}

const DELIVERED = 'DELIVRD';

/** Plain English for the documented report statuses; other gateway codes pass through as they are. */
const STATUS_MESSAGES: Record<string, string> = {
	UNKNOWN: 'The carrier did not confirm delivery (status unknown).',
	REJECTD: 'The carrier (SMSC) rejected the message.',
	MBBLACK: 'The number is blacklisted.',
	REJECT: 'The message was rejected in content review.',
};

function chuanglanReceipt(row: JsonObject): Receipt {
	const vendorStatus = textOf(row.status);
	const delivered = vendorStatus === DELIVERED;
	return {
		provider: 'chuanglan',
		phone: mobileToE164(row.mobile),
		status: delivered ? 'delivered' : 'failed',
		vendorStatus,
		errorCode: delivered ? '' : vendorStatus,
		errorMessage: delivered
			? ''
			: textOf(row.statusDesc) ||
				STATUS_MESSAGES[vendorStatus] ||
				`Delivery failed with carrier status ${vendorStatus}.`,
		messageId: textOf(row.msgId),
		outId: textOf(row.uid),
		sentAt: '',
		// reportTime is the carrier's time (minutes); notifyTime when Chuanglan received it.
		reportedAt: chinaTimeToIso(row.reportTime) || chinaTimeToIso(row.notifyTime),
		parts: 0,
	};
}

/** What a manual "fetch test event" shows: the real pull would delete receipts at Chuanglan. */
function sampleReceipt(now: Date): Receipt {
	return {
		provider: 'chuanglan',
		phone: '+8613800000000',
		status: 'delivered',
		vendorStatus: DELIVERED,
		errorCode: '',
		errorMessage: '',
		messageId: 'SAMPLE-MSGID-0000000000',
		outId: 'sample-uid',
		sentAt: '',
		reportedAt: chinaTimeToIso(formatChinaTime(now)),
		parts: 1,
	};
}
