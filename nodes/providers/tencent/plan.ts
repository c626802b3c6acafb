/**
 * How Tencent sends: SendSms carries up to 200 numbers and one TemplateParamSet for all of them, so
 * recipients are grouped by their values (and by mainland or not, which one call cannot mix); one
 * SessionContext per call carries the outId (docs/protocols/tencent.md#send).
 */
import { chunk, groupBy, withCallOutId } from '../shared/calls';
import { asObject, textOf } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type {
	MessageResult,
	OutgoingMessage,
	PlannedCall,
	RequestSettings,
	SendMode,
	SendPlan,
	TemplateSpec,
	VendorErrorInfo,
} from '../types';
import type { TencentClient } from './client';

export const TENCENT_MAX_PHONES = 200;
/** SessionContext must stay under 512 bytes. */
const MAX_SESSION_CONTEXT_BYTES = 511;

/** SendSms parameters except SmsSdkAppId, which the client adds from the credential. */
export interface TencentSendPayload {
	PhoneNumberSet: string[];
	TemplateId: string;
	SignName: string;
	TemplateParamSet: string[];
	SessionContext: string;
}

export function planTencentCalls(groups: OutgoingMessage[][], template: TemplateSpec, mode: SendMode): SendPlan {
	const unsendable: SendPlan['unsendable'] = [];
	const sendable = (message: OutgoingMessage) => {
		const error = unsendableReason(message);
		if (error) unsendable.push({ key: message.key, error });
		return !error;
	};
	const parts = mode === 'perItem' ? groups : [groups.flat()];
	const calls = parts.flatMap((part) =>
		groupByValues(part.filter(sendable), template).flatMap((group) =>
			chunk(group, TENCENT_MAX_PHONES).map((messages) => sendCall(messages, template)),
		),
	);
	return { calls, unsendable };
}

/** The values of `{1}`, `{2}`, … in number order (template.variables is in that order). */
function paramSet(message: OutgoingMessage, template: TemplateSpec): string[] {
	return template.variables.map((name) => message.variables[name] ?? '');
}

/** Messages that can share one call: the same values, and all mainland or all not. First appearance order. */
function groupByValues(messages: OutgoingMessage[], template: TemplateSpec): OutgoingMessage[][] {
	return groupBy(messages, (message) => JSON.stringify([message.phone.isMainland, ...paramSet(message, template)]));
}

function unsendableReason(message: OutgoingMessage): VendorErrorInfo | undefined {
	if (Buffer.byteLength(message.outId) <= MAX_SESSION_CONTEXT_BYTES) return undefined;
	// Tencent would refuse the whole call for it.
	return {
		code: 'OUT_ID_TOO_LONG',
		message: `The Out ID is ${Buffer.byteLength(message.outId)} bytes long; Tencent Cloud carries at most ${MAX_SESSION_CONTEXT_BYTES} (SessionContext).`,
		retryable: false,
		maybeSent: false,
	};
}

function sendCall(group: OutgoingMessage[], template: TemplateSpec): PlannedCall {
	const { outId, messages } = withCallOutId(group);
	const payload: TencentSendPayload = {
		PhoneNumberSet: messages.map((message) => message.phone.e164),
		TemplateId: template.templateId,
		SignName: template.signName,
		TemplateParamSet: paramSet(messages[0], template),
		SessionContext: outId,
	};
	return { api: 'SendSms', messages, payload };
}

/**
 * Makes a planned call. SendStatusSet has one row per number in request order; rows are matched by
 * number, first come first served, so that a reordered answer still lands on the right recipient.
 */
export async function sendTencentCall(
	client: TencentClient,
	call: PlannedCall,
	settings: RequestSettings,
): Promise<MessageResult[]> {
	const payload = call.payload as TencentSendPayload;
	const answer = await client.call('SendSms', { ...payload, SmsSdkAppId: client.smsSdkAppId }, settings, true);
	const rows = Array.isArray(answer.SendStatusSet) ? answer.SendStatusSet.map(asObject) : [];
	const waiting = new Map<string, OutgoingMessage[]>();
	for (const message of call.messages) {
		const same = waiting.get(message.phone.e164);
		if (same) same.push(message);
		else waiting.set(message.phone.e164, [message]);
	}
	const results: MessageResult[] = [];
	for (const row of rows) {
		const code = textOf(row.Code);
		const message = code === '' ? undefined : waiting.get(mobileToE164(row.PhoneNumber))?.shift();
		if (!message) continue;
		if (code === 'Ok') {
			const fee = Number(row.Fee);
			results.push({
				key: message.key,
				status: 'accepted',
				messageId: textOf(row.SerialNo),
				parts: fee > 0 ? fee : undefined,
			});
		} else {
			results.push({ key: message.key, status: 'rejected', error: client.rowError(code, textOf(row.Message)).info });
		}
	}
	// A number the answer did not mention (or gave no code) is left out: the campaign records it as unknown (it may have gone out).
	return results;
}
