/**
 * Aliyun error codes (docs/protocols/aliyun.md#error-codes) in plain English, and the translation of everything the SDK can
 * throw into a `VendorError` that never carries the request (SDK errors hold URLs, headers and bodies).
 */
import { asReadFailure, transportError } from '../transport/failures';
import { accountWide, permanent, redact, retryLater, tableError, type ErrorTableEntry } from '../shared/errorTable';
import { VendorError } from '../types';

const ACCOUNT_PROBLEM = accountWide(
	'The Aliyun account cannot use SMS: the product is not activated, the account is abnormal, or this AccessKey (RAM user) lacks the AliyunDysmsFullAccess permission.',
);
const SIGNATURE_PROBLEM = accountWide(
	'The signature (SignName) is unknown, not approved, or not usable by this account. Use an approved signature exactly as shown in the Aliyun SMS console.',
);
const CONTENT_PROBLEM = permanent('Aliyun blocked the content: it contains a forbidden word or breaks content rules.');
const THROTTLED = retryLater(
	'Aliyun is rate-limiting this account (too many requests per second); the request can be retried shortly.',
);
const SERVER_DOWN = retryLater(
	'Aliyun had a temporary server error before processing the request; it can be retried later.',
);

/** Business codes (HTTP 200, `Code` != OK) and gateway codes (HTTP 4xx/5xx). */
const ALIYUN_ERRORS: Record<string, ErrorTableEntry> = {
	'isv.BUSINESS_LIMIT_CONTROL': permanent(
		"Aliyun's per-number frequency limit was reached (for example 1 per minute, 5 per hour, 10 per day for verification codes, 50 per day for notifications). Send to this number again later.",
	),
	'isv.DAY_LIMIT_CONTROL': accountWide(
		'The daily sending cap set in the Aliyun console was reached. Raise it in the console or wait until tomorrow.',
	),
	'isv.MONTH_LIMIT_CONTROL': accountWide(
		'The monthly sending cap set in the Aliyun console was reached. Raise it in the console.',
	),
	'isv.MOBILE_NUMBER_ILLEGAL': permanent('Aliyun rejected the phone number as invalid.'),
	'isv.MOBILE_COUNT_OVER_LIMIT': permanent(
		'Too many phone numbers in one request (SendSms allows 1,000, SendBatchSms 100).',
	),
	'isv.TEMPLATE_MISSING_PARAMETERS': permanent(
		'A template variable has no value. Provide every ${variable} the template uses.',
	),
	'isv.INVALID_JSON_PARAM': permanent('The template variables were not valid JSON with string values.'),
	'isv.PARAM_LENGTH_LIMIT': permanent('A template variable value is longer than Aliyun allows for this template type.'),
	'isv.PARAM_NOT_SUPPORT_URL': permanent(
		'A template variable contains a URL, which Aliyun does not allow in variables.',
	),
	'isv.TEMPLATE_PARAMS_ILLEGAL': permanent('A template variable contains a forbidden word.'),
	'isv.SMS_TEMPLATE_ILLEGAL': accountWide(
		'The template (TemplateCode) does not exist, is not approved, or belongs to another account.',
	),
	'isv.SMS_SIGNATURE_ILLEGAL': SIGNATURE_PROBLEM,
	'isv.SMS_SIGN_ILLEGAL': SIGNATURE_PROBLEM,
	'isv.SIGN_STATE_ILLEGAL': SIGNATURE_PROBLEM,
	'isv.SMS_SIGNATURE_SCENE_ILLEGAL': accountWide(
		'The signature type does not fit the template type (for example a verification-code signature with a promotion template).',
	),
	'isv.SMS_CONTENT_ILLEGAL': CONTENT_PROBLEM,
	'isv.BLACK_KEY_CONTROL_LIMIT': CONTENT_PROBLEM,
	'isv.AMOUNT_NOT_ENOUGH': accountWide('The Aliyun account balance is too low. Top up the account and send again.'),
	'isv.OUT_OF_SERVICE': accountWide(
		'The Aliyun account is suspended, usually because of a negative balance. Top up the account.',
	),
	'isv.PRODUCT_UN_SUBSCRIPT': ACCOUNT_PROBLEM,
	'isv.PRODUCT_UNSUBSCRIBE': ACCOUNT_PROBLEM,
	'isv.ACCOUNT_NOT_EXISTS': ACCOUNT_PROBLEM,
	'isv.ACCOUNT_ABNORMAL': ACCOUNT_PROBLEM,
	'isp.RAM_PERMISSION_DENY': ACCOUNT_PROBLEM,
	'isv.DOMESTIC_NUMBER_NOT_SUPPORTED': permanent(
		'An international template cannot be sent to a mainland China number. Use a mainland template for +86 numbers.',
	),
	'isv.DENY_IP_RANGE': accountWide(
		"Aliyun refused the caller's IP address or region (for example a server outside mainland China, or an IP not on the AccessKey's allow list).",
	),
	'isv.INVALID_PARAMETERS': permanent('Aliyun rejected a request parameter as invalid.'),
	// SendSms is not idempotent and Aliyun's advice for isp.SYSTEM_ERROR is to check QuerySendDetails before
	// retrying: the error comes from behind the gateway, where the send may already be under way. So it is
	// never retried automatically and its messages are reported as possibly sent.
	'isp.SYSTEM_ERROR': {
		message:
			'Aliyun reported an internal error. It may still have accepted the messages, so they are not sent again automatically; check their delivery status before resending.',
		retryable: false,
		maybeSent: true,
	},
	SignatureDoesNotMatch: accountWide(
		'Aliyun rejected the request signature: the AccessKey Secret is wrong (check for extra spaces when pasting it).',
	),
	'InvalidAccessKeyId.NotFound': accountWide(
		'Aliyun does not know this AccessKey ID. Check the AccessKey ID in the credentials.',
	),
	'InvalidAccessKeyId.Inactive': accountWide(
		'This AccessKey is disabled. Enable it or create a new one in the Aliyun console.',
	),
	'InvalidTimeStamp.Expired': accountWide(
		"Aliyun rejected the request time: this machine's clock is more than 15 minutes off. Fix the system clock.",
	),
	SignatureNonceUsed: retryLater('Aliyun saw this request nonce before; the request can be retried with a new one.'),
	InvalidVersion: accountWide('Aliyun does not support the API version used (a bug in this node; please report it).'),
	'InvalidAction.NotFound': accountWide(
		'Aliyun does not know the API action used (check that the Base URL points at Dysmsapi).',
	),
	Throttling: THROTTLED,
	'Throttling.User': THROTTLED,
	'Throttling.Api': THROTTLED,
	InternalError: SERVER_DOWN,
	ServiceUnavailable: SERVER_DOWN,
};

