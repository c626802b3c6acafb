/**
 * The few MNS queue operations the receipt and reply pulls need, over MNS's own HTTP API (protocol notes
 * and sources at the top of queue.ts). Requests go through the shared transport; answers are XML.
 */
import { createHmac } from 'node:crypto';

import * as $dara from '@darabonba/typescript';

import { vendorRequest, type VendorResponse } from '../transport/request';
import { redact } from '../shared/errorTable';
import { asObject, textOf } from '../shared/fields';
import { VendorError } from '../types';

const MNS_VERSION = '2015-06-06';
const CONTENT_TYPE = 'text/xml';
/** BatchReceiveMessage / BatchPeekMessage return at most 16 messages. */
export const MNS_BATCH_MAX = 16;

export interface QueueCredentials {
	accessKeyId: string;
	accessKeySecret: string;
	securityToken: string;
}

export interface QueueMessage {
	messageId: string;
	/** Only for received (not peeked) messages: the handle that deletes this receipt of the message. */
	receiptHandle: string;
	body: string;
}

/**
 * An MNS error answer. `auth` marks the answers a fresh queue token can cure (expired or refused
 * temporary credentials).
 */
export class MnsError extends VendorError {
	constructor(
		readonly mnsCode: string,
		readonly auth: boolean,
		message: string,
		options: { retryable: boolean; httpStatus: number },
	) {
		super(
			{ code: mnsCode, message, retryable: options.retryable, maybeSent: false },
			{ httpStatus: options.httpStatus },
		);
	}
}

/** Authorization = `MNS AccessKeyId:base64(hmac-sha1(secret, VERB\nContent-MD5\nContent-Type\nDate\nx-mns-headers + resource))`. */
export function signMnsRequest(
	method: string,
	resource: string,
	headers: Record<string, string>,
	credentials: Pick<QueueCredentials, 'accessKeyId' | 'accessKeySecret'>,
): string {
	const mnsHeaders = Object.keys(headers)
		.map((name) => name.toLowerCase())
		.filter((name) => name.startsWith('x-mns-'))
		.sort()
		.map((name) => `${name}:${headerValue(headers, name).trim()}\n`)
		.join('');
	const stringToSign = [
		method,
		headerValue(headers, 'content-md5'),
		headerValue(headers, 'content-type'),
		headerValue(headers, 'date'),
		`${mnsHeaders}${resource}`,
	].join('\n');
	const signature = createHmac('sha1', credentials.accessKeySecret).update(stringToSign, 'utf8').digest('base64');
	return `MNS ${credentials.accessKeyId}:${signature}`;
}

function headerValue(headers: Record<string, string>, name: string): string {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? '' : headers[key];
}

export class MnsQueue {
	private readonly origin: string;

	constructor(
		baseUrl: string,
		private readonly queueName: string,
		private readonly credentials: QueueCredentials,
		private readonly timeoutMs: number,
	) {
		this.origin = new URL(baseUrl).origin;
	}

	/** BatchReceiveMessage without long polling; [] when the queue is empty. */
	async receive(count: number): Promise<QueueMessage[]> {
		return await this.readMessages(`numOfMessages=${count}&waitseconds=0`);
	}

	/** BatchPeekMessage: looks without receiving, so nothing becomes invisible or deletable. */
	async peek(count: number): Promise<QueueMessage[]> {
		return await this.readMessages(`peekonly=true&numOfMessages=${count}`);
	}

	/**
	 * BatchDeleteMessage for up to 16 received messages. A 404 `<Errors>` answer lists handles whose
	 * message is already gone (deleted by an earlier acknowledgement, or visible again and received by
	 * someone else); nothing more can be done for those, so they are not an error.
	 */
	async deleteBatch(receiptHandles: string[]): Promise<void> {
		const body =
			'<?xml version="1.0" encoding="UTF-8"?><ReceiptHandles xmlns="http://mns.aliyuncs.com/doc/v1/">' +
			receiptHandles.map((handle) => `<ReceiptHandle>${escapeXml(handle)}</ReceiptHandle>`).join('') +
			'</ReceiptHandles>';
		const response = await this.request('DELETE', '', body);
		if (response.status === 204 || response.status === 200) return;
		if (response.status === 404 && /<Errors[\s>]/.test(response.body)) return;
		throw this.errorOf(response);
	}

