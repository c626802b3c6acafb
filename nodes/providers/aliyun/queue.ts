/*
 * Aliyun's Alicom message queues (receipts: SmsReport, replies: SmsUp) — what the protocol is, and where that comes
 * from.
 *
 * Token (Dybaseapi 2017-05-25, RPC, POST /): QueryTokenForMnsQueue(MessageType=SmsReport|SmsUp, QueueName)
 *   → { Code, Message, RequestId, MessageTokenDTO: { AccessKeyId, AccessKeySecret, SecurityToken,
 *   CreateTime, ExpireTime } }. ExpireTime is `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai time; Alicom's own
 *   puller parses it that way and fetches a new token when less than 2 minutes remain.
 *   [aliyun/alibabacloud-csharp-sdk dybaseapi-20170525 QueryTokenForMnsQueueResponseBody.cs;
 *   alibaba/spring-cloud-alibaba spring-cloud-alicloud-sms TokenGetterForAlicom.java]
 *
 * Queue host: every account's queues (`Alicom-Queue-<accountId>-SmsReport`, `…-SmsUp`) live in Alicom's MNS
 *   account, https://1943695596114318.mns.cn-hangzhou.aliyuncs.com, read with the temporary token.
 *   [spring-cloud-alibaba DefaultAlicomMessagePuller.java `mnsAccountEndpoint`; cbony/dysms doc mirror]
 *
 * MNS HTTP API, version 2015-06-06 [alibabacloud.com/help MNS "Common parameters" (doc-detail/27485),
 *   "Sign requests" (27487), BatchReceiveMessage (35137), BatchDeleteMessage (35139), error codes (27501);
 *   aliyun/mns-nodejs-sdk lib/client.js + lib/helper.js; Android MNS SDK MNSHeaders.java; MNS Go SDK
 *   (package ali_mns) client.go `Send` and `initMNSErrors`]:
 *   - Headers: Date (GMT, within 15 minutes of the server), x-mns-version: 2015-06-06, Content-Type,
 *     optional Content-MD5, x-mns-security-token with STS credentials, Authorization
 *     `MNS <AccessKeyId>:<Signature>`.
 *   - Signature = base64(HMAC-SHA1(AccessKeySecret, VERB \n Content-MD5 \n Content-Type \n Date \n
 *     CanonicalizedMNSHeaders + CanonicalizedResource)); absent headers sign as ''. CanonicalizedMNSHeaders:
 *     the x-mns-* headers, names lowercased, sorted, each `name:value\n`. CanonicalizedResource: the request
 *     path with its query exactly as sent. The official SDKs send Content-MD5 as base64 of the hex digest
 *     while the docs cite RFC 1864; the header is optional, so it is left out and neither reading matters.
 *   - BatchReceiveMessage: GET /queues/<q>/messages?numOfMessages=1..16[&waitseconds=0..30] → 200
 *     <Messages><Message><MessageId/><ReceiptHandle/><MessageBodyMD5/><MessageBody/><EnqueueTime/>
 *     <NextVisibleTime/><FirstDequeueTime/><DequeueCount/><Priority/></Message>...</Messages>. Received
 *     messages turn invisible for the queue's VisibilityTimeout and come back unless deleted.
 *   - BatchPeekMessage: GET ...?peekonly=true&numOfMessages=n, same shape without ReceiptHandle; changes nothing.
 *   - DeleteMessage: DELETE ...?ReceiptHandle=<handle> → 204. BatchDeleteMessage: DELETE with body
 *     <ReceiptHandles xmlns="http://mns.aliyuncs.com/doc/v1/"><ReceiptHandle/>...</ReceiptHandles> (≤16)
 *     → 204, or per-handle <Errors><Error><ErrorCode/><ErrorMessage/><ReceiptHandle/></Error></Errors>.
 *   - Errors: <Error xmlns="http://mns.aliyuncs.com/doc/v1/"><Code/><Message/><RequestId/><HostId/></Error>.
 *     An empty queue answers 404 MessageNotExist ("Message not exist."); 404 QueueNotExist; 403
 *     AccessDenied / InvalidAccessKeyId / SignatureDoesNotMatch; 400 ReceiptHandleError; 408 TimeExpired
 *     (400 in some copies of the table); MissingVersionHeader; QpsLimitExceeded; 500 InternalError.
 *     The code for an expired security token is not documented (UNCONFIRMED), so any 401/403 is answered
 *     by fetching a new token once.
 *
 * Message bodies are JSON, Base64-encoded in MessageBody: the official Node demo says "消息体需要base64解码" and
 *   the PHP demo checks MessageBodyMD5 against md5(base64_encode(decoded body)). Raw JSON is accepted too.
 *   [@alicloud/sms-sdk demo; aliyun PHP MsgDemo receiveMsg]. The fields per message type: receipts.ts, replies.ts.
 *
 * Pipelining: several BatchReceiveMessage requests are in flight at once (each takes up to 16 messages), and
 *   the acknowledgement sends its BatchDeleteMessage requests (16 handles each) the same way. A message the
 *   queue hands out twice (its visibility timeout ran out during a long poll) is emitted once by the
 *   trigger's seen keys; the stale handle's delete answers ReceiptHandleError and the newer one deletes it.
 *
 * Acknowledging: received messages are deleted with BatchDeleteMessage, only after the trigger emitted them.
 */
