/**
 * The account's Alicom queues (SmsReport receipts, SmsUp replies) over MNS's HTTP API (2015-06-06; sources in
 * nodes/providers/aliyun/queue.ts): requests signed `MNS <AccessKeyId>:<Signature>` with the temporary
 * token from QueryTokenForMnsQueue, BatchReceiveMessage / ReceiveMessage with receipt handles and a
 * visibility timeout, BatchPeekMessage / PeekMessage, DeleteMessage / BatchDeleteMessage, XML answers.
 *
 * Where the documents are silent: an expired or wrong security token answers 403 AccessDenied; a stale
 * receipt handle (its message was received again since) 400 ReceiptHandleError and a handle of a deleted
 * message 404 MessageNotExist; BatchDeleteMessage with failures answers 404 and lists them; the throttle
 * reply is 429 QpsLimitExceeded (code from the MNS SDK error table, status assumed).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { ALIYUN_ACCOUNT } from '../accounts';
import type { ParsedRequest, SandboxState, VendorReply, VendorSimulator } from '../plugin';
import { formatChinaTime, readCount } from '../shared';

const MNS_VERSION = '2015-06-06';
const XMLNS = 'http://mns.aliyuncs.com/doc/v1/';
const HOST_ID = 'http://1943695596114318.mns.cn-hangzhou.aliyuncs.com';
const REQUEST_WINDOW_MS = 15 * 60 * 1000;
const MAX_BATCH = 16;
const MAX_WAIT_SECONDS = 30;
const WAIT_POLL_MS = 50;
const XML_HEADERS = { 'content-type': 'text/xml;charset=utf-8', 'x-mns-version': MNS_VERSION };
const QUEUE_PATH = /^\/queues\/([^/]+)\/messages$/;

/** A temporary credential handed out by the Dybaseapi simulator. */
export interface QueueToken {
	accessKeyId: string;
	accessKeySecret: string;
	securityToken: string;
	queueName: string;
	expiresAt: number;
}

/** Tokens issued by QueryTokenForMnsQueue, looked up by their temporary AccessKeyId. */
export class QueueTokens {
	private readonly tokens = new Map<string, QueueToken>();

	issue(queueName: string, ttlSeconds: number): QueueToken {
		const token: QueueToken = {
			accessKeyId: `STS.${randomBytes(12).toString('hex')}`,
			accessKeySecret: randomBytes(20).toString('base64'),
			securityToken: randomBytes(96).toString('base64'),
			queueName,
			expiresAt: Date.now() + ttlSeconds * 1000,
		};
		this.tokens.set(token.accessKeyId, token);
		return token;
	}

	find(accessKeyId: string): QueueToken | undefined {
		return this.tokens.get(accessKeyId);
	}
}

interface QueuedMessage {
	id: string;
	/** Base64 of the message's JSON (SmsReport, SmsUp), as Alicom writes it. */
	body: string;
	enqueuedAt: number;
	visibleAt: number;
	dequeueCount: number;
	firstDequeuedAt?: number;
	/** The handle of the latest receive; earlier handles of this message are stale. */
	handle?: string;
}

/**
 * One Alicom queue (SmsReport or SmsUp): receive hides a message for the visibility timeout; only delete
 * removes it. Kept so that a 100k-message backlog costs each request only the messages it returns.
 */
export class MessageQueue {
	/** Never received, in the order they were queued. */
	private fresh = new Map<string, QueuedMessage>();
	/** Received at least once, in the order of their latest receive: so also of when they reappear. */
	private received = new Map<string, QueuedMessage>();
	/** Every handle ever given out, so a handle of a deleted message can be told from a made-up one. */
	private readonly handles = new Map<string, QueuedMessage>();
	private sequence = 0;

	constructor(private readonly visibilityTimeoutMs: number) {}

	enqueue(message: Record<string, unknown>): void {
		this.sequence += 1;
		const now = Date.now();
		const id = createHash('md5').update(`message-${this.sequence}-${now}`).digest('hex').toUpperCase();
		this.fresh.set(id, {
			id,
			body: Buffer.from(JSON.stringify(message), 'utf8').toString('base64'),
			enqueuedAt: now,
			visibleAt: now,
			dequeueCount: 0,
		});
	}

