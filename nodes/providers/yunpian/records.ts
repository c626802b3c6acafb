/**
 * Reading Yunpian's answers: send results mapped back to recipients, get_record rows and pull_status
 * receipts in the vendor-neutral shapes. Numbers come back without `+86`, sids as strings.
 */
import { chinaTimeToIso } from '../shared/chinaTime';
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type { DeliveryStatus, MessageResult, OutgoingMessage, Receipt, StatusRecord, VendorError } from '../types';
import { yunpianMobile } from './plan';

type EntryError = (code: string, entry: JsonObject) => VendorError;

/**
 * One result per message. A batch answer lists `data[]` per mobile in Yunpian's normalised form, so
 * entries are matched by E.164 number, first come first served when a number appears twice.
 */
export function sendResults(body: unknown, messages: OutgoingMessage[], errorOf: EntryError): MessageResult[] {
	const answer = asObject(body);
	if (!Array.isArray(answer.data)) {
		const singleAnswer = messages.length === 1 && answer.sid !== undefined;
		return singleAnswer ? [entryResult(messages[0], answer, errorOf)] : messages.map(missingResult);
	}
	return resultsInRequestOrder(answer.data, messages, errorOf) ?? resultsByNumber(answer.data, messages, errorOf);
}

/**
 * The results when `data[]` answers the messages one for one, in the order they were sent, each with
 * the mobile as sent: as Yunpian answers. Undefined otherwise, and the entries are matched by number.
 */
function resultsInRequestOrder(data: unknown[], messages: OutgoingMessage[], errorOf: EntryError): MessageResult[] | undefined {
	if (data.length !== messages.length) return undefined;
	const results: MessageResult[] = [];
	for (let index = 0; index < messages.length; index++) {
		const entry = asObject(data[index]);
		if (entry.mobile !== yunpianMobile(messages[index].phone)) return undefined;
		results.push(entryResult(messages[index], entry, errorOf));
	}
	return results;
}

function resultsByNumber(data: unknown[], messages: OutgoingMessage[], errorOf: EntryError): MessageResult[] {
	// A number's first message, and its later ones (rare: dedupe is on by default) in order.
	const waiting = new Map<string, OutgoingMessage>();
	const repeats: OutgoingMessage[] = [];
	for (const message of messages) {
		if (waiting.has(message.phone.e164)) repeats.push(message);
		else waiting.set(message.phone.e164, message);
	}
	const results: MessageResult[] = [];
	for (const item of data) {
		const entry = asObject(item);
		const e164 = mobileToE164(entry.mobile);
		let message = waiting.get(e164);
		if (message) waiting.delete(e164);
		else {
			const repeat = repeats.findIndex((candidate) => candidate.phone.e164 === e164);
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

const REPORT_STATUS: Record<string, DeliveryStatus> = { SUCCESS: 'delivered', FAIL: 'failed' };

export function reportStatus(value: unknown): DeliveryStatus {
	return REPORT_STATUS[textOf(value)] ?? 'pending';
}

/** Carrier failure text: Yunpian's explanation when it gives one, else plain English with the code. */
function failureMessage(errorCode: string, errorDetail: string): string {
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

/**
 * A pull_status receipt, or a finished get_record row for the non-destructive preview. Neither carries
 * billed parts, so `parts` is 0 (unknown).
 */
export function receipt(row: JsonObject): Receipt {
	const failed = reportStatus(row.report_status) === 'failed';
	const errorCode = failed ? textOf(row.error_msg) : '';
	return {
		provider: 'yunpian',
		phone: mobileToE164(row.mobile),
		status: failed ? 'failed' : 'delivered',
		vendorStatus: textOf(row.report_status),
		errorCode,
		errorMessage: failed ? failureMessage(errorCode, textOf(row.error_detail)) : '',
		messageId: textOf(row.sid),
		outId: textOf(row.uid),
		sentAt: chinaTimeToIso(row.send_time),
		reportedAt: chinaTimeToIso(row.user_receive_time),
		parts: 0,
	};
}
