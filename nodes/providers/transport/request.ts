/**
 * One HTTP exchange with a vendor, shared by Yunpian, Chuanglan and the Aliyun receipt queue (Aliyun SMS
 * calls go through the official SDK instead).
 */
import axios from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';

import { transportError } from './failures';

/** Keep-alive agents: a 100k campaign makes hundreds of calls to one host. */
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

export interface VendorRequest {
	method: 'GET' | 'POST' | 'DELETE';
	url: string;
	/** Sent as application/x-www-form-urlencoded. */
	form?: Record<string, string>;
	/** Sent as application/json. */
	json?: unknown;
	/** Sent as it is, with the caller's own content-type header (MNS XML, a form encoded by the vendor module). */
	body?: string | Buffer;
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
		headers['content-type'] = FORM_CONTENT_TYPE;
		data = formBody(request.form);
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

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded;charset=utf-8';

/**
 * The form as application/x-www-form-urlencoded bytes, encoded natively: URLSearchParams encodes in
 * JavaScript, at about twice the cost. Both decode to the same fields (a space is `%20` instead of `+`,
 * and `!'()~` stay as they are). Text with a lone surrogate, which encodeURIComponent refuses, is left to
 * URLSearchParams, which sends it as U+FFFD.
 */
export function formBody(form: Record<string, string>): Buffer {
	return Buffer.from(
		Object.entries(form)
			.map(([name, value]) => `${encodeURIComponent(name)}=${formValue(value)}`)
			.join('&'),
	);
}

function formValue(value: string): string {
	try {
		return encodeURIComponent(value);
	} catch {
		return new URLSearchParams({ value }).toString().slice('value='.length);
	}
}
