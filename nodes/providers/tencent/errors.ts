/**
 * Tencent Cloud SMS error codes (docs/protocols/tencent.md#error-codes) in plain English: the whole-request
 * `Response.Error` codes and the per-number `SendStatusSet[].Code`s share one table.
 */
import { accountWide, permanent, redact, retryLater, tableError, type ErrorTableEntry } from '../shared/errorTable';
import { VendorError } from '../types';

const VENDOR = 'Tencent Cloud SMS';

const THROTTLED = retryLater(
	'Tencent Cloud is rate-limiting this account (too many requests per second); the request can be retried shortly.',
);
const SIGNATURE_PROBLEM = accountWide(
	'The signature (SignName) is wrong or not approved for this account. Use an approved signature exactly as listed in the Tencent Cloud SMS console, without 【】.',
);
const TEMPLATE_PROBLEM = accountWide(
	'The template (TemplateId) does not exist, is not approved, or belongs to another account or SMS application. Check it in the Tencent Cloud SMS console.',
);
const BLACKLISTED = permanent(
	'The number is on the blacklist, usually because its owner unsubscribed or the carrier blocked it.',
);
const SUSPENDED = accountWide(
	'Tencent Cloud suspended the service because the account is in arrears. Pay the outstanding balance in the Tencent Cloud console.',
);
const UNSUPPORTED_REGION = permanent('Tencent Cloud SMS does not send to this country or region.');
const APP_ID_PROBLEM = accountWide(
	'Tencent Cloud does not accept the SmsSdkAppId: it does not exist or belongs to another account. Copy the SdkAppId (such as 1400006666) from Application Management in the Tencent Cloud SMS console.',
);

