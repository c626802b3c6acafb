/**
 * How Yunpian sends: always by full text (the 【signature】 included), matched against approved
 * templates. batch_send carries one text for ≤1000 mainland numbers, multi_send one text per number;
 * international numbers only go through single_send, one call each, in `+E.164`.
 */
import { chunk, groupByText, sharedOutId } from '../shared/calls';
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type {
	MessageResult,
	OutgoingMessage,
	PhoneNumber,
	PlannedCall,
	RequestSettings,
	SendMode,
	VendorError,
} from '../types';
import type { YunpianClient } from './client';
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
	return chunk(messages, YUNPIAN_MAX_MOBILES).map((part) =>
		part.length === 1 ? singleSend(part[0]) : batchSend(part),
	);
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
	const payload: YunpianPayload = {
		path: '/v2/sms/multi_send.json',
		fields: { mobile: mobilesOf(messages) },
		encodedText,
	};
	return { api: 'multi_send', messages, payload };
}

function mobilesOf(messages: OutgoingMessage[]): string {
	return messages.map((message) => yunpianMobile(message.phone)).join(',');
}

/** Makes a planned call and reads one result per message from Yunpian's answer. */
export async function sendYunpianCall(
	client: YunpianClient,
	call: PlannedCall,
	settings: RequestSettings,
): Promise<MessageResult[]> {
	const body = await client.send(call.payload as YunpianPayload, settings);
	return sendResults(body, call.messages, (code, entry) => client.error(code, entry));
}

type EntryError = (code: string, entry: JsonObject) => VendorError;

/**
 * One result per message. A batch answer lists `data[]` per mobile in Yunpian's normalised form, so
 * entries are matched by E.164 number, first come first served when a number appears twice.
 */
function sendResults(body: unknown, messages: OutgoingMessage[], errorOf: EntryError): MessageResult[] {
	const answer = asObject(body);
	if (!Array.isArray(answer.data)) {
		const singleAnswer = messages.length === 1 && answer.sid !== undefined;
		return singleAnswer ? [entryResult(messages[0], answer, errorOf)] : messages.map(missingResult);
	}
	return resultsByNumber(answer.data, messages, errorOf);
}

function resultsByNumber(data: unknown[], messages: OutgoingMessage[], errorOf: EntryError): MessageResult[] {
	// A number's first message, and its later ones (rare: dedupe is on by default) in order.
	// Both sides read the same way, so that Yunpian's normalised form of a number finds the number sent.
	const numberOf = (message: OutgoingMessage) => mobileToE164(yunpianMobile(message.phone));
	const waiting = new Map<string, OutgoingMessage>();
	const repeats: OutgoingMessage[] = [];
	for (const message of messages) {
		if (waiting.has(numberOf(message))) repeats.push(message);
		else waiting.set(numberOf(message), message);
	}
	const results: MessageResult[] = [];
	for (const item of data) {
		const entry = asObject(item);
		const e164 = mobileToE164(entry.mobile);
		let message = waiting.get(e164);
		if (message) waiting.delete(e164);
		else {
			const repeat = repeats.findIndex((candidate) => numberOf(candidate) === e164);
			if (repeat !== -1) message = repeats.splice(repeat, 1)[0];
		}
		if (message) results.push(entryResult(message, entry, errorOf));
	}
	// Nearly always every number was answered.
	if (waiting.size === 0 && repeats.length === 0) return results;
	return [...results, ...[...waiting.values(), ...repeats].map(missingResult)];
}

function entryResult(message: OutgoingMessage, entry: JsonObject, errorOf: EntryError): MessageResult {
	const code = textOf(entry.code) || '0';
	if (code !== '0') return { key: message.key, status: 'rejected', error: errorOf(code, entry).info };
	const parts = Number(entry.count);
	return { key: message.key, status: 'accepted', messageId: textOf(entry.sid), parts: parts > 0 ? parts : undefined };
}

/** Yunpian answered the call but said nothing about this number: it may have been sent. */
function missingResult(message: OutgoingMessage): MessageResult {
	return {
		key: message.key,
		status: 'rejected',
		error: {
			code: 'MISSING_RESULT',
			message: "Yunpian's answer did not mention this number; it may have been sent, so it is not sent again.",
			retryable: false,
			maybeSent: true,
		},
	};
}
