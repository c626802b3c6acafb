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
	const info = TRANSPORT_ERRORS[code] ?? {
		code: 'NETWORK_ERROR',
		message: 'The connection to the vendor failed after the request was sent; the vendor may have processed it.',
		retryable: false,
		maybeSent: true,
	};
	return new VendorError(info);
}

const notConnected = (code: string, message: string): VendorErrorInfo => ({
	code,
	message,
	retryable: true,
	maybeSent: false,
});

const TRANSPORT_ERRORS: Record<string, VendorErrorInfo> = {
	ECONNREFUSED: notConnected('CONNECTION_REFUSED', 'The vendor host refused the connection; nothing was sent. Check the Base URL.'),
	ENOTFOUND: notConnected('HOST_NOT_FOUND', 'The vendor host name could not be resolved; nothing was sent. Check the Base URL and DNS.'),
	EAI_AGAIN: notConnected('HOST_NOT_FOUND', 'The vendor host name could not be resolved; nothing was sent. Check the Base URL and DNS.'),
	EHOSTUNREACH: notConnected('HOST_UNREACHABLE', 'The vendor host is unreachable; nothing was sent.'),
	ECONNABORTED: {
		code: 'TIMEOUT',
		message: 'The vendor did not answer in time. It may still have accepted the request, so it is not sent again.',
		retryable: false,
		maybeSent: true,
	},
	ETIMEDOUT: {
		code: 'TIMEOUT',
		message: 'The vendor did not answer in time. It may still have accepted the request, so it is not sent again.',
		retryable: false,
		maybeSent: true,
	},
	ECONNRESET: {
		code: 'CONNECTION_RESET',
		message: 'The vendor closed the connection before answering. It may have accepted the request, so it is not sent again.',
		retryable: false,
		maybeSent: true,
	},
	EPIPE: {
		code: 'CONNECTION_RESET',
		message: 'The vendor closed the connection before answering. It may have accepted the request, so it is not sent again.',
		retryable: false,
		maybeSent: true,
	},
};

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