/** Codes from Tencent's SMS error list and common API errors [TC3, TC4]. */
const TENCENT_ERRORS: Record<string, ErrorTableEntry> = {
	// Authentication (common API errors).
	'AuthFailure.SecretIdNotFound': accountWide(
		'Tencent Cloud does not know this SecretId (or it was deleted or disabled). Check the SecretId in the credential against API Key Management in the Tencent Cloud console.',
	),
	'AuthFailure.SignatureFailure': accountWide(
		'Tencent Cloud rejected the request signature: the SecretKey is wrong. Copy it again from API Key Management (check for extra spaces).',
	),
	'AuthFailure.InvalidSecretId': accountWide(
		'The SecretId is not a valid Tencent Cloud API key (it should start with AKID). Check the SecretId in the credential.',
	),
	'AuthFailure.InvalidAuthorization': accountWide(
		'Tencent Cloud could not read the request signature (a bug in this node; please report it).',
	),
	'AuthFailure.SignatureExpire': accountWide(
		"Tencent Cloud rejected the request time: this machine's clock is more than 5 minutes off. Fix the system clock.",
	),
	'AuthFailure.UnauthorizedOperation': accountWide(
		'This API key may not use Tencent Cloud SMS: grant its user the QcloudSMSFullAccess policy in Cloud Access Management (CAM).',
	),
	'AuthFailure.TokenFailure': accountWide('Tencent Cloud rejected the temporary token of this API key.'),
	'AuthFailure.MFAFailure': accountWide('This API key needs multi-factor authentication, which API calls cannot give.'),
	UnsupportedRegion: accountWide(
		'Tencent Cloud SMS is not offered in the region set in the credential. Use ap-guangzhou, ap-beijing or ap-nanjing.',
	),
	RequestLimitExceeded: THROTTLED,
	'RequestLimitExceeded.UinLimitExceeded': THROTTLED,
	'RequestLimitExceeded.IPLimitExceeded': THROTTLED,
	'RequestLimitExceeded.GlobalRegionUinLimitExceeded': THROTTLED,

	// The account and its SMS application.
	'UnauthorizedOperation.SmsSdkAppIdVerifyFail': APP_ID_PROBLEM,
	'InvalidParameterValue.SdkAppIdNotExist': APP_ID_PROBLEM,
	'InvalidParameter.AppidAndBizId': APP_ID_PROBLEM,
	'UnauthorizedOperation.SdkAppIdIsDisabled': accountWide(
		'Tencent Cloud disabled this SMS application (SdkAppId). Contact Tencent Cloud SMS support.',
	),
	'UnauthorizedOperation.ServiceSuspendDueToArrears': SUSPENDED,
	'UnauthorizedOperation.SerivceSuspendDueToArrears': SUSPENDED,
	'UnauthorizedOperation.RequestIpNotInWhitelist': accountWide(
		"This server's IP address is not on the SMS application's IP allow list. Add it in the Tencent Cloud SMS console, or ask support to.",
	),
	'UnauthorizedOperation.RequestPermissionDeny': accountWide(
		'Tencent Cloud SMS refused this request: the account has no permission for it. Contact Tencent Cloud SMS support.',
	),
	'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny': accountWide(
		'Accounts verified as individuals may not send marketing SMS. Verify the account as an enterprise, or send a notification template.',
	),
	'FailedOperation.InsufficientBalanceInSmsPackage': accountWide(
		'The SMS package balance of this Tencent Cloud account is used up: no messages left. Buy a package in the Tencent Cloud SMS console, then send again.',
	),
	'FailedOperation.MarketingSendTimeConstraint': accountWide(
		'Tencent Cloud only sends marketing SMS between 08:00 and 22:00 (China time); send later.',
	),
	'LimitExceeded.AppDailyLimit': accountWide(
		"The SMS application's daily sending cap was reached. Raise it in the console's frequency limits, or wait until tomorrow.",
	),
	'LimitExceeded.DailyLimit': accountWide(
		'The daily cap for international SMS was reached. Ask Tencent Cloud SMS support to raise it, or wait until tomorrow.',
	),
	'LimitExceeded.AppMainlandChinaDailyLimit': accountWide(
		"The SMS application's daily cap for mainland China was reached. Raise it in the console, or wait until tomorrow.",
	),
	'LimitExceeded.AppGlobalDailyLimit': accountWide(
		"The SMS application's daily cap for international SMS was reached. Raise it in the console, or wait until tomorrow.",
	),

	// Signature and template.
	'FailedOperation.SignatureIncorrectOrUnapproved': SIGNATURE_PROBLEM,
	'FailedOperation.MissingSignatureList': SIGNATURE_PROBLEM,
	'FailedOperation.TemplateIncorrectOrUnapproved': TEMPLATE_PROBLEM,
	'FailedOperation.TemplateUnapprovedOrNotExist': TEMPLATE_PROBLEM,
	'FailedOperation.MissingTemplateList': TEMPLATE_PROBLEM,
	'FailedOperation.TemplateIdNotExist': TEMPLATE_PROBLEM,
	'FailedOperation.TemplateParamSetNotMatchApprovedTemplate': permanent(
		"The number of template values differs from the template's placeholders {1}, {2}, …: give one value for each.",
	),
	'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone': permanent(
		'A mainland China template cannot be sent to a number outside mainland China; use an international template for it.',
	),
	'UnsupportedOperation.GlobalTemplateToChineseMainlandPhone': permanent(
		'An international template cannot be sent to a mainland China number; use a mainland template for +86 numbers.',
	),

	// The message and the number.
	'FailedOperation.ContainSensitiveWord': permanent('Tencent Cloud blocked the text: it contains a sensitive word.'),
	'FailedOperation.PhoneNumberInBlacklist': BLACKLISTED,
	'FailedOperation.PhoneNumberOnBlacklist': BLACKLISTED,
	'InvalidParameterValue.IncorrectPhoneNumber': permanent('Tencent Cloud rejected the phone number as invalid.'),
	'InvalidParameterValue.ContentLengthLimit': permanent('The text is longer than Tencent Cloud allows.'),
	'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': permanent(
		'A template value contains a URL, which Tencent Cloud does not allow in values.',
	),
	'InvalidParameterValue.TemplateParameterFormatError': permanent(
		'A verification-code template only takes values of 0 to 6 digits.',
	),
	'InvalidParameterValue.TemplateParameterLengthLimit': permanent(
		'A template value is longer than 12 characters, the limit for accounts not verified as an enterprise.',
	),
	'LimitExceeded.PhoneNumberThirtySecondLimit': permanent(
		"This number reached the application's 30-second sending cap (set in the console's frequency limits); send to it again later.",
	),
	'LimitExceeded.PhoneNumberOneHourLimit': permanent(
		"This number reached the application's hourly sending cap (set in the console's frequency limits); send to it again later.",
	),
	'LimitExceeded.PhoneNumberDailyLimit': permanent(
		"This number reached the application's daily sending cap (set in the console's frequency limits); send to it again tomorrow.",
	),
	'LimitExceeded.PhoneNumberSameContentDailyLimit': permanent(
		'This number already got the same text as often as the application allows today.',
	),
	'LimitExceeded.DeliveryFrequencyLimit': permanent(
		"Sending to this number hit the application's frequency limits (set in the console); send to it again later.",
	),
	'LimitExceeded.AppCountryOrRegionDailyLimit': permanent(
		"The application's daily cap for this number's country or region was reached.",
	),
	'LimitExceeded.AppCountryOrRegionInBlacklist': permanent(
		"This number's country or region is blocked in the application's settings.",
	),
	'UnsupportedOperation.UnsupportedRegion': UNSUPPORTED_REGION,
	'UnsupportedOperation.UnsuportedRegion': UNSUPPORTED_REGION,

	// The request itself (a bug in this node if ever met).
	'LimitExceeded.PhoneNumberCountLimit': permanent('More than 200 numbers in one request (SendSms allows 200).'),
	'MissingParameter.EmptyPhoneNumberSet': permanent('The request carried no phone number.'),
	'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber': permanent(
		'Mainland China and other numbers cannot share one request.',
	),
	'FailedOperation.FailResolvePacket': permanent('Tencent Cloud could not read the request.'),
	'FailedOperation.JsonParseFail': permanent('Tencent Cloud could not read the request JSON.'),
	'InternalError.JsonParseFail': permanent('Tencent Cloud could not read the request parameters.'),
	'InternalError.RestApiInterfaceNotExist': permanent('Tencent Cloud does not know this API (check the Base URL).'),
	'InternalError.RequestTimeException': accountWide(
		"Tencent Cloud rejected the request time: this machine's clock is more than 10 minutes off. Fix the system clock.",
	),
};

