/**
 * The transport Yunpian, Chuanglan and the Aliyun receipt queue share: one HTTP exchange with a vendor,
 * failures below HTTP classified by whether the request may have been processed, and reading a vendor's
 * JSON answer into its result or its error. (Aliyun SMS calls go through the official SDK instead.)
 */
import axios from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';

import { VendorError, type VendorErrorInfo } from './types';

/** Keep-alive agents: a 100k campaign makes hundreds of calls to one host. */
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

export interface VendorRequest {
	method: 'GET' | 'POST' | 'DELETE';
	url: string;
	/** Sent as application/x-www-form-urlencoded; a `PercentEncoded` value goes out as it is. */
	form?: Record<string, string | PercentEncoded>;
	/** Sent as application/json. */
	json?: unknown;
	/** Sent as it is, with the caller's own content-type header (e.g. MNS XML). */
	body?: string;
	headers?: Record<string, string>;
	timeoutMs: number;
	/** See RequestSettings.onAnswered: awaited before the answer is handed back to be read. */
	onAnswered?: () => Promise<void>;
}

export interface VendorResponse {
	status: number;
	headers: Record<string, string>;
	/** The raw body; parse it with `parseJsonBody` so that a malformed body becomes a clear error. */
	body: string;
}

/**
 * One HTTP exchange with a vendor. HTTP error statuses are returned, not thrown: each vendor reads its
 * own error envelope. Transport failures become a `VendorError` that never carries the request
 * (axios errors hold the body with the api key or password, so they must not escape).
 */
export async function vendorRequest(request: VendorRequest): Promise<VendorResponse> {
	const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
	let data: string | Buffer | undefined;
	if (request.form) {
		headers['content-type'] = 'application/x-www-form-urlencoded;charset=utf-8';
		data = formEncoded(request.form);
	} else if (request.json !== undefined) {
		headers['content-type'] = 'application/json;charset=utf-8';
		data = JSON.stringify(request.json);
	} else if (request.body !== undefined) {
		data = request.body;
	}
	try {
		const response = await axios.request<string>({
			method: request.method,
			url: request.url,
			data,
			headers,
			timeout: request.timeoutMs,
			responseType: 'text',
			transformResponse: (body: string) => body,
			validateStatus: () => true,
			maxRedirects: 0,
			httpAgent,
			httpsAgent,
		});
		await request.onAnswered?.();
		const responseHeaders: Record<string, string> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) {
			if (value !== undefined && value !== null) responseHeaders[name.toLowerCase()] = String(value);
		}
		return { status: response.status, headers: responseHeaders, body: response.data ?? '' };
	} catch (error) {
		throw transportError(error);
	}
}

/** A form value already percent-encoded, as ASCII bytes (see encodedTextList): the form carries it unchanged. */
export class PercentEncoded {
	constructor(readonly bytes: Buffer) {}
}

/**
 * The form as application/x-www-form-urlencoded, encoded natively: URLSearchParams encodes in
 * JavaScript, at about twice the cost. Both decode to the same fields (a space is `%20` instead of `+`,
 * and `!'()~` stay as they are). Text with a lone surrogate, which encodeURIComponent refuses, is left
 * to URLSearchParams, which sends it as U+FFFD. Built as bytes, so that a large encoded value (a
 * 1,000-text list) is never copied into a string.
 */
function formEncoded(form: Record<string, string | PercentEncoded>): Buffer {
	return Buffer.concat(
		Object.entries(form).flatMap(([name, value], index) => {
			const field = `${index > 0 ? '&' : ''}${encodeURIComponent(name)}=`;
			return value instanceof PercentEncoded ? [Buffer.from(field), value.bytes] : [Buffer.from(field + formValue(value))];
		}),
	);
}

function formValue(value: string): string {
	try {
		return encodeURIComponent(value);
	} catch {
		return new URLSearchParams({ value }).toString().slice('value='.length);
	}
}

/** Characters encodeURIComponent leaves as they are: A–Z a–z 0–9 - _ . ! ~ * ' ( ). */
const UNRESERVED = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") UNRESERVED[char.charCodeAt(0)] = 1;
const HEX_DIGITS = Buffer.from('0123456789ABCDEF');
const [PERCENT, DIGIT_2, DIGIT_5, LETTER_C] = Buffer.from('%25C');
const REPLACEMENT_CHARACTER = 0xfffd;

