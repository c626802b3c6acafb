/*
 * Aliyun delivery receipts through the Alicom message queue — what the protocol is, and where that comes from.
 *
 * Token (Dybaseapi 2017-05-25, RPC, POST /): QueryTokenForMnsQueue(MessageType=SmsReport, QueueName)
 *   → { Code, Message, RequestId, MessageTokenDTO: { AccessKeyId, AccessKeySecret, SecurityToken,
 *   CreateTime, ExpireTime } }. ExpireTime is `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai time; Alicom's own
 *   puller parses it that way and fetches a new token when less than 2 minutes remain.
 *   [aliyun/alibabacloud-csharp-sdk dybaseapi-20170525 QueryTokenForMnsQueueResponseBody.cs;
 *   alibaba/spring-cloud-alibaba spring-cloud-alicloud-sms TokenGetterForAlicom.java]
 *
 * Queue host: every account's SmsReport queue (`Alicom-Queue-<accountId>-SmsReport`) lives in Alicom's MNS
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
 * Message body: SmsReport JSON {phone_number, success, biz_id, out_id, send_time, report_time, err_code,
 *   err_msg, sms_size}, Base64-encoded in MessageBody: the official Node demo says "消息体需要base64解码" and
 *   the PHP demo checks MessageBodyMD5 against md5(base64_encode(decoded body)). Raw JSON is accepted too.
 *   [cbony/dysms 短信状态报告（SmsReport）.md; @alicloud/sms-sdk demo; aliyun PHP MsgDemo receiveMsg]
 *
 * Acknowledging: received messages are deleted with BatchDeleteMessage, 16 handles per request.
 */
import { chinaTimeToIso } from '../shared/chinaTime';
import { textOf } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import { VendorError, type PullOptions, type Receipt, type ReceiptPull, type RequestSettings } from '../types';
import type { AliyunClients } from './client';
import { aliyunError, deliveryErrorMessage } from './errors';
import { MnsError, MnsQueue, MNS_BATCH_MAX, type QueueCredentials, type QueueMessage } from './mns';

const MESSAGE_TYPE = 'SmsReport';
/** Alicom's puller renews 2 minutes before expiry to absorb clock differences. */
const RENEW_MARGIN_MS = 2 * 60 * 1000;

interface QueueToken extends QueueCredentials {
	renewAt: number;
}

/** Tokens per AccessKey and queue, shared by every execution in this process. */
const tokenCache = new Map<string, Promise<QueueToken>>();

function expiryOf(expireTime: string): number {
	const china = chinaTimeToIso(expireTime);
	return Date.parse(china || expireTime);
}

