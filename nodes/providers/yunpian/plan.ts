/**
 * How Yunpian sends: always by full text (the 【signature】 included), matched against approved
 * templates. batch_send carries one text for ≤1000 mainland numbers, multi_send one text per number;
 * international numbers only go through single_send, one call each, in `+E.164`.
 */
import { chunk, groupByText, sharedOutId } from '../shared/calls';
import type { OutgoingMessage, PhoneNumber, PlannedCall, SendMode } from '../types';
import { encodedTextList } from './textList';

export const YUNPIAN_MAX_MOBILES = 1000;

export interface YunpianPayload {
	path: string;
	/** Form fields except `apikey`, which the client adds so that plans never hold the secret. */
	fields: Record<string, string>;
	/** multi_send's `text`, already encoded as the form carries it (see encodedTextList). */
	encodedText?: Buffer;
}

export function planYunpianCalls(groups: OutgoingMessage[][], mode: SendMode): PlannedCall[] {
	const messages = groups.flat();
	const international = messages.filter((message) => !message.phone.isMainland).map((message) => singleSend(message));
	if (mode === 'perItem') {
		const mainlandGroups = groups.flatMap((group) => groupByText(group.filter((message) => message.phone.isMainland)));
		return [...mainlandGroups.flatMap(sameTextCalls), ...international];
	}
	const mainland = messages.filter((message) => message.phone.isMainland);
	const allTextsEqual = mainland.every((message) => message.text === mainland[0].text);
	const mainlandCalls = allTextsEqual ? sameTextCalls(mainland) : chunk(mainland, YUNPIAN_MAX_MOBILES).map(multiSend);
	return [...mainlandCalls, ...international];
}

/** Mainland numbers plain 11 digits; anything else needs the `+` or Yunpian reads it as Chinese. */
export function yunpianMobile(phone: PhoneNumber): string {
	return phone.isMainland ? phone.nationalNumber : phone.e164;
}

function sameTextCalls(messages: OutgoingMessage[]): PlannedCall[] {
	return chunk(messages, YUNPIAN_MAX_MOBILES).map((part) => (part.length === 1 ? singleSend(part[0]) : batchSend(part)));
}

function singleSend(message: OutgoingMessage): PlannedCall {
	const fields: Record<string, string> = { mobile: yunpianMobile(message.phone), text: message.text };
	if (message.outId) fields.uid = message.outId;
	return { api: 'single_send', messages: [message], payload: { path: '/v2/sms/single_send.json', fields } };
}

function batchSend(messages: OutgoingMessage[]): PlannedCall {
	const fields: Record<string, string> = { mobile: mobilesOf(messages), text: messages[0].text };
	// A batch carries one uid, so it is only worth sending when every recipient shares it.
	const outId = sharedOutId(messages);
	if (outId) fields.uid = outId;
	return { api: 'batch_send', messages, payload: { path: '/v2/sms/batch_send.json', fields } };
}

function multiSend(messages: OutgoingMessage[]): PlannedCall {
	if (messages.length === 1) return singleSend(messages[0]);
	// Each text is urlencoded on its own, so commas (and #&=%) inside a text cannot split the list.
	const encodedText = encodedTextList(messages.map((message) => message.text));
	const payload: YunpianPayload = { path: '/v2/sms/multi_send.json', fields: { mobile: mobilesOf(messages) }, encodedText };
	return { api: 'multi_send', messages, payload };
}

function mobilesOf(messages: OutgoingMessage[]): string {
	return messages.map((message) => yunpianMobile(message.phone)).join(',');
}