/**
 * A list of texts, each percent-encoded on its own and joined by commas, as a form value: exactly
 * `encodeURIComponent(texts.map(encodeURIComponent).join(','))` (a lone surrogate becomes U+FFFD
 * instead of an exception). Yunpian's multi_send wants its texts so (vendor-apis.md §2). Encoded in one
 * pass over the texts' characters, straight into bytes: for a 1,000-text call that is several times
 * faster than encoding twice, and it makes no strings at all (twice encoding makes a thousand, then two
 * copies of a ~300 KB body), which matters on a campaign's one thread and to its garbage collector.
 */
export function encodedTextList(texts: string[]): PercentEncoded {
	let units = 0;
	for (const text of texts) units += text.length;
	// A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair 4), each byte at most 5 (`%25XX`); a comma 3.
	const target = Buffer.allocUnsafe(units * 15 + 3 * texts.length);
	let written = 0;
	/** One UTF-8 byte of a character that is escaped: `%25` and its two hex digits. */
	const escape = (byte: number) => {
		target[written++] = PERCENT;
		target[written++] = DIGIT_2;
		target[written++] = DIGIT_5;
		target[written++] = HEX_DIGITS[byte >> 4];
		target[written++] = HEX_DIGITS[byte & 0x0f];
	};
	for (let index = 0; index < texts.length; index++) {
		if (index > 0) {
			target[written++] = PERCENT;
			target[written++] = DIGIT_2;
			target[written++] = LETTER_C;
		}
		const text = texts[index];
		for (let unit = 0; unit < text.length; unit++) {
			let code = text.charCodeAt(unit);
			if (code < 0x80) {
				if (UNRESERVED[code] === 1) target[written++] = code;
				else escape(code);
			} else if (code < 0x800) {
				escape(0xc0 | (code >> 6));
				escape(0x80 | (code & 0x3f));
			} else if (code >= 0xd800 && code <= 0xdfff) {
				const low = text.charCodeAt(unit + 1);
				if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
					const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
					unit++;
					escape(0xf0 | (point >> 18));
					escape(0x80 | ((point >> 12) & 0x3f));
					escape(0x80 | ((point >> 6) & 0x3f));
					escape(0x80 | (point & 0x3f));
					continue;
				}
				code = REPLACEMENT_CHARACTER;
				escape(0xe0 | (code >> 12));
				escape(0x80 | ((code >> 6) & 0x3f));
				escape(0x80 | (code & 0x3f));
			} else {
				escape(0xe0 | (code >> 12));
				escape(0x80 | ((code >> 6) & 0x3f));
				escape(0x80 | (code & 0x3f));
			}
		}
	}
	return new PercentEncoded(target.subarray(0, written));
}

/**
 * Classifies a failure below HTTP. A request that could not be connected (or not even be built, as with
 * a malformed Base URL) was certainly not sent; one that timed out or lost its connection after it was
 * written may have been processed by the vendor.
 */
export function transportError(error: unknown): VendorError {
	const code = String((error as { code?: unknown })?.code ?? '');
	return new VendorError(TRANSPORT_ERRORS[code] ?? CONNECTION_FAILED.send);
}

/** Whether a failure happened below HTTP: the vendor was never reached, or never answered. */
export function isTransportError(error: VendorError): boolean {
	return error.httpStatus === undefined && TRANSPORT_CODES.has(error.info.code);
}

/**
 * The failure of a read (balance, template, status, receipt pull). A read changes nothing at the vendor,
 * so one whose answer was lost is retryable, and its message must not claim, as a send's does, that the
 * vendor may have accepted it and it is not sent again.
 */
export function asReadFailure(failure: VendorError): VendorError {
	if (!failure.info.maybeSent) return failure;
	const info = READ_FAILURES[failure.info.code] ?? { ...failure.info, retryable: true, maybeSent: false };
	return new VendorError(info, { httpStatus: failure.httpStatus, retryAfterMs: failure.retryAfterMs });
}

const notConnected = (code: string, message: string): VendorErrorInfo => ({
	code,
	message,
	retryable: true,
	maybeSent: false,
});

/**
 * A failure after the request may have been written, worded for a send (the vendor may have processed it)
 * and for a read (asking again is safe).
 */
const answerLost = (code: string, cause: string): { send: VendorErrorInfo; read: VendorErrorInfo } => ({
	send: {
		code,
		message: `${cause} The vendor may still have accepted the request, so it is not sent again.`,
		retryable: false,
		maybeSent: true,
	},
	read: { code, message: `${cause} Nothing is changed by a read, so it can be retried.`, retryable: true, maybeSent: false },
});

