/** Chuanglan pull/report rows (msgId, mobile, status, statusDesc, uid, reportTime, notifyTime) as Receipts. */
import { chinaTimeToIso, formatChinaTime } from '../shared/chinaTime';
import { textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type { Receipt } from '../types';

const DELIVERED = 'DELIVRD';

/** Plain English for the documented report statuses; other gateway codes pass through as they are. */
const STATUS_MESSAGES: Record<string, string> = {
	UNKNOWN: 'The carrier did not confirm delivery (status unknown).',
	REJECTD: 'The carrier (SMSC) rejected the message.',
	MBBLACK: 'The number is blacklisted.',
	REJECT: 'The message was rejected in content review.',
};

export function chuanglanReceipt(row: JsonObject): Receipt {
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
			: textOf(row.statusDesc) || STATUS_MESSAGES[vendorStatus] || `Delivery failed with carrier status ${vendorStatus}.`,
		messageId: textOf(row.msgId),
		outId: textOf(row.uid),
		sentAt: '',
		// reportTime is the carrier's time (minutes); notifyTime when Chuanglan received it.
		reportedAt: chinaTimeToIso(row.reportTime) || chinaTimeToIso(row.notifyTime),
		parts: 0,
	};
}

/** What a manual "fetch test event" shows: the real pull would delete receipts at Chuanglan. */
export function sampleReceipt(now: Date): Receipt {
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