	receive(count: number): QueuedMessage[] {
		const now = Date.now();
		return this.visible(count).map((message) => {
			this.sequence += 1;
			message.handle = `1-${Buffer.from(`${message.id}-${this.sequence}-${now}`).toString('base64')}`;
			message.visibleAt = now + this.visibilityTimeoutMs;
			message.dequeueCount += 1;
			message.firstDequeuedAt ??= now;
			this.handles.set(message.handle, message);
			this.fresh.delete(message.id);
			this.received.delete(message.id);
			this.received.set(message.id, message);
			return message;
		});
	}

	peek(count: number): QueuedMessage[] {
		return this.visible(count);
	}

	delete(handle: string): 'deleted' | 'MessageNotExist' | 'ReceiptHandleError' {
		const message = this.handles.get(handle);
		if (!message || message.handle !== handle) return 'ReceiptHandleError';
		if (!this.received.delete(message.id)) return 'MessageNotExist';
		return 'deleted';
	}

	get size(): number {
		return this.fresh.size + this.received.size;
	}

	clear(): void {
		this.fresh.clear();
		this.received.clear();
		this.handles.clear();
	}

	/** Reappeared messages first (the oldest), then never received ones. */
	private visible(count: number): QueuedMessage[] {
		const now = Date.now();
		const found: QueuedMessage[] = [];
		for (const message of this.received.values()) {
			// Received in order with one timeout: the first still hidden means all after it are too.
			if (found.length === count || message.visibleAt > now) break;
			found.push(message);
		}
		for (const message of this.fresh.values()) {
			if (found.length === count) break;
			found.push(message);
		}
		return found;
	}
}

class MnsFault extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const element = (name: string, value: string | number): string => `<${name}>${escapeXml(String(value))}</${name}>`;

function xmlReply(status: number, root: string, inner: string): VendorReply {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${XMLNS}">${inner}</${root}>`;
	return { status, headers: XML_HEADERS, body };
}

/** The fields of one message; a receive also carries its handle and when it reappears. */
function messageFields(message: QueuedMessage, received: boolean): string {
	const fields: Array<[string, string | number]> = [
		['MessageId', message.id],
		...(received ? ([['ReceiptHandle', message.handle ?? '']] as Array<[string, string]>) : []),
		['MessageBodyMD5', createHash('md5').update(message.body).digest('hex').toUpperCase()],
		['MessageBody', message.body],
		['EnqueueTime', message.enqueuedAt],
		...(received ? ([['NextVisibleTime', message.visibleAt]] as Array<[string, number]>) : []),
		['FirstDequeueTime', message.firstDequeuedAt ?? message.enqueuedAt],
		['DequeueCount', message.dequeueCount],
		['Priority', 8],
	];
	return fields.map(([name, value]) => element(name, value)).join('');
}

/** Batch operations answer <Messages><Message>…</Message>…</Messages>; single ones a <Message> root. */
function messagesReply(messages: QueuedMessage[], received: boolean, batch: boolean): VendorReply {
	if (!batch) return xmlReply(200, 'Message', messageFields(messages[0], received));
	return xmlReply(
		200,
		'Messages',
		messages.map((message) => `<Message>${messageFields(message, received)}</Message>`).join(''),
	);
}

function header(request: ParsedRequest, name: string): string {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(',') : String(value ?? '');
}