/**
 * Server faults after the request reached Tencent Cloud SMS. A send may then have gone out: it is left
 * unknown, never repeated; a read can be asked again.
 */
const SERVER_FAULTS = new Set([
	'ServiceUnavailable',
	'InternalError',
	'InternalError.OtherError',
	'InternalError.UnknownError',
	'InternalError.Timeout',
	'InternalError.SendAndRecvFail',
	'InternalError.SigFieldMissing',
	'InternalError.SigVerificationFail',
	'InternalError.ParseBackendResponseFail',
	'FailedOperation.OtherError',
	'FailedOperation.ParametersOtherError',
]);

/** What a pull that Tencent must switch on answers when it is off. */
const PULL_NOT_ENABLED = 'UnauthorizedOperation.RequestPermissionDeny';

/** The pulls that must be switched on for the application, and what they fetch. */
const PULLS: Record<string, string> = {
	PullSmsSendStatus: 'delivery receipts (PullSmsSendStatus)',
	PullSmsReplyStatus: 'replies (PullSmsReplyStatus)',
};

export interface TencentErrorContext {
	/** The API action answered. */
	action: string;
	/** Whether the request could send messages (decides how a server fault is read). */
	sending: boolean;
	/** Texts that must never appear in an error (the SecretKey). */
	secrets: string[];
	/** The HTTP status of the answer that carried the code. */
	httpStatus?: number;
}

/** The error for a code Tencent Cloud answered, with its own words appended; unknown codes keep them. */
export function tencentError(code: string, vendorText: string, context: TencentErrorContext): VendorError {
	const text = redact(vendorText, context.secrets);
	const said = text ? ` (${VENDOR} said: ${text})` : '';
	const pull = PULLS[context.action];
	if (pull && code === PULL_NOT_ENABLED) {
		return new VendorError(
			{
				code: 'PULL_NOT_ENABLED',
				message:
					`Tencent Cloud SMS did not allow pulling ${pull} for this account${said}. Pulling is off by default: ` +
					'switch it on for the SMS application (in the Tencent Cloud SMS console, or ask Tencent Cloud SMS support to enable it), then poll again.',
				retryable: false,
				maybeSent: false,
				accountWide: true,
			},
			{ httpStatus: context.httpStatus },
		);
	}
	if (isServerFault(code, context.sending))
		return withWords(code, serverFault(context.sending), said, context.httpStatus);
	// Tencent adds sub-codes to throttling (per IP, per account, per region).
	if (!(code in TENCENT_ERRORS) && code.startsWith('RequestLimitExceeded'))
		return withWords(code, THROTTLED, said, context.httpStatus);
	return tableError(VENDOR, TENCENT_ERRORS, code, text, context.httpStatus);
}

function withWords(code: string, entry: ErrorTableEntry, said: string, httpStatus?: number): VendorError {
	return new VendorError({ code, ...entry, message: entry.message + said }, { httpStatus });
}

/** The per-number failure of a SendSms row, as one recipient's error. */
export function rowError(code: string, vendorText: string, secrets: string[]): VendorError {
	return tencentError(code, vendorText, { action: 'SendSms', sending: true, secrets });
}

/**
 * Whether the code says Tencent's side failed while it handled the request. On a send, an internal error
 * it does not list and an error without a code count too: neither says the messages were not taken.
 */
function isServerFault(code: string, sending: boolean): boolean {
	if (SERVER_FAULTS.has(code)) return true;
	if (!sending) return false;
	return code === 'MALFORMED_RESPONSE' || (code.startsWith('InternalError') && !(code in TENCENT_ERRORS));
}

function serverFault(sending: boolean): ErrorTableEntry {
	return sending
		? {
				message:
					'Tencent Cloud reported an internal error. It may still have accepted the messages, so they are not sent again automatically; check their delivery status before resending.',
				retryable: false,
				maybeSent: true,
			}
		: retryLater('Tencent Cloud reported an internal error; the read can be retried.');
}

/** Carrier delivery statuses (a receipt's Description) in plain English; other codes pass through. */
const DELIVERY_FAILURES: Record<string, string> = {
	UNDELIV: 'The carrier could not deliver the message (the phone may be off, out of service or unreachable).',
	EXPIRED: 'The message expired before the phone could be reached.',
	REJECTD: 'The carrier rejected the message.',
	MBBLACK: 'The number is on the carrier blacklist.',
	UNKNOWN: 'The carrier did not confirm delivery (status unknown).',
};

export function deliveryErrorMessage(code: string): string {
	return DELIVERY_FAILURES[code] ?? `The carrier reported that delivery failed${code ? ` (${code})` : ''}.`;
}