const HOST_NOT_FOUND = notConnected(
	'HOST_NOT_FOUND',
	'The vendor host name could not be resolved; nothing was sent. Check the Base URL and DNS.',
);
/**
 * axios or Node refused to build the request from its URL (no http(s) scheme, no host, unparsable), so it
 * was never sent, and sending it again cannot help. baseUrlOf catches this first, naming the URL.
 */
const UNUSABLE_URL: VendorErrorInfo = {
	code: 'INVALID_BASE_URL',
	message:
		'The request could not be made because the Base URL is not an http:// or https:// address with a host name; nothing was sent. Check the Base URL in the credential.',
	retryable: false,
	maybeSent: false,
};
const TIMED_OUT = answerLost('TIMEOUT', 'The vendor did not answer in time.');
const CONNECTION_RESET = answerLost('CONNECTION_RESET', 'The vendor closed the connection before answering.');
/** Any other socket error: it may have struck after the request was written. */
const CONNECTION_FAILED = answerLost('NETWORK_ERROR', 'The connection to the vendor failed after the request was sent.');

/** Node's socket error codes, and the codes axios and Node give a request they refuse to make. */
const TRANSPORT_ERRORS: Record<string, VendorErrorInfo> = {
	ECONNREFUSED: notConnected('CONNECTION_REFUSED', 'The vendor host refused the connection; nothing was sent. Check the Base URL.'),
	ENOTFOUND: HOST_NOT_FOUND,
	EAI_AGAIN: HOST_NOT_FOUND,
	EHOSTUNREACH: notConnected('HOST_UNREACHABLE', 'The vendor host is unreachable; nothing was sent.'),
	ECONNABORTED: TIMED_OUT.send,
	ETIMEDOUT: TIMED_OUT.send,
	ECONNRESET: CONNECTION_RESET.send,
	EPIPE: CONNECTION_RESET.send,
	// `sms.yunpian.com` (no scheme), garbage: the URL does not parse.
	ERR_INVALID_URL: UNUSABLE_URL,
	// `ftp://…`, or `localhost:8080` read as scheme `localhost:`: axios answers "Unsupported protocol" with
	// ERR_BAD_REQUEST. Every HTTP status is returned as a response here (validateStatus), so axios uses
	// that code only for a request it refused to send.
	ERR_BAD_REQUEST: UNUSABLE_URL,
	// Node's `file:`, axios's unsupported `data:` URLs, and options axios will not use (such as user info in
	// the URL it cannot encode): all refused before anything is sent.
	ERR_INVALID_PROTOCOL: UNUSABLE_URL,
	ERR_NOT_SUPPORT: UNUSABLE_URL,
	ERR_BAD_OPTION_VALUE: UNUSABLE_URL,
	ERR_BAD_OPTION: UNUSABLE_URL,
};

/** The vendor was never reached or never answered. An unusable URL is a configuration error instead. */
const TRANSPORT_CODES = new Set(
	[...Object.values(TRANSPORT_ERRORS), CONNECTION_FAILED.send].filter((info) => info !== UNUSABLE_URL).map((info) => info.code),
);

const READ_FAILURES: Record<string, VendorErrorInfo> = Object.fromEntries(
	[TIMED_OUT, CONNECTION_RESET, CONNECTION_FAILED].map(({ read }) => [read.code, read]),
);

/**
 * Parses a vendor JSON body. A body that is not JSON means the vendor's answer was lost: for a send it
 * may have been processed, so the caller says whether that matters via `maybeSent`.
 */
export function parseJsonBody(response: VendorResponse, maybeSent: boolean): unknown {
	try {
		return JSON.parse(response.body);
	} catch {
		throw new VendorError(
			{
				code: 'MALFORMED_RESPONSE',
				message: `The vendor answered HTTP ${response.status} with a body that is not valid JSON${
					maybeSent ? '; it may have accepted the request, so it is not sent again' : ''
				}.`,
				retryable: false,
				maybeSent,
			},
			{ httpStatus: response.status },
		);
	}
}

/**
 * Parses a JSON body whose `idFields` may hold 64-bit integers (Yunpian sid). Such an id keeps every
 * digit only as a string, so when one is beyond 2^53 the body is parsed with those integers quoted.
 * Ids that fit a double are left as numbers: their digits are exact. A batch answer nearly always has
 * only those, and then its 100 KB body is not rewritten.
 */
