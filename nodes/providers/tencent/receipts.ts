/**
 * Delivery receipts from PullSmsSendStatus and replies from PullSmsReplyStatus: both destructive, at most
 * 100 per call, and off until pulling is switched on for the SMS application
 * (docs/protocols/tencent.md#receipts, #replies). A manual test event shows a labelled sample instead,
 * after proving the credential.
 */
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import { acknowledgeNothing, destructivePull } from '../shared/paging';
import type { EventPull, PullOptions, Receipt, ReceiptPull, Reply, ReplyPull, RequestSettings } from '../types';
import type { TencentClient } from './client';
import { deliveryErrorMessage } from './errors';
import { unixToChinaIso } from './status';

const PULL_LIMIT = 100;
const DELIVERED = 'DELIVRD';

export async function pullTencentReceipts(
	client: TencentClient,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReceiptPull> {
	return await pull(client, options, settings, {
		action: 'PullSmsSendStatus',
		set: 'PullSmsSendStatusSet',
		event: tencentReceipt,
		sample: sampleReceipt,
	});
}

export async function pullTencentReplies(
	client: TencentClient,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReplyPull> {
	return await pull(client, options, settings, {
		action: 'PullSmsReplyStatus',
		set: 'PullSmsReplyStatusSet',
		event: tencentReply,
		sample: sampleReply,
	});
}

interface PullKind<T> {
	action: string;
	/** The answer's list of rows. */
	set: string;
	event(row: JsonObject): T;
	sample(now: Date): T;
}

async function pull<T>(
	client: TencentClient,
	options: PullOptions,
	settings: RequestSettings,
	kind: PullKind<T>,
): Promise<EventPull<T>> {
	if (options.peek) {
		// The sample must not hide a wrong key or SdkAppId: the real pull would fail.
		await client.proveCredentials(settings.timeoutMs);
		return {
			events: options.max > 0 ? [kind.sample(new Date())] : [],
			source: `sample (Tencent Cloud ${kind.action} is destructive)`,
			acknowledge: acknowledgeNothing,
		};
	}
	return await destructivePull(kind.action, options, PULL_LIMIT, async (limit) => {
		const answer = await client.call(kind.action, { Limit: limit, SmsSdkAppId: client.smsSdkAppId }, settings, false);
		const rows = answer[kind.set];
		return Array.isArray(rows) ? rows.map((row) => kind.event(asObject(row))) : [];
	});
}

/** A PullSmsSendStatusSet row: {UserReceiveTime, CountryCode, SubscriberNumber, PhoneNumber, SerialNo, ReportStatus, Description, SessionContext}. */
export function tencentReceipt(row: JsonObject): Receipt {
	const delivered = textOf(row.ReportStatus) === 'SUCCESS';
	const description = textOf(row.Description);
	return {
		provider: 'tencent',
		phone: mobileToE164(row.PhoneNumber),
		status: delivered ? 'delivered' : 'failed',
		vendorStatus: description || textOf(row.ReportStatus),
		errorCode: delivered ? '' : description,
		errorMessage: delivered ? '' : deliveryErrorMessage(description),
		messageId: textOf(row.SerialNo),
		outId: textOf(row.SessionContext),
		sentAt: '',
		reportedAt: unixToChinaIso(row.UserReceiveTime),
		parts: 0,
	};
}

/** A PullSmsReplyStatusSet row (2021-01-11): {ExtendCode, CountryCode, PhoneNumber, SignName, ReplyContent, ReplyTime, SubscriberNumber}. */
export function tencentReply(row: JsonObject): Reply {
	return {
		provider: 'tencent',
		phone: mobileToE164(row.PhoneNumber),
		content: textOf(row.ReplyContent),
		receivedAt: unixToChinaIso(row.ReplyTime),
		signName: textOf(row.SignName),
		extendCode: textOf(row.ExtendCode),
		// Tencent gives a reply no id of its own.
		replyId: '',
	};
}

function sampleReceipt(now: Date): Receipt {
	return {
		...tencentReceipt({
			PhoneNumber: '+8613800000000',
			SerialNo: 'SAMPLE-SERIAL-0000',
			ReportStatus: 'SUCCESS',
			Description: DELIVERED,
			SessionContext: 'sample-out-id',
			UserReceiveTime: Math.floor(now.getTime() / 1000),
		}),
		parts: 1,
	};
}

function sampleReply(now: Date): Reply {
	return tencentReply({
		PhoneNumber: '+8613800000000',
		ReplyContent: 'R',
		ReplyTime: Math.floor(now.getTime() / 1000),
		SignName: 'sample',
		ExtendCode: '',
	});
}