const STRING_TO_SIGN = /\s*server string to sign is:[\s\S]*$/i;

/** The error for a code Aliyun answered with; unknown codes keep Aliyun's own message. */
export function aliyunError(
	code: string,
	vendorText: string,
	options: { httpStatus?: number; secret: string },
): VendorError {
	// SignatureDoesNotMatch appends the gateway's string to sign: a debugging aid that would bury the message.
	const text = redact(vendorText.replace(STRING_TO_SIGN, ''), [options.secret]);
	const { httpStatus } = options;
	if (!(code in ALIYUN_ERRORS) && httpStatus !== undefined && (httpStatus >= 500 || code.includes('Throttling'))) {
		const entry = httpStatus >= 500 ? SERVER_DOWN : THROTTLED;
		return new VendorError({ code, ...entry, message: `${entry.message} (Aliyun said: ${text})` }, { httpStatus });
	}
	return tableError('Aliyun', ALIYUN_ERRORS, code, text, httpStatus);
}

/** What the SDK's ClientError / ServerError / ThrottlingError carry. */
interface SdkResponseError {
	code: string;
	statusCode: number;
	data?: { Message?: unknown; message?: unknown };
	retryAfter?: number;
}

function isSdkResponseError(error: unknown): error is SdkResponseError {
	const candidate = error as Partial<SdkResponseError> | null;
	return typeof candidate?.code === 'string' && typeof candidate.statusCode === 'number';
}