async function fetchToken(clients: AliyunClients, queueName: string, settings: RequestSettings): Promise<QueueToken> {
	const body = (await clients.dybaseapi(
		'QueryTokenForMnsQueue',
		{ MessageType: MESSAGE_TYPE, QueueName: queueName },
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
		private readonly queueName: string,
		private readonly settings: RequestSettings,
	) {
		const { accessKeyId, dybaseBaseUrl, mnsBaseUrl } = clients.credentials;
		this.key = [accessKeyId, queueName, dybaseBaseUrl, mnsBaseUrl].join('\n');
	}

	async current(): Promise<QueueToken> {
		const cached = tokenCache.get(this.key);
		if (cached) {
			const token = await cached.catch(() => undefined);
			if (token && Date.now() < token.renewAt) return token;
		}
		return await this.renew();
	}

	async renew(): Promise<QueueToken> {
		const pending = fetchToken(this.clients, this.queueName, this.settings);
		tokenCache.set(this.key, pending);
		pending.catch(() => {
			if (tokenCache.get(this.key) === pending) tokenCache.delete(this.key);
		});
		return await pending;
	}
}

/** Runs a queue operation with the current token, and once more with a fresh one if MNS refuses it. */
async function withQueue<T>(
	tokens: TokenSource,
	open: (token: QueueToken) => MnsQueue,
	operation: (queue: MnsQueue) => Promise<T>,
): Promise<T> {
	try {
		return await operation(open(await tokens.current()));
	} catch (error) {
		if (!(error instanceof MnsError && error.auth)) throw error;
		return await operation(open(await tokens.renew()));
	}
}

function decodeBody(body: string): unknown {
	const trimmed = body.trim();
	const text =
		trimmed.startsWith('{') || trimmed.startsWith('[') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
	return JSON.parse(text);
}

function toReceipt(report: Record<string, unknown>): Receipt {
	const delivered = report.success === true || report.success === 'true';
	const errorCode = delivered ? '' : textOf(report.err_code);
	return {
		provider: 'aliyun',
		phone: mobileToE164(report.phone_number),
		status: delivered ? 'delivered' : 'failed',
		vendorStatus: textOf(report.err_code),
		errorCode,
		errorMessage: errorCode ? deliveryErrorMessage(errorCode, textOf(report.err_msg)) : '',
		messageId: textOf(report.biz_id),
		outId: textOf(report.out_id),
		sentAt: chinaTimeToIso(report.send_time),
		reportedAt: chinaTimeToIso(report.report_time),
		parts: Number(report.sms_size) || 0,
	};
}

/**
 * The receipts in one queue message. Unreadable messages give none and are not deleted, so nothing is
 * destroyed; the queue drops them after its retention period.
 */
function receiptsOf(message: QueueMessage): Receipt[] {
	try {
		const decoded = decodeBody(message.body);
		const reports = Array.isArray(decoded) ? decoded : [decoded];
		return reports.filter((report) => report !== null && typeof report === 'object').map((report) => toReceipt(report));
	} catch {
		return [];
	}
}

async function deleteAll(tokens: TokenSource, open: (token: QueueToken) => MnsQueue, handles: string[]): Promise<void> {
	for (let start = 0; start < handles.length; start += MNS_BATCH_MAX) {
		const batch = handles.slice(start, start + MNS_BATCH_MAX);
		await withQueue(tokens, open, (queue) => queue.deleteBatch(batch));
	}
}

export async function pullAliyunReceipts(
	clients: AliyunClients,
	queueName: string | undefined,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReceiptPull> {
	if (!queueName) {
		throw new VendorError({
			code: 'MISSING_QUEUE_NAME',
			message:
				'Aliyun delivers receipts through a message queue: set Queue Name to the queue shown in the SMS console (Alicom-Queue-<accountId>-SmsReport) after enabling receipt delivery by message queue.',
			retryable: false,
			maybeSent: false,
		});
	}
	const tokens = new TokenSource(clients, queueName, settings);
	const open = (token: QueueToken): MnsQueue =>
		new MnsQueue(clients.credentials.mnsBaseUrl, queueName, token, settings.timeoutMs);
	const receipts: Receipt[] = [];
	const handles: string[] = [];
	const source = options.peek ? 'MNS queue (peek, nothing consumed)' : 'MNS queue';
	const pull = (error?: VendorError): ReceiptPull => ({
		events: receipts,
		source,
		error,
		acknowledge: () => deleteAll(tokens, open, options.peek ? [] : handles),
	});
	while (receipts.length < options.max) {
		const count = Math.min(MNS_BATCH_MAX, options.max - receipts.length);
		let messages: QueueMessage[];
		try {
			messages = await withQueue(tokens, open, (queue) => (options.peek ? queue.peek(count) : queue.receive(count)));
		} catch (error) {
			if (receipts.length === 0 || !(error instanceof VendorError)) throw error;
			return pull(error);
		}
		for (const message of messages) {
			const found = receiptsOf(message);
			if (found.length === 0) continue;
			receipts.push(...found);
			if (message.receiptHandle) handles.push(message.receiptHandle);
		}
		// A peek always shows the same first messages, so one look is all there is.
		if (options.peek || messages.length < count) break;
	}
	return pull();
}
