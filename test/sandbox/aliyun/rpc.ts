/**
 * The Aliyun RPC gateway in front of Dysmsapi and Dybaseapi (docs/protocols/aliyun.md#endpoints, #signing): authenticates a
 * request with the V3 signature (ACS3-HMAC-SHA256, what the SDK sends by default) or the legacy V2
 * signature (HMAC-SHA1), rejects replays, and hands the action its decoded parameters.
 *
 * Where the document is silent: malformed or missing signature parts answer 400 IncompleteSignature, a
 * body that does not match x-acs-content-sha256 answers 400 SignatureDoesNotMatch, and the V3 replay
 * window is taken to be the documented V2 one (15 minutes).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { ALIYUN_ACCOUNT } from '../accounts';
import type { ParsedRequest, SandboxState, VendorReply } from '../plugin';

const REPLAY_WINDOW_MS = 15 * 60 * 1000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Headers a V3 request must sign besides the action and version. */
const REQUIRED_SIGNED_HEADERS = ['host', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce'];
const JSON_HEADERS = { 'content-type': 'application/json;charset=utf-8' };

/** An authenticated call: the action and every parameter from the query and the form body. */
export interface RpcCall {
	action: string;
	version: string;
	accessKeyId: string;
	params: Map<string, string>;
}

/** A gateway or business error, answered as Aliyun's JSON error body. */
export class AliyunFault extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

/** An RPC action: its answer's fields besides RequestId and the `Code`/`Message` OK every success carries. */
export type RpcAction = (call: RpcCall) => Record<string, unknown>;

/** RFC 3986 percent-encoding as the SDK's `encode`: encodeURIComponent plus ! ' ( ) *. */
export function percentEncode(text: string): string {
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

export class RpcGateway {
	private readonly usedNonces = new Map<string, number>();

	constructor(
		private readonly state: SandboxState,
		/** Host name echoed in error bodies, e.g. `dysmsapi.aliyuncs.com`. */
		private readonly hostId: string,
		private readonly product: string,
	) {}

	/** The action a request names, for the request log (before any authentication). */
	static actionOf(request: ParsedRequest): string {
		return String(request.headers['x-acs-action'] ?? request.query.get('Action') ?? 'unknown');
	}

	/** Authenticates a request; throws `AliyunFault` with the gateway's answer when it must be refused. */
	authenticate(request: ParsedRequest): RpcCall {
		const params = new Map<string, string>(request.query);
		const contentType = String(request.headers['content-type'] ?? '');
		if (contentType.includes('application/x-www-form-urlencoded')) {
			for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) params.set(name, value);
		}
		const authorization = String(request.headers.authorization ?? '');
		return authorization.startsWith('ACS3-HMAC-SHA256 ')
			? this.authenticateV3(request, authorization, params)
			: this.authenticateV2(request, params);
	}

	/** Answers one request: authenticates it, checks the API version and runs the action it names. */
	serve(request: ParsedRequest, version: string, actions: Record<string, RpcAction>): VendorReply {
		try {
			const call = this.authenticate(request);
			if (call.version !== version)
				throw new AliyunFault(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
			const action = actions[call.action];
			if (!action)
				throw new AliyunFault(
					404,
					'InvalidAction.NotFound',
					'Specified api is not found, please check your url and method.',
				);
			return this.reply(200, { Code: 'OK', Message: 'OK', ...action(call) });
		} catch (error) {
			if (error instanceof AliyunFault) return this.faultReply(error);
			throw error;
		}
	}

	/** The gateway's flow-control answer, for the sandbox's `throttle` fault. */
	throttleReply(): VendorReply {
		return this.faultReply(new AliyunFault(400, 'Throttling.User', 'Request was denied due to user flow control.'));
	}

	reply(status: number, body: Record<string, unknown>): VendorReply {
		return { status, headers: JSON_HEADERS, body: JSON.stringify({ RequestId: this.requestId(), ...body }) };
	}

	/** Gateway errors carry {RequestId, HostId, Code, Message, Recommend}; business errors only Code and Message. */
	faultReply(fault: AliyunFault): VendorReply {
		if (fault.status === 200) return this.reply(200, { Code: fault.code, Message: fault.message });
		return this.reply(fault.status, {
			HostId: this.hostId,
			Code: fault.code,
			Message: fault.message,
			Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(fault.code)}&product=${this.product}`,
		});
	}

	/** RequestIds look like UUIDs in upper case. */
	requestId(): string {
		const hex = Array.from({ length: 32 }, () => Math.floor(this.state.random() * 16).toString(16)).join('');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase();
	}

	private authenticateV3(request: ParsedRequest, authorization: string, params: Map<string, string>): RpcCall {
		const fields = Object.fromEntries(
			authorization
				.slice('ACS3-HMAC-SHA256 '.length)
				.split(',')
				.map((part) => part.trim().split('=') as [string, string]),
		);
		const accessKeyId = fields.Credential ?? '';
		const signedHeaders = String(fields.SignedHeaders ?? '').split(';');
		const header = (name: string): string => {
			const value = request.headers[name];
			return (Array.isArray(value) ? value.join(',') : String(value ?? '')).trim();
		};
		const missing = ['x-acs-action', 'x-acs-version', ...REQUIRED_SIGNED_HEADERS].filter((name) => header(name) === '');
		if (
			!fields.Signature ||
			missing.length > 0 ||
			REQUIRED_SIGNED_HEADERS.some((name) => !signedHeaders.includes(name))
		) {
			throw new AliyunFault(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
		}
		const payloadHash = createHash('sha256').update(request.body).digest('hex');
		if (payloadHash !== header('x-acs-content-sha256')) {
			throw new AliyunFault(
				400,
				'SignatureDoesNotMatch',
				'The x-acs-content-sha256 header does not match the request body.',
			);
		}
		this.checkTimestamp(header('x-acs-date'));
		const secret = this.secretFor(accessKeyId);
		// Parameters are compared decoded and re-encoded: the SDK leaves * ~ ! ' ( ) raw on the wire.
		const canonicalQuery = [...request.query.keys()]
			.filter((name, index, names) => names.indexOf(name) === index)
			.sort()
			.map((name) => `${name}=${percentEncode(request.query.get(name) ?? '')}`)
			.join('&');
		const canonicalHeaders = [...signedHeaders]
			.sort()
			.map((name) => `${name}:${header(name)}\n`)
			.join('');
		const canonicalRequest = [
			request.method,
			'/',
			canonicalQuery,
			canonicalHeaders,
			signedHeaders.join(';'),
			payloadHash,
		].join('\n');
		const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
		const expected = createHmac('sha256', secret).update(stringToSign).digest('hex');
		this.checkSignature(expected, fields.Signature, stringToSign);
		this.useNonce(header('x-acs-signature-nonce'));
		return { action: header('x-acs-action'), version: header('x-acs-version'), accessKeyId, params };
	}

	private authenticateV2(request: ParsedRequest, params: Map<string, string>): RpcCall {
		const signature = params.get('Signature');
		const accessKeyId = params.get('AccessKeyId') ?? '';
		const complete = signature && params.get('SignatureNonce') && params.get('SignatureMethod') === 'HMAC-SHA1';
		if (!complete || params.get('SignatureVersion') !== '1.0') {
			throw new AliyunFault(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
		}
		this.checkTimestamp(params.get('Timestamp') ?? '');
		const secret = this.secretFor(accessKeyId);
		const canonicalized = [...params]
			.filter(([name]) => name !== 'Signature')
			.map(([name, value]) => [percentEncode(name), percentEncode(value)])
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([name, value]) => `${name}=${value}`)
			.join('&');
		const stringToSign = `${request.method}&${percentEncode('/')}&${percentEncode(canonicalized)}`;
		const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
		this.checkSignature(expected, signature, stringToSign);
		this.useNonce(params.get('SignatureNonce') ?? '');
		const call = { action: params.get('Action') ?? '', version: params.get('Version') ?? '', accessKeyId, params };
		for (const name of [
			'Signature',
			'SignatureMethod',
			'SignatureVersion',
			'SignatureNonce',
			'AccessKeyId',
			'Timestamp',
			'Format',
		]) {
			params.delete(name);
		}
		return call;
	}

	/** The sandbox knows one AccessKey: the account's. */
	private secretFor(accessKeyId: string): string {
		const secret = accessKeyId === ALIYUN_ACCOUNT.accessKeyId ? ALIYUN_ACCOUNT.accessKeySecret : undefined;
		if (secret === undefined)
			throw new AliyunFault(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
		return secret;
	}

	private checkTimestamp(timestamp: string): void {
		if (!TIMESTAMP.test(timestamp)) {
			throw new AliyunFault(
				400,
				'InvalidTimeStamp.Format',
				'Specified time stamp or date value is not well formatted.',
			);
		}
		if (Math.abs(Date.now() - Date.parse(timestamp)) > REPLAY_WINDOW_MS) {
			throw new AliyunFault(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
		}
	}

	/** The real error echoes the server's string to sign, which helps debugging a client. */
	private checkSignature(expected: string, given: string, stringToSign: string): void {
		const a = Buffer.from(expected);
		const b = Buffer.from(given);
		if (a.length !== b.length || !timingSafeEqual(a, b)) {
			throw new AliyunFault(
				400,
				'SignatureDoesNotMatch',
				`Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
			);
		}
	}

	private useNonce(nonce: string): void {
		const now = Date.now();
		// Insertion order is time order: drop expired nonces from the front only.
		for (const [used, at] of this.usedNonces) {
			if (now - at <= REPLAY_WINDOW_MS) break;
			this.usedNonces.delete(used);
		}
		if (this.usedNonces.has(nonce)) {
			throw new AliyunFault(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
		}
		this.usedNonces.set(nonce, now);
	}
}
