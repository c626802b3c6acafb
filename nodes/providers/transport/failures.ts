/**
 * Failures below HTTP, classified by whether the vendor may have processed the request: a request that
 * could not be connected was certainly not sent; one whose answer was lost may have been.
 */
import { VendorError, type VendorErrorInfo } from '../types';

/**
 * Classifies a failure below HTTP. A request that could not be connected (or not even be built, as with
 * a malformed Base URL) was certainly not sent; one that timed out or lost its connection after it was
 * written may have been processed by the vendor.
 */
export function transportError(error: unknown): VendorError {
	const code = String((error as { code?: unknown })?.code ?? '');
	return new VendorError(TRANSPORT_ERRORS[code] ?? CONNECTION_FAILED.send);
}

/** Whether a failure happened below HTTP: the vendor was never reached, or never answered. */
export function isTransportError(error: VendorError): boolean {
	return error.httpStatus === undefined && TRANSPORT_CODES.has(error.info.code);
}

/**
 * The failure of a read (balance, template, status, receipt pull). A read changes nothing at the vendor,
 * so one whose answer was lost is retryable, and its message must not claim, as a send's does, that the
 * vendor may have accepted it and it is not sent again.
 */
export function asReadFailure(failure: VendorError): VendorError {
	if (!failure.info.maybeSent) return failure;
	const info = READ_FAILURES[failure.info.code] ?? { ...failure.info, retryable: true, maybeSent: false };
	return new VendorError(info, { httpStatus: failure.httpStatus, retryAfterMs: failure.retryAfterMs });
}

const notConnected = (code: string, message: string): VendorErrorInfo => ({
	code,
	message,
	retryable: true,
	maybeSent: false,
});

/**
 * A failure after the request may have been written, worded for a send (the vendor may have processed it)
 * and for a read (asking again is safe).
 */
const answerLost = (code: string, cause: string): { send: VendorErrorInfo; read: VendorErrorInfo } => ({
	send: {
		code,
		message: `${cause} The vendor may still have accepted the request, so it is not sent again.`,
		retryable: false,
		maybeSent: true,
	},
	read: {
		code,
		message: `${cause} Nothing is changed by a read, so it can be retried.`,
		retryable: true,
		maybeSent: false,
	},
});

const HOST_NOT_FOUND = notConnected(
	'HOST_NOT_FOUND',
	'The vendor host name could not be resolved; nothing was sent. Check the Base URL and DNS.',
);
/**
 * axios or Node refused to build the request from its URL (no http(s) scheme, no host, unparsable), so it
 * was never sent, and sending it again cannot help. baseUrlOf catches this first, naming the URL.
 */
const UNUSABLE_URL: VendorErrorInfo = {
	code: 'INVALID_BASE_URL',
	message:
		'The request could not be made because the Base URL is not an http:// or https:// address with a host name; nothing was sent. Check the Base URL in the credential.',
	retryable: false,
	maybeSent: false,
};
const TIMED_OUT = answerLost('TIMEOUT', 'The vendor did not answer in time.');
const CONNECTION_RESET = answerLost('CONNECTION_RESET', 'The vendor closed the connection before answering.');
/** Any other socket error: it may have struck after the request was written. */
const CONNECTION_FAILED = answerLost(
	'NETWORK_ERROR',
	'The connection to the vendor failed after the request was sent.',
);

/** Node's socket error codes, and the codes axios and Node give a request they refuse to make. */
const TRANSPORT_ERRORS: Record<string, VendorErrorInfo> = {
	ECONNREFUSED: notConnected(
		'CONNECTION_REFUSED',
		'The vendor host refused the connection; nothing was sent. Check the Base URL.',
	),
	ENOTFOUND: HOST_NOT_FOUND,
	EAI_AGAIN: HOST_NOT_FOUND,
	EHOSTUNREACH: notConnected('HOST_UNREACHABLE', 'The vendor host is unreachable; nothing was sent.'),
	ECONNABORTED: TIMED_OUT.send,
	ETIMEDOUT: TIMED_OUT.send,
	ECONNRESET: CONNECTION_RESET.send,
	EPIPE: CONNECTION_RESET.send,
	// `sms.yunpian.com` (no scheme), garbage: the URL does not parse.
	ERR_INVALID_URL: UNUSABLE_URL,
	// `ftp://…`, or `localhost:8080` read as scheme `localhost:`: axios answers "Unsupported protocol" with
	// ERR_BAD_REQUEST. Every HTTP status is returned as a response here (validateStatus), so axios uses
	// that code only for a request it refused to send.
	ERR_BAD_REQUEST: UNUSABLE_URL,
	// Node's `file:`, axios's unsupported `data:` URLs, and options axios will not use (such as user info in
	// the URL it cannot encode): all refused before anything is sent.
	ERR_INVALID_PROTOCOL: UNUSABLE_URL,
	ERR_NOT_SUPPORT: UNUSABLE_URL,
	ERR_BAD_OPTION_VALUE: UNUSABLE_URL,
	ERR_BAD_OPTION: UNUSABLE_URL,
};

/** The vendor was never reached or never answered. An unusable URL is a configuration error instead. */
const TRANSPORT_CODES = new Set(
	[...Object.values(TRANSPORT_ERRORS), CONNECTION_FAILED.send]
		.filter((info) => info !== UNUSABLE_URL)
		.map((info) => info.code),
);

const READ_FAILURES: Record<string, VendorErrorInfo> = Object.fromEntries(
	[TIMED_OUT, CONNECTION_RESET, CONNECTION_FAILED].map(({ read }) => [read.code, read]),
);