import { chinaTimeToIso } from '../shared/chinaTime';
import { textOf } from '../shared/fields';
import { mayStartRequest } from '../shared/paging';
import { VendorError, type EventPull, type PullOptions, type RequestSettings } from '../types';
import type { AliyunClients } from './client';
import { aliyunError } from './errors';
import { MnsError, MnsQueue, MNS_BATCH_MAX, type QueueCredentials, type QueueMessage } from './mns';

/** Alicom's puller renews 2 minutes before expiry to absorb clock differences. */
const RENEW_MARGIN_MS = 2 * 60 * 1000;
/** BatchReceiveMessage (and, when acknowledging, BatchDeleteMessage) requests one pull keeps in flight. */
export const QUEUE_REQUESTS_IN_FLIGHT = 8;

/** What a pull needs to know of one Alicom message type. */
export interface QueueKind<T> {
	messageType: 'SmsReport' | 'SmsUp';
	/** Why the pull cannot start without a queue name, and where the user finds it. */
	missingQueueName: string;
	/** The events in one decoded message body (a JSON object, or an array of them). */
	toEvent(fields: Record<string, unknown>, message: QueueMessage): T;
}

interface QueueToken extends QueueCredentials {
	renewAt: number;
}

/** Tokens per AccessKey and queue, shared by every execution in this process. */
const tokenCache = new Map<string, Promise<QueueToken>>();
/** The renewal under way for a stale token. */
const renewals = new WeakMap<QueueToken, Promise<QueueToken>>();

function expiryOf(expireTime: string): number {
	const china = chinaTimeToIso(expireTime);
	return Date.parse(china || expireTime);
}

async function fetchToken(
	clients: AliyunClients,
	messageType: string,
	queueName: string,
	settings: RequestSettings,
): Promise<QueueToken> {
	const body = (await clients.dybaseapi(
		'QueryTokenForMnsQueue',
		{ MessageType: messageType, QueueName: queueName },
		{ sending: false, settings },
	)) as { Code?: string; Message?: string; MessageTokenDTO?: Record<string, unknown> } | undefined;
	if (body?.Code !== 'OK' || !body.MessageTokenDTO) {
		throw aliyunError(textOf(body?.Code) || 'MALFORMED_RESPONSE', textOf(body?.Message), {
			httpStatus: 200,
			secret: clients.credentials.accessKeySecret,
		});
	}
	const token = body.MessageTokenDTO;
	const now = Date.now();
	const expiresAt = expiryOf(textOf(token.ExpireTime));
	const lifetime = Number.isNaN(expiresAt) ? 0 : Math.max(0, expiresAt - now);
	return {
		accessKeyId: textOf(token.AccessKeyId),
		accessKeySecret: textOf(token.AccessKeySecret),
		securityToken: textOf(token.SecurityToken),
		// Short-lived tokens (tests) are renewed halfway instead of never being cached.
		renewAt: now + lifetime - Math.min(RENEW_MARGIN_MS, lifetime / 2),
	};
}

class TokenSource {
	private readonly key: string;

	constructor(
		private readonly clients: AliyunClients,
		private readonly messageType: string,
		private readonly queueName: string,
		private readonly settings: RequestSettings,
	) {
		const { accessKeyId, dybaseBaseUrl, mnsBaseUrl } = clients.credentials;
		this.key = [accessKeyId, messageType, queueName, dybaseBaseUrl, mnsBaseUrl].join('\n');
	}

	async current(): Promise<QueueToken> {
		const cached = tokenCache.get(this.key);
		const token = cached && (await cached.catch(() => undefined));
		if (token && Date.now() < token.renewAt) return token;
		return await this.renew(token);
	}

	/**
	 * A new token in place of `stale` (expired, or refused by MNS). Requests in flight together that all
	 * find the same token stale share one renewal.
	 */
	async renew(stale?: QueueToken): Promise<QueueToken> {
		let pending = stale && renewals.get(stale);
		if (!pending) {
			const fetching = fetchToken(this.clients, this.messageType, this.queueName, this.settings);
			pending = fetching;
			if (stale) renewals.set(stale, fetching);
			tokenCache.set(this.key, fetching);
			fetching.catch(() => {
				if (tokenCache.get(this.key) === fetching) tokenCache.delete(this.key);
			});
		}
		return await pending;
	}
}

/** One queue of the account, read and written with a current token (fetched again once if MNS refuses it). */
class AlicomQueue {
	private readonly tokens: TokenSource;