	private async readMessages(query: string): Promise<QueueMessage[]> {
		const response = await this.request('GET', `?${query}`);
		if (response.status !== 200) {
			const error = this.errorOf(response);
			if (error.mnsCode === 'MessageNotExist') return [];
			throw error;
		}
		const messages = asObject(parseXml(response).Messages).Message;
		const list = messages === undefined ? [] : Array.isArray(messages) ? messages : [messages];
		return list.map((message) => {
			const fields = asObject(message);
			return {
				messageId: textOf(fields.MessageId),
				receiptHandle: textOf(fields.ReceiptHandle),
				body: textOf(fields.MessageBody),
			};
		});
	}

	private async request(method: 'GET' | 'DELETE', query: string, body?: string): Promise<VendorResponse> {
		const resource = `/queues/${encodeURIComponent(this.queueName)}/messages${query}`;
		const headers: Record<string, string> = {
			accept: CONTENT_TYPE,
			'content-type': CONTENT_TYPE,
			date: new Date().toUTCString(),
			'x-mns-version': MNS_VERSION,
			'x-mns-security-token': this.credentials.securityToken,
		};
		headers.authorization = signMnsRequest(method, resource, headers, this.credentials);
		return await vendorRequest({ method, url: `${this.origin}${resource}`, headers, body, timeoutMs: this.timeoutMs });
	}

	private errorOf(response: VendorResponse): MnsError {
		let code = `HTTP_${response.status}`;
		let vendorText = '';
		try {
			const error = asObject(parseXml(response).Error);
			code = textOf(error.Code) || code;
			vendorText = redact(textOf(error.Message), [this.credentials.accessKeySecret, this.credentials.securityToken]);
		} catch (parseFailure) {
			if (!(parseFailure instanceof VendorError)) throw parseFailure;
		}
		return mnsError(code, vendorText, response.status, this.queueName);
	}
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function parseXml(response: VendorResponse): Record<string, unknown> {
	try {
		return asObject($dara.XML.parseXml(response.body, null));
	} catch {
		throw new VendorError(
			{
				code: 'MALFORMED_RESPONSE',
				message: `The Aliyun message queue answered HTTP ${response.status} with a body that is not valid XML.`,
				retryable: true,
				maybeSent: false,
			},
			{ httpStatus: response.status },
		);
	}
}

function mnsError(code: string, vendorText: string, httpStatus: number, queueName: string): MnsError {
	const said = vendorText ? ` (Aliyun said: ${vendorText})` : '';
	if (code === 'QueueNotExist') {
		return new MnsError(
			code,
			false,
			`The queue "${queueName}" does not exist. Copy the queue name (Alicom-Queue-<accountId>-SmsReport for receipts, Alicom-Queue-<accountId>-SmsUp for replies) from the SMS console, where delivery by message queue must be enabled.${said}`,
			{ retryable: false, httpStatus },
		);
	}
	if (httpStatus === 401 || httpStatus === 403) {
		return new MnsError(
			code,
			true,
			`Aliyun refused access to the queue "${queueName}": check that the queue belongs to this AccessKey's account and that the AccessKey may read SMS receipts and replies.${said}`,
			{ retryable: false, httpStatus },
		);
	}
	if (httpStatus >= 500 || code === 'QpsLimitExceeded') {
		return new MnsError(
			code,
			false,
			`The Aliyun message queue is temporarily unavailable or busy; try again later.${said}`,
			{
				retryable: true,
				httpStatus,
			},
		);
	}
	return new MnsError(code, false, `The Aliyun message queue answered HTTP ${httpStatus} with error ${code}.${said}`, {
		retryable: false,
		httpStatus,
	});
}
