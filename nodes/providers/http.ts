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
	/** Sent as application/x-www-form-urlencoded (values already strings). */
	form?: Record<string, string>;
	/** Sent as application/json. */
	json?: unknown;
	/** Sent as it is, with the caller's own content-type header (e.g. MNS XML). */
	body?: string;
	headers?: Record<string, string>;
	timeoutMs: number;
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
	let data: string | undefined;
	if (request.form) {
		headers['content-type'] = 'application/x-www-form-urlencoded;charset=utf-8';
		data = new URLSearchParams(request.form).toString();
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
		const responseHeaders: Record<string, string> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) {
			if (value !== undefined && value !== null) responseHeaders[name.toLowerCase()] = String(value);
		}
		return { status: response.status, headers: responseHeaders, body: response.data ?? '' };
	} catch (error) {
		throw transportError(error);
	}
}

/**
 * Classifies a failure below HTTP. A request that could not be connected was certainly not sent; one
 * that timed out or lost its connection after it was written may have been processed by the vendor.
 */
export function transportError(error: unknown): VendorError {
	const code = String((error as { code?: unknown })?.code ?? '');
	return new VendorError(TRANSPORT_ERRORS[code] ?? CONNECTION_FAILED);
}

/** Whether a failure happened below HTTP: the vendor was never reached, or never answered. */
export function isTransportError(error: VendorError): boolean {
	return error.httpStatus === undefined && TRANSPORT_CODES.has(error.info.code);
}

const notConnected = (code: string, message: string): VendorErrorInfo => ({
	code,
	message,
	retryable: true,
	maybeSent: false,
});

const maybeSent = (code: string, message: string): VendorErrorInfo => ({
	code,
	message,
	retryable: false,
	maybeSent: true,
});

const HOST_NOT_FOUND = notConnected(
	'HOST_NOT_FOUND',
	'The vendor host name could not be resolved; nothing was sent. Check the Base URL and DNS.',
);
const TIMED_OUT = maybeSent(
	'TIMEOUT',
	'The vendor did not answer in time. It may still have accepted the request, so it is not sent again.',
);
const CONNECTION_RESET = maybeSent(
	'CONNECTION_RESET',
	'The vendor closed the connection before answering. It may have accepted the request, so it is not sent again.',
);
/** Any other socket error: it may have struck after the request was written. */
const CONNECTION_FAILED = maybeSent(
	'NETWORK_ERROR',
	'The connection to the vendor failed after the request was sent; the vendor may have processed it.',
);

/** Node's socket error codes. */
const TRANSPORT_ERRORS: Record<string, VendorErrorInfo> = {
	ECONNREFUSED: notConnected('CONNECTION_REFUSED', 'The vendor host refused the connection; nothing was sent. Check the Base URL.'),
	ENOTFOUND: HOST_NOT_FOUND,
	EAI_AGAIN: HOST_NOT_FOUND,
	EHOSTUNREACH: notConnected('HOST_UNREACHABLE', 'The vendor host is unreachable; nothing was sent.'),
	ECONNABORTED: TIMED_OUT,
	ETIMEDOUT: TIMED_OUT,
	ECONNRESET: CONNECTION_RESET,
	EPIPE: CONNECTION_RESET,
};

const TRANSPORT_CODES = new Set([...Object.values(TRANSPORT_ERRORS), CONNECTION_FAILED].map((info) => info.code));

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
 * Turns integer values of the named fields into JSON strings before parsing, so that 64-bit ids
 * (Yunpian sid) keep every digit instead of being rounded to a double.
 */
function quoteIntegerFields(body: string, fields: string[]): string {
	const pattern = new RegExp(`("(?:${fields.join('|')})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
	return body.replace(pattern, '$1"$2"');
}

export interface VendorJsonReading {
	/** Vendor name for messages. */
	vendor: string;
	/** Whether the vendor may have acted on the request when its answer is unreadable (sends). */
	maybeSent: boolean;
	/** Integer fields to keep as strings (64-bit ids). */
	idFields: string[];
	/** The vendor's error carried in a parsed body, or undefined when the body reports success. */
	errorOf(body: unknown, httpStatus: number): VendorError | undefined;
	/** A body that answers the request even under an HTTP error status (per-recipient batch results). */
	carriesResults?(body: unknown): boolean;
}

/**
 * Parses a vendor's JSON answer and raises the error it carries. A 5xx without a vendor error is a
 * gateway failure before processing (retryable); any other unreadable body is MALFORMED_RESPONSE.
 */
export function readVendorJson(response: VendorResponse, reading: VendorJsonReading): unknown {
	const quoted = { ...response, body: quoteIntegerFields(response.body, reading.idFields) };
	let body: unknown;
	try {
		body = parseJsonBody(quoted, reading.maybeSent);
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
