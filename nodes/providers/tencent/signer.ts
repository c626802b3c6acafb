/**
 * TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature (docs/protocols/tencent.md#signing). Ours
 * rather than the SDK's: the SDK signs the service named by the host's first label (`127` on a loopback
 * host) and the host without its port while it sends the port. This one signs service `sms` and the Host
 * header exactly as it is sent.
 */
import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
const SERVICE = 'sms';
const SIGNED_HEADERS = 'content-type;host';

export interface Tc3Request {
	secretId: string;
	secretKey: string;
	/** The Host header as sent: the host name, with the port when it is not the scheme's default. */
	host: string;
	/** The request path, `/` for every Tencent Cloud API call. */
	path: string;
	/** The Content-Type header as sent. */
	contentType: string;
	/** The exact body bytes. */
	body: Buffer;
	/** UNIX seconds, also sent as X-TC-Timestamp. */
	timestamp: number;
}

/** The Authorization header of a signed POST. */
export function tc3Authorization(request: Tc3Request): string {
	const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
	const canonicalRequest = [
		'POST',
		request.path,
		// A POST carries its parameters in the body: the canonical query string is empty.
		'',
		`content-type:${request.contentType.trim().toLowerCase()}`,
		`host:${request.host.trim().toLowerCase()}`,
		'',
		SIGNED_HEADERS,
		sha256Hex(request.body),
	].join('\n');
	const scope = `${date}/${SERVICE}/tc3_request`;
	const stringToSign = [TC3_ALGORITHM, String(request.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
	const dateKey = hmac(`TC3${request.secretKey}`, date);
	const signingKey = hmac(hmac(dateKey, SERVICE), 'tc3_request');
	const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
	return `${TC3_ALGORITHM} Credential=${request.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
}

function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
	return createHmac('sha256', key).update(data).digest();
}