	constructor(
		private readonly clients: AliyunClients,
		messageType: string,
		private readonly queueName: string,
		private readonly settings: RequestSettings,
	) {
		this.tokens = new TokenSource(clients, messageType, queueName, settings);
	}

	async run<T>(operation: (queue: MnsQueue) => Promise<T>): Promise<T> {
		const token = await this.tokens.current();
		try {
			return await operation(this.open(token));
		} catch (error) {
			if (!(error instanceof MnsError && error.auth)) throw error;
			return await operation(this.open(await this.tokens.renew(token)));
		}
	}

	/** BatchDeleteMessage for every handle, 16 per request, several requests in flight; the first failure is thrown once all ran. */
	async deleteAll(handles: string[]): Promise<void> {
		const batches: string[][] = [];
		for (let start = 0; start < handles.length; start += MNS_BATCH_MAX) {
			batches.push(handles.slice(start, start + MNS_BATCH_MAX));
		}
		let failure: unknown;
		await inParallel(QUEUE_REQUESTS_IN_FLIGHT, async () => {
			for (let batch = batches.shift(); batch; batch = batches.shift()) {
				const handlesOfBatch = batch;
				await this.run(async (queue) => await queue.deleteBatch(handlesOfBatch)).catch((error: unknown) => {
					failure ??= error;
				});
			}
		});
		if (failure !== undefined) throw failure;
	}

	private open(token: QueueToken): MnsQueue {
		return new MnsQueue(this.clients.credentials.mnsBaseUrl, this.queueName, token, this.settings.timeoutMs);
	}
}

/** Runs `workers` copies of `work` at once and waits for all of them. */
async function inParallel(workers: number, work: () => Promise<void>): Promise<void> {
	await Promise.all(Array.from({ length: workers }, work));
}

function decodeBody(body: string): unknown {
	const trimmed = body.trim();
	const text =
		trimmed.startsWith('{') || trimmed.startsWith('[') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
	return JSON.parse(text);
}

/**
 * The events in one queue message. Unreadable messages give none and are not deleted, so nothing is
 * destroyed; the queue drops them after its retention period.
 */
function eventsOf<T>(kind: QueueKind<T>, message: QueueMessage): T[] {
	try {
		const decoded = decodeBody(message.body);
		const bodies = Array.isArray(decoded) ? decoded : [decoded];
		return bodies
			.filter((fields): fields is Record<string, unknown> => fields !== null && typeof fields === 'object')
			.map((fields) => kind.toEvent(fields, message));
	} catch {
		return [];
	}
}

/**
 * Receives up to `options.max` events from the account's queue of this message type, several receive
 * requests in flight, none started after the deadline. A peek looks once and changes nothing. Messages
 * are deleted only by `acknowledge`, after the trigger emitted them.
 */
export async function pullQueue<T>(
	clients: AliyunClients,
	kind: QueueKind<T>,
	queueName: string | undefined,
	options: PullOptions,
	settings: RequestSettings,
): Promise<EventPull<T>> {
	if (!queueName) {
		throw new VendorError({
			code: 'MISSING_QUEUE_NAME',
			message: kind.missingQueueName,
			retryable: false,
			maybeSent: false,
		});
	}
	const queue = new AlicomQueue(clients, kind.messageType, queueName, settings);
	const events: T[] = [];
	const handles: string[] = [];
	const take = (messages: QueueMessage[]) => {
		for (const message of messages) {
			const found = eventsOf(kind, message);
			if (found.length === 0) continue;
			events.push(...found);
			if (message.receiptHandle) handles.push(message.receiptHandle);
		}
	};
	if (options.peek) {
		// A peek always shows the same first messages, so one look is all there is.
		take(await queue.run(async (mns) => await mns.peek(Math.min(MNS_BATCH_MAX, options.max))));
		return { events, source: 'MNS queue (peek, nothing consumed)', acknowledge: async () => {} };
	}

	let requested = 0;
	let inFlight = 0;
	let drained = false;
	let error: unknown;
	await inParallel(QUEUE_REQUESTS_IN_FLIGHT, async () => {
		while (!drained && error === undefined && mayStartRequest(options, requested)) {
			// Slots of requests still in flight are reserved, so that together they never ask for more than max.
			const count = Math.min(MNS_BATCH_MAX, options.max - events.length - inFlight);
			if (count <= 0) return;
			requested += 1;
			inFlight += count;
			try {
				const messages = await queue.run(async (mns) => await mns.receive(count));
				take(messages);
				if (messages.length < count) drained = true;
			} catch (failure) {
				error ??= failure;
			} finally {
				inFlight -= count;
			}
		}
	});
	const pull: EventPull<T> = { events, source: 'MNS queue', acknowledge: async () => await queue.deleteAll(handles) };
	if (error === undefined) return pull;
	if (events.length === 0 || !(error instanceof VendorError)) throw error;
	return { ...pull, error };
}