/**
 * Any failure of an SDK call as a `VendorError`. `sending` says whether the call could send messages:
 * an unanswered send may have been processed, while a read can always be repeated.
 */
export function sdkFailure(error: unknown, options: { sending: boolean; secret: string }): VendorError {
	const failure = classify(error, options);
	return options.sending ? failure : asReadFailure(failure);
}

function classify(error: unknown, options: { sending: boolean; secret: string }): VendorError {
	if (error instanceof VendorError) return error;
	if (isSdkResponseError(error)) {
		const vendorText = String(error.data?.Message ?? error.data?.message ?? '');
		const answered = aliyunError(error.code, vendorText, { httpStatus: error.statusCode, secret: options.secret });
		const failure = options.sending ? asSendFailure(answered) : answered;
		// The SDK reads `x-acs-retry-after` into `retryAfter`, in milliseconds (it sleeps that long itself).
		if (error.retryAfter === undefined) return failure;
		return new VendorError(failure.info, { httpStatus: error.statusCode, retryAfterMs: error.retryAfter });
	}
	const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
	// Node's socket errors (ECONNREFUSED, ECONNRESET, ...) say whether the request went out.
	if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return transportError(error);
	// httpx names its timeouts `RequestTimeoutError` and sets no `code`.
	if (String(name).includes('RequestTimeout')) return transportError({ code: 'ETIMEDOUT' });
	if (typeof code === 'string') {
		return new VendorError({
			code,
			message: `The Aliyun SDK refused to build the request (${code}); nothing was sent.`,
			retryable: false,
			maybeSent: false,
		});
	}
	// What is left comes from reading the answer: a body that is not JSON or not shaped as documented.
	return new VendorError({
		code: 'MALFORMED_RESPONSE',
		message: `Aliyun answered with a body that could not be read${
			options.sending ? '; it may have accepted the request, so it is not sent again' : ''
		}.`,
		retryable: false,
		maybeSent: options.sending,
	});
}

/**
 * A server error on a send. Aliyun warns that a send answered with a 5xx (InternalError,
 * ServiceUnavailable) may still have gone out, so it leaves the messages' outcome unknown and is never
 * sent again (docs/protocols/aliyun.md#error-codes).
 */
function asSendFailure(failure: VendorError): VendorError {
	const { httpStatus } = failure;
	if (httpStatus === undefined || httpStatus < 500) return failure;
	const said = failure.info.message.match(/\(Aliyun said: [\s\S]*\)$/)?.[0] ?? '';
	const info = {
		code: failure.info.code,
		message:
			`Aliyun answered with a server error (HTTP ${httpStatus}). It may still have accepted the messages, so they are not sent again automatically; check their delivery status before resending. ${said}`.trim(),
		retryable: false,
		maybeSent: true,
	};
	return new VendorError(info, { httpStatus });
}

/** Delivery-receipt codes (QuerySendDetails ErrCode, SmsReport err_code) in plain English. */
const DELIVERY_CODES: Record<string, string> = {
	DELIVERED: 'Delivered to the handset.',
	UNDELIV: 'The carrier could not deliver the message.',
	EXPIRED: 'The message expired before the handset could receive it (phone off or out of coverage for too long).',
	REJECTD: 'The carrier rejected the message.',
};

export function deliveryErrorMessage(code: string, vendorText: string): string {
	const said = vendorText ? ` (Aliyun said: ${vendorText})` : '';
	return `${DELIVERY_CODES[code] ?? `The carrier reported delivery failure code ${code}.`}${said}`;
}