/** Checks the MNS signature and the temporary token; returns the queue asked for. */
function authenticate(request: ParsedRequest, tokens: QueueTokens, queues: Map<string, MessageQueue>): MessageQueue {
	const authorization = header(request, 'authorization');
	if (authorization === '') throw new MnsFault(400, 'MissingAuthorizationHeader', 'Authorization header is required.');
	const parsed = /^MNS ([^:]+):(.+)$/.exec(authorization);
	if (!parsed) throw new MnsFault(400, 'InvalidAuthorizationHeader', 'The Authorization header format is invalid.');
	const date = header(request, 'date');
	if (date === '') throw new MnsFault(400, 'MissingDateHeader', 'Date header is required.');
	const sentAt = Date.parse(date);
	if (Number.isNaN(sentAt)) throw new MnsFault(400, 'InvalidDateHeader', 'The Date header format is invalid.');
	if (header(request, 'x-mns-version') === '')
		throw new MnsFault(400, 'MissingVersionHeader', 'x-mns-version header is required.');
	if (Math.abs(Date.now() - sentAt) > REQUEST_WINDOW_MS)
		throw new MnsFault(400, 'TimeExpired', 'The http request you sent is expired.');
	const contentMd5 = header(request, 'content-md5');
	if (contentMd5 !== '') {
		// The SDKs send base64 of the hex digest, RFC 1864 says base64 of the raw digest: both are accepted.
		const digest = createHash('md5').update(request.body);
		const hex = digest.copy().digest('hex');
		const accepted = [Buffer.from(hex).toString('base64'), Buffer.from(hex, 'hex').toString('base64')];
		if (!accepted.includes(contentMd5))
			throw new MnsFault(400, 'InvalidDegist', 'The Content-MD5 you specified is invalid.');
	}
	const token = tokens.find(parsed[1]);
	if (!token) throw new MnsFault(403, 'InvalidAccessKeyId', 'The AccessKey Id you provided is not exist.');
	const mnsHeaders = Object.keys(request.headers)
		.filter((name) => name.startsWith('x-mns-'))
		.sort()
		.map((name) => `${name}:${header(request, name).trim()}\n`)
		.join('');
	const resource = request.rawQuery === '' ? request.path : `${request.path}?${request.rawQuery}`;
	const stringToSign = `${request.method}\n${contentMd5}\n${header(request, 'content-type')}\n${date}\n${mnsHeaders}${resource}`;
	const expected = Buffer.from(createHmac('sha1', token.accessKeySecret).update(stringToSign).digest('base64'));
	const given = Buffer.from(parsed[2]);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
		throw new MnsFault(
			403,
			'SignatureDoesNotMatch',
			'The request signature we calculated does not match the signature you provided.',
		);
	}
	if (header(request, 'x-mns-security-token') !== token.securityToken) {
		throw new MnsFault(403, 'AccessDenied', 'The SecurityToken you provided is invalid.');
	}
	if (Date.now() >= token.expiresAt)
		throw new MnsFault(403, 'AccessDenied', 'The SecurityToken you provided has expired.');
	const queueName = decodeURIComponent(QUEUE_PATH.exec(request.path)?.[1] ?? '');
	const queue = queues.get(queueName);
	if (!queue) throw new MnsFault(404, 'QueueNotExist', 'The queue name you provided is not exist.');
	if (token.queueName !== queueName) {
		throw new MnsFault(
			403,
			'AccessDenied',
			'The OwnerId that your Access Key Id associated to is forbidden for this operation.',
		);
	}
	return queue;
}

function apiOf(request: ParsedRequest): string {
	if (!QUEUE_PATH.test(request.path)) return 'unknown';
	const batch = request.query.has('numOfMessages');
	if (request.method === 'GET' && request.query.get('peekonly') === 'true')
		return batch ? 'BatchPeekMessage' : 'PeekMessage';
	if (request.method === 'GET') return batch ? 'BatchReceiveMessage' : 'ReceiveMessage';
	if (request.method === 'DELETE') return request.query.has('ReceiptHandle') ? 'DeleteMessage' : 'BatchDeleteMessage';
	return 'unknown';
}

/**
 * The MNS endpoint of the account's two queues. Replies injected with `reply` go to the SmsUp queue as
 * Alicom writes them: {phone_number, content, sign_name (with 【】), send_time (yyyyMMddHHmmss), dest_code,
 * sequence_id (a number)}.
 */
