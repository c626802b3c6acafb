/**
 * How Chuanglan sends: /msg/send/json carries one text to ≤1000 numbers; /msg/variable/json carries a
 * `{$var}` text plus `phone,v1,v2;…` groups (≤1000). One msgId and one uid cover a whole call.
 */
import { chunk, groupByText, withCallOutId } from '../shared/calls';
import { textOf } from '../shared/fields';
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
import type { ChuanglanClient } from './client';
import {
	MAX_TEXT_LENGTH,
	MAX_VARIABLES,
	slotNames,
	textLength,
	variableMessage,
	variableMessageFiller,
} from './template';

export const CHUANGLAN_MAX_PHONES = 1000;

export interface ChuanglanPayload {
	path: '/msg/send/json' | '/msg/variable/json';
	/** Request fields except account and password, which the client adds so that plans hold no secret. */
	body: { msg: string; phone?: string; params?: string; report: 'true'; uid: string };
}

export function planChuanglanCalls(groups: OutgoingMessage[][], template: TemplateSpec, mode: SendMode): SendPlan {
	const unsendable: SendPlan['unsendable'] = [];
	const sendable = (messages: OutgoingMessage[]) =>
		messages.filter((message) => {
			const error = unsendableReason(message);
			if (error) unsendable.push({ key: message.key, error });
			return !error;
		});
	if (mode === 'perItem') {
		return { calls: groups.flatMap((group) => groupByText(sendable(group)).flatMap(sendCalls)), unsendable };
	}
	const messages = sendable(groups.flat());
	if (messages.every((message) => message.text === messages[0].text)) return { calls: sendCalls(messages), unsendable };

	const msg = variableMessage(template);
	const fillMessage = variableMessageFiller(msg);
	const slots = slotNames(template.content);
	const variableGroups: Array<{ message: OutgoingMessage; group: string }> = [];
	const textOnly: OutgoingMessage[] = [];
	for (const message of messages) {
		const values = slots.map((slot) => message.variables[slot] ?? '');
		const carried = slots.length <= MAX_VARIABLES && values.every(fitsParams) && fillMessage(values) === message.text;
		if (carried) variableGroups.push({ message, group: [message.phone.nationalNumber, ...values].join(',') });
		else textOnly.push(message);
	}
	const variableCalls = chunk(variableGroups, CHUANGLAN_MAX_PHONES).map((part) =>
		call(
			'variable/json',
			part.map(({ message }) => message),
			{
				path: '/msg/variable/json',
				msg,
				params: part.map(({ group }) => group).join(';'),
			},
		),
	);
	return { calls: [...variableCalls, ...groupByText(textOnly).flatMap(sendCalls)], unsendable };
}

/**
 * `,` and `;` delimit params and cannot be escaped; empty or space-edged values risk a dropped or
 * trimmed group. Such recipients go through /msg/send/json with their rendered text instead.
 */
function fitsParams(value: string): boolean {
	return value !== '' && !/[,;]/.test(value) && value.trim() === value;
}

function unsendableReason(message: OutgoingMessage): VendorErrorInfo | undefined {
	if (!message.phone.isMainland) {
		return {
			code: 'INTERNATIONAL_NOT_SUPPORTED',
			message:
				`${message.phone.e164} is not a mainland China number; this Chuanglan account sends domestic SMS only ` +
				'(international SMS needs a separate Chuanglan account and API).',
			retryable: false,
			maybeSent: false,
		};
	}
	const length = textLength(message.text);
	if (length > MAX_TEXT_LENGTH) {
		// One over-long text would make Chuanglan reject the whole call (code 106).
		return {
			code: 'TEXT_TOO_LONG',
			message: `The text has ${length} characters with its 【signature】; Chuanglan allows ${MAX_TEXT_LENGTH}.`,
			retryable: false,
			maybeSent: false,
		};
	}
	return undefined;
}

function sendCalls(messages: OutgoingMessage[]): PlannedCall[] {
	return chunk(messages, CHUANGLAN_MAX_PHONES).map((part) =>
		call('send/json', part, {
			path: '/msg/send/json',
			msg: part[0].text,
			phone: part.map((message) => message.phone.nationalNumber).join(','),
		}),
	);
}

function call(
	api: string,
	group: OutgoingMessage[],
	fields: { path: ChuanglanPayload['path']; msg: string; phone?: string; params?: string },
): PlannedCall {
	const { path, ...wire } = fields;
	// Receipts carry the call's one uid, not a per-recipient id.
	const { outId: uid, messages } = withCallOutId(group);
	const payload: ChuanglanPayload = { path, body: { ...wire, report: 'true', uid } };
	return { api, messages, payload };
}

/** Makes a planned call. One msgId covers the call; receipts tell its recipients apart by mobile. */
export async function sendChuanglanCall(
	client: ChuanglanClient,
	call: PlannedCall,
	settings: RequestSettings,
): Promise<MessageResult[]> {
	const { path, body } = call.payload as ChuanglanPayload;
	const answer = await client.post(path, body, settings, true);
	const messageId = textOf(answer.msgId);
	const partial = partialAcceptance(answer, call.messages.length, messageId);
	if (partial) return call.messages.map((message) => ({ key: message.key, status: 'rejected', error: partial }));
	return call.messages.map((message) => ({ key: message.key, status: 'accepted', messageId }));
}

/**
 * The error every recipient of a call gets when Chuanglan accepted fewer than were sent: successNum below
 * the number sent, or a failNum (either may be a string or a number). variable/json drops malformed
 * groups silently and names none of them, so unless none was accepted, no recipient can be told sent
 * or not.
 */
function partialAcceptance(
	answer: Record<string, unknown>,
	sent: number,
	messageId: string,
): VendorErrorInfo | undefined {
	const failNum = countOf(answer.failNum) ?? 0;
	const accepted = Math.min(countOf(answer.successNum) ?? sent, sent - failNum);
	if (accepted >= sent && failNum === 0) return undefined;
	if (accepted <= 0) {
		return {
			code: 'NOT_ACCEPTED',
			message: `Chuanglan accepted none of the ${sent} numbers in this call (it drops malformed parameter groups without an error code); nothing was sent.`,
			retryable: false,
			maybeSent: false,
		};
	}
	return {
		code: 'PARTIAL_ACCEPT',
		message:
			`Chuanglan accepted ${accepted} of the ${sent} numbers in this call (msgId ${messageId}) without saying which; ` +
			'whether this number was among them cannot be known, so it is not sent again. Only the numbers sent will get a delivery receipt.',
		retryable: false,
		maybeSent: true,
	};
}

/** A count as Chuanglan writes it, string or number; undefined when absent or not a count. */
function countOf(value: unknown): number | undefined {
	const text = textOf(value).trim();
	return /^\d+$/.test(text) ? Number(text) : undefined;
}