function parseKeepingIds(response: VendorResponse, idFields: string[], maybeSent: boolean): unknown {
	if (idFields.length === 0 || !holdsUnsafeInteger(response.body, idFields)) return parseJsonBody(response, maybeSent);
	return parseJsonBody({ ...response, body: quoteIntegerFields(response.body, idFields) }, maybeSent);
}

const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);
const [DIGIT_0, DIGIT_9] = [48, 57];

/** Whether one of the named fields holds an integer beyond 2^53, read in the raw text (no copy of it). */
function holdsUnsafeInteger(body: string, fields: string[]): boolean {
	// Stops right before the digits of a field's value that has at least as many as the largest safe one.
	const longValue = new RegExp(`"(?:${fields.join('|')})"\\s*:\\s*-?(?=\\d{${MAX_SAFE_DIGITS.length}})`, 'g');
	while (longValue.test(body)) {
		const start = longValue.lastIndex;
		let end = start;
		while (end < body.length && body.charCodeAt(end) >= DIGIT_0 && body.charCodeAt(end) <= DIGIT_9) end++;
		if (end - start > MAX_SAFE_DIGITS.length) return true;
		for (let digit = 0; digit < MAX_SAFE_DIGITS.length; digit++) {
			const difference = body.charCodeAt(start + digit) - MAX_SAFE_DIGITS.charCodeAt(digit);
			if (difference !== 0) {
				if (difference > 0) return true;
				break;
			}
		}
	}
	return false;
}

/** Turns integer values of the named fields into JSON strings, which keep every digit. */
function quoteIntegerFields(body: string, fields: string[]): string {
	const pattern = new RegExp(`("(?:${fields.join('|')})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
	return body.replace(pattern, '$1"$2"');
}

export interface VendorJsonReading {
	/** Vendor name for messages. */
	vendor: string;
	/** Whether the vendor may have acted on the request when its answer is unreadable (sends). */
	maybeSent: boolean;
	/** Integer fields that may hold 64-bit ids: every digit is kept (a number when it fits a double, else a string). */
	idFields: string[];
	/** The vendor's error carried in a parsed body, or undefined when the body reports success. */
	errorOf(body: unknown, httpStatus: number): VendorError | undefined;
	/** A body that answers the request even under an HTTP error status (per-recipient batch results). */
	carriesResults?(body: unknown): boolean;
}

/**
 * One JSON exchange with a vendor: the request, then its answer read (readVendorJson). The failure of a
 * read (`reading.maybeSent` false) is worded as a read's, which asking again cannot harm (asReadFailure).
 */
export async function requestVendorJson(request: VendorRequest, reading: VendorJsonReading): Promise<unknown> {
	try {
		return readVendorJson(await vendorRequest(request), reading);
	} catch (error) {
		throw !reading.maybeSent && error instanceof VendorError ? asReadFailure(error) : error;
	}
}

/**
 * Parses a vendor's JSON answer and raises the error it carries. A 5xx without a vendor error is a
 * gateway failure before processing (retryable); any other unreadable body is MALFORMED_RESPONSE.
 */
export function readVendorJson(response: VendorResponse, reading: VendorJsonReading): unknown {
	let body: unknown;
	try {
		body = parseKeepingIds(response, reading.idFields, reading.maybeSent);
	} catch (error) {
		if (response.status >= 500) throw serverError(reading.vendor, response.status);
		throw error;
	}
	const vendorError = reading.errorOf(body, response.status);
	if (vendorError) throw vendorError;
	if (response.status >= 400 && reading.carriesResults?.(body)) return body;
	if (response.status >= 500) throw serverError(reading.vendor, response.status);
	if (response.status >= 400) {
		throw new VendorError(
			{
				code: `HTTP_${response.status}`,
				message: `${reading.vendor} answered HTTP ${response.status} without an error code. Check the Base URL.`,
				retryable: false,
				maybeSent: false,
			},
			{ httpStatus: response.status },
		);
	}
	return body;
}

/** HTTP 5xx without a vendor answer: the gateway failed before processing, so a later retry is safe. */
function serverError(vendor: string, httpStatus: number): VendorError {
	return new VendorError(
		{
			code: `HTTP_${httpStatus}`,
			message: `${vendor} answered HTTP ${httpStatus} (server error) before processing the request; it can be retried later.`,
			retryable: true,
			maybeSent: false,
		},
		{ httpStatus },
	);
}