export function createMnsSimulator(
	state: SandboxState,
	reports: MessageQueue,
	replies: MessageQueue,
	tokens: QueueTokens,
): VendorSimulator {
	const queues = new Map([
		[ALIYUN_ACCOUNT.queueName, reports],
		[ALIYUN_ACCOUNT.replyQueueName, replies],
	]);
	let replySequence = 0;
	const requestId = (): string =>
		createHash('md5').update(`mns-${state.nextId()}`).digest('hex').toUpperCase().slice(0, 24);
	const errorReply = (fault: MnsFault): VendorReply =>
		xmlReply(
			fault.status,
			'Error',
			[
				element('Code', fault.code),
				element('Message', fault.message),
				element('RequestId', requestId()),
				element('HostId', HOST_ID),
			].join(''),
		);
	const noMessage = () => new MnsFault(404, 'MessageNotExist', 'Message not exist.');

	function countOf(request: ParsedRequest): number {
		const count = readCount(request.query.get('numOfMessages'), 1, MAX_BATCH);
		if (count === undefined)
			throw new MnsFault(400, 'InvalidArgument', `The value of numOfMessages should between 1 and ${MAX_BATCH}.`);
		return count;
	}

	async function receive(queue: MessageQueue, request: ParsedRequest, batch: boolean): Promise<VendorReply> {
		const count = countOf(request);
		const wait = request.query.has('waitseconds') ? Number(request.query.get('waitseconds')) : 0;
		if (!Number.isInteger(wait) || wait < 0 || wait > MAX_WAIT_SECONDS) {
			throw new MnsFault(
				400,
				'InvalidArgument',
				`The value of waitseconds should between 0 and ${MAX_WAIT_SECONDS} seconds.`,
			);
		}
		// Long polling: hold the request until a message is visible or the wait is over.
		const deadline = Date.now() + wait * 1000;
		let messages = queue.receive(count);
		while (messages.length === 0 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS).unref());
			messages = queue.receive(count);
		}
		if (messages.length === 0) throw noMessage();
		return messagesReply(messages, true, batch);
	}

	function peek(queue: MessageQueue, request: ParsedRequest, batch: boolean): VendorReply {
		const messages = queue.peek(countOf(request));
		if (messages.length === 0) throw noMessage();
		return messagesReply(messages, false, batch);
	}

	function deleteOne(queue: MessageQueue, handle: string): VendorReply {
		const outcome = queue.delete(handle);
		if (outcome === 'MessageNotExist') throw noMessage();
		if (outcome === 'ReceiptHandleError')
			throw new MnsFault(400, 'ReceiptHandleError', 'The receipt handle you provide is not valid.');
		return { status: 204, headers: XML_HEADERS, body: '' };
	}

	function deleteBatch(queue: MessageQueue, request: ParsedRequest): VendorReply {
		const body = request.body.toString('utf8');
		if (!/<ReceiptHandles[\s>]/.test(body))
			throw new MnsFault(400, 'MalformedXML', 'The XML you provided was not well-formed.');
		const handles = [...body.matchAll(/<ReceiptHandle>([^<]*)<\/ReceiptHandle>/g)].map((match) => match[1]);
		if (handles.length === 0 || handles.length > MAX_BATCH) {
			throw new MnsFault(400, 'InvalidArgument', `The count of receipt handles should between 1 and ${MAX_BATCH}.`);
		}
		const failures = handles
			.map((handle) => ({ handle, outcome: queue.delete(handle) }))
			.filter(({ outcome }) => outcome !== 'deleted');
		if (failures.length === 0) return { status: 204, headers: XML_HEADERS, body: '' };
		const inner = failures
			.map(({ handle, outcome }) => {
				const message =
					outcome === 'MessageNotExist' ? 'Message not exist.' : 'The receipt handle you provide is not valid.';
				return `<Error>${element('ErrorCode', outcome)}${element('ErrorMessage', message)}${element('ReceiptHandle', handle)}</Error>`;
			})
			.join('');
		return xmlReply(404, 'Errors', inner);
	}

	return {
		name: 'aliyunMns',
		apiOf,
		async handle(request: ParsedRequest): Promise<VendorReply> {
			try {
				const queue = authenticate(request, tokens, queues);
				switch (apiOf(request)) {
					case 'BatchReceiveMessage':
						return await receive(queue, request, true);
					case 'ReceiveMessage':
						return await receive(queue, request, false);
					case 'BatchPeekMessage':
						return peek(queue, request, true);
					case 'PeekMessage':
						return peek(queue, request, false);
					case 'DeleteMessage':
						return deleteOne(queue, request.query.get('ReceiptHandle') ?? '');
					case 'BatchDeleteMessage':
						return deleteBatch(queue, request);
					default:
						throw new MnsFault(400, 'InvalidRequestURL', 'Http request URL format invalid.');
				}
			} catch (error) {
				if (error instanceof MnsFault) return errorReply(error);
				throw error;
			}
		},
		throttleReply: () => errorReply(new MnsFault(429, 'QpsLimitExceeded', 'The QPS of this queue exceeds the limit.')),
		pendingReceipts: () => reports.size,
		reply(reply) {
			replySequence += 1;
			replies.enqueue({
				phone_number: reply.phone,
				content: reply.text,
				sign_name: `【${reply.signName ?? ALIYUN_ACCOUNT.signName}】`,
				send_time: formatChinaTime(reply.receivedAt, 'yyyyMMddHHmmss'),
				dest_code: reply.extendCode ?? '',
				sequence_id: replySequence,
			});
		},
		pendingReplies: () => replies.size,
		reset() {
			reports.clear();
			replies.clear();
		},
	};
}
