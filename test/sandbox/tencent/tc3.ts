/**
 * The Tencent Cloud API 3.0 gateway's check of a `TC3-HMAC-SHA256` signature (docs/protocols/tencent.md#signing):
 * the canonical request is rebuilt from the request exactly as received — the Host header with its port, the
 * signed headers in the order the client listed them, the SHA-256 of the exact body bytes — and signed for
 * service `sms` on the UTC date of `X-TC-Timestamp`.
 *
 * Where the document is silent: an Authorization header that cannot be read (another algorithm, no
 * Credential / SignedHeaders / Signature, a scope not ending in `tc3_request`, content-type or host left
 * unsigned) answers `AuthFailure.InvalidAuthorization`; a scope naming another date or service than the
 * server works out fails as `AuthFailure.SignatureFailure`, the answer a key mismatch gets.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import type { ParsedRequest } from '../plugin';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
/** Every request is signed for the SMS service, whatever host it was sent to. */
const SERVICE = 'sms';
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
const REQUIRED_SIGNED_HEADERS = ['content-type', 'host'];
const AUTHORIZATION = /^TC3-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** A refusal the gateway answers as `Response.Error`. */
export interface Tc3Refusal {
	code: string;
	message: string;
}

/** The SecretKey of a SecretId, undefined when the gateway knows no such SecretId. */
export type SecretKeyOf = (secretId: string) => string | undefined;

const invalidAuthorization = (detail: string): Tc3Refusal => ({
	code: 'AuthFailure.InvalidAuthorization',
	message: `Authorization is invalid: ${detail}`,
});

/** Checks a request's signature at `nowSeconds`; undefined when it is valid. */
export function verifyTc3(
	request: ParsedRequest,
	secretKeyOf: SecretKeyOf,
	nowSeconds: number,
): Tc3Refusal | undefined {
	const parts = AUTHORIZATION.exec(headerOf(request, 'authorization'));
	if (!parts) return invalidAuthorization(`expected "${TC3_ALGORITHM} Credential=…, SignedHeaders=…, Signature=…"`);
	const [, credential, signedHeaderList, signature] = parts;
	const scope = credential.split('/');
	if (scope.length !== 4 || scope[3] !== 'tc3_request') {
		return invalidAuthorization('Credential must be <SecretId>/<Date>/<Service>/tc3_request');
	}
	const signedHeaders = signedHeaderList.split(';');
	const unsigned = REQUIRED_SIGNED_HEADERS.filter((name) => !signedHeaders.includes(name));
	if (unsigned.length > 0) return invalidAuthorization(`SignedHeaders must include ${unsigned.join(' and ')}`);

	const timestampText = headerOf(request, 'x-tc-timestamp');
	if (timestampText === '') {
		return { code: 'MissingParameter', message: 'The request is missing a required parameter `Timestamp`.' };
	}
	const timestamp = Number(timestampText);
	if (!/^\d+$/.test(timestampText) || Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
		return {
			code: 'AuthFailure.SignatureExpire',
			message: `Signature expired. Timestamp "${timestampText}" is more than ${MAX_CLOCK_SKEW_SECONDS} seconds away from the server time ${nowSeconds}.`,
		};
	}
	const secretKey = secretKeyOf(scope[0]);
	if (secretKey === undefined) {
		return {
			code: 'AuthFailure.SecretIdNotFound',
			message: 'The SecretId is not found, please ensure that your SecretId is correct.',
		};
	}

	const expected = tc3Signature(request, signedHeaders, secretKey, timestamp);
	if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
		return {
			code: 'AuthFailure.SignatureFailure',
			message: 'The provided credentials could not be validated. Please check your signature is correct.',
		};
	}
	return undefined;
}

function tc3Signature(request: ParsedRequest, signedHeaders: string[], secretKey: string, timestamp: number): string {
	const canonicalHeaders = signedHeaders
		.map((name) => `${name}:${headerOf(request, name).trim().toLowerCase()}\n`)
		.join('');
	const canonicalRequest = [
		request.method,
		request.path,
		request.rawQuery,
		canonicalHeaders,
		signedHeaders.join(';'),
		sha256Hex(request.body),
	].join('\n');
	const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
	const stringToSign = [TC3_ALGORITHM, timestamp, `${date}/${SERVICE}/tc3_request`, sha256Hex(canonicalRequest)].join(
		'\n',
	);
	const dateKey = hmac(`TC3${secretKey}`, date);
	const signingKey = hmac(hmac(dateKey, SERVICE), 'tc3_request');
	return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

/** A header's value as received ('' when absent; repeated headers joined as Node joins them). */
function headerOf(request: ParsedRequest, name: string): string {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function hmac(key: string | Buffer, text: string): Buffer {
	return createHmac('sha256', key).update(text).digest();
}

function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}
