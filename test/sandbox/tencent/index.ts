/**
 * Tencent Cloud SMS simulator, API 3.0 version 2021-01-11 (docs/protocols/tencent.md): `POST /` with a JSON
 * body, the action and version in `X-TC-*` headers, every request signed with TC3-HMAC-SHA256 (./tc3.ts), and
 * every answer HTTP 200 `{"Response": {…, "RequestId"}}` — failures as `Response.Error {Code, Message}`.
 *
 * Where the documents are silent (our choices, each answered with a code Tencent documents):
 * - Parameters are typed as the SDK models declare them; a value of another type answers `InvalidParameter`.
 * - A wrong SmsSdkAppId answers `UnauthorizedOperation.SmsSdkAppIdVerifyFail` on every action that takes one.
 * - Pulling receipts or replies while "pull" is not activated for the account (Sandbox.setPullEnabled)
 *   answers `UnauthorizedOperation.RequestPermissionDeny`, listed for both actions in the official SDKs.
 * - PullSmsSendStatusByPhoneNumber: `Offset` is "currently fixed at 0", so any other value answers
 *   `InvalidParameterValue.OffsetVerifyFail`; the window selects messages by the time they were sent, and
 *   only messages whose receipt has arrived are listed.
 * - Templates are all mainland templates (`International` 0); a call to numbers outside the mainland answers
 *   `UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone`. Signatures are approved and numbered from 1
 *   in the order they were defined.
 * - SmsPackagesStatistics requires BeginTime and EndTime (`yyyymmddhh`, China time), as the SDK model
 *   (tencentcloud-sdk-nodejs-sms 4.1.306) declares; an EndTime before BeginTime or after the current hour
 *   answers `InvalidParameterValue.EndTimeVerifyFail`.
 * - Numbers beyond the balance (Sandbox.setBalance) fail with `FailedOperation.InsufficientBalanceInSmsPackage`.
 * - Only POST with a JSON body is simulated (the SDK's way); a GET answers `InvalidParameter`.
 */
import { randomUUID } from 'node:crypto';

import { parsePhoneNumberFromString } from 'libphonenumber-js';

import { TENCENT_ACCOUNT } from '../accounts';
import type { InboundReply, ParsedRequest, SandboxState, VendorReply, VendorSimulator } from '../plugin';
import { countParts, placeholderNames, PullQueue } from '../shared';
import type { DeliverOptions, SandboxTemplate, SentMessage } from '../types';
import { verifyTc3 } from './tc3';

export const TENCENT_VERSION = '2021-01-11';
/** Regions the SMS API answers in (docs/protocols/tencent.md#endpoints; ap-singapore is the international site's). */
const REGIONS = new Set(['ap-guangzhou', 'ap-beijing', 'ap-nanjing', 'ap-singapore']);
const MAX_NUMBERS_PER_SEND = 200;
const MAX_PULL = 100;
const MAX_LIST_PAGE = 100;
const MAX_PACKAGE_PAGE = 500;
const DEFAULT_SIGN_PAGE = 10;
const MAX_IDS_PER_LIST = 100;
const BY_PHONE_WINDOW_SECONDS = 7 * 24 * 3600;
/** Tencent's serial numbers look like `5000:1045710669157053657849499619`. */
const SERIAL_PREFIX = '5000';
/** types.ts DeliverOptions: Tencent's receipt Description for a failure unless the test names one. */
const DEFAULT_FAIL_CODE = 'UNDELIV';
const PLACEHOLDER = /\{(\d+)\}/g;
const MAINLAND_NUMBER = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
const E164 = /^\+[1-9]\d{6,14}$/;
/** When the sandbox account's templates, signatures and message package were created (2024-01-01 00:00 +08:00). */
const ACCOUNT_CREATED = 1704038400;
const PACKAGE_AMOUNT = 1_000_000;
const JSON_HEADERS = { 'content-type': 'application/json' };
const STATUS_CODES: Record<NonNullable<SandboxTemplate['status']>, number> = {
	approved: 0,
	pending: 1,
	rejected: -1,
	cancelled: -1,
};

/** Actions, which are also the RequestRecord.api names of this vendor. */
export const TENCENT_ACTIONS = [
	'SendSms',
	'DescribeSmsTemplateList',
	'DescribeSmsSignList',
	'PullSmsSendStatus',
	'PullSmsSendStatusByPhoneNumber',
	'PullSmsReplyStatus',
	'SmsPackagesStatistics',
] as const;
type TencentAction = (typeof TENCENT_ACTIONS)[number];

/** A failure answered as `Response.Error`. */
class TencentError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

const missing = (name: string) =>
	new TencentError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
const wrongType = (name: string, type: string) =>
	new TencentError('InvalidParameter', `The value of parameter \`${name}\` must be of type ${type}.`);

type Params = Record<string, unknown>;

function optionalString(params: Params, name: string): string | undefined {
	const value = params[name];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw wrongType(name, 'String');
	return value;
}

function requiredString(params: Params, name: string): string {
	const value = optionalString(params, name);
	if (value === undefined) throw missing(name);
	return value;
}

function optionalInteger(params: Params, name: string): number | undefined {
	const value = params[name];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(name, 'Integer');
	return value;
}

function requiredInteger(params: Params, name: string): number {
	const value = optionalInteger(params, name);
	if (value === undefined) throw missing(name);
	return value;
}

function arrayParam<T>(
	params: Params,
	name: string,
	isItem: (item: unknown) => item is T,
	type: string,
): T[] | undefined {
	const value = params[name];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || !value.every(isItem)) throw wrongType(name, `Array of ${type}`);
	return value;
}

const isString = (item: unknown): item is string => typeof item === 'string';
const isInteger = (item: unknown): item is number => typeof item === 'number' && Number.isInteger(item);

/** `Limit` of a pull or a list page, required unless it has a `fallback`: an integer in 0..max. */
function limitParam(params: Params, max: number, fallback?: number): number {
	const limit =
		fallback === undefined ? requiredInteger(params, 'Limit') : (optionalInteger(params, 'Limit') ?? fallback);
	if (limit < 0 || limit > max) {
		throw new TencentError(
			'InvalidParameterValue.LimitVerifyFail',
			`Limit must be between 0 and ${max}, got ${limit}.`,
		);
	}
	return limit;
}

function offsetParam(params: Params, required = false): number {
	const offset = required ? requiredInteger(params, 'Offset') : (optionalInteger(params, 'Offset') ?? 0);
	if (offset < 0)
		throw new TencentError('InvalidParameterValue.OffsetVerifyFail', `Offset must not be negative, got ${offset}.`);
	return offset;
}

/** `International`: 0 (mainland) or 1 (international). */
function internationalParam(params: Params): number {
	const international = requiredInteger(params, 'International');
	if (international !== 0 && international !== 1) {
		throw new TencentError(
			'InvalidParameterValue.InvalidInternational',
			`International must be 0 or 1, got ${international}.`,
		);
	}
	return international;
}

interface Phone {
	/** `+8613800138000`. */
	e164: string;
	countryCode: string;
	/** The number without its country code, `13800138000`. */
	subscriber: string;
	isoCode: string;
	mainland: boolean;
}

/** A number as Tencent reads it: E.164, or for the mainland also `0086…`, `86…` or the bare 11 digits. */
function parsePhone(raw: string): Phone | undefined {
	const mainland = MAINLAND_NUMBER.exec(raw);
	if (mainland) {
		return { e164: `+86${mainland[1]}`, countryCode: '86', subscriber: mainland[1], isoCode: 'CN', mainland: true };
	}
	if (!E164.test(raw) || raw.startsWith('+86')) return undefined;
	const parsed = parsePhoneNumberFromString(raw);
	if (!parsed?.isValid()) return undefined;
	return {
		e164: parsed.number,
		countryCode: parsed.countryCallingCode,
		subscriber: parsed.nationalNumber,
		isoCode: parsed.country ?? 'DEF',
		mainland: false,
	};
}

interface SendStatus {
	SerialNo: string;
	PhoneNumber: string;
	Fee: number;
	SessionContext: string;
	Code: string;
	Message: string;
	IsoCode: string;
}

interface SendStatusReport {
	UserReceiveTime: number;
	CountryCode: string;
	SubscriberNumber: string;
	PhoneNumber: string;
	SerialNo: string;
	ReportStatus: 'SUCCESS' | 'FAIL';
	Description: string;
	SessionContext: string;
}

interface ReplyReport {
	ExtendCode: string;
	CountryCode: string;
	PhoneNumber: string;
	SignName: string;
	ReplyContent: string;
	ReplyTime: number;
	SubscriberNumber: string;
}

/** A number's row of a failed send. */
function failedRow(phoneNumber: string, sessionContext: string, code: string, message: string): SendStatus {
	return {
		SerialNo: '',
		PhoneNumber: phoneNumber,
		Fee: 0,
		SessionContext: sessionContext,
		Code: code,
		Message: message,
		IsoCode: '',
	};
}

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** `yyyymmddhh` in China time, as SmsPackagesStatistics takes its window. */
function chinaHourOf(seconds: number): string {
	return new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 13).replace(/[-T]/g, '');
}

function answer(fields: Record<string, unknown>): VendorReply {
	return {
		status: 200,
		headers: JSON_HEADERS,
		body: JSON.stringify({ Response: { ...fields, RequestId: randomUUID() } }),
	};
}

function errorAnswer(error: TencentError): VendorReply {
	return answer({ Error: { Code: error.code, Message: error.message } });
}

function headerOf(request: ParsedRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

export function createTencentSimulator(state: SandboxState): VendorSimulator {
	const receipts = new PullQueue<SendStatusReport>();
	const replies = new PullQueue<ReplyReport>();
	/** Every receipt that arrived, with when its message was sent, for PullSmsSendStatusByPhoneNumber. */
	let receiptLog: Array<{ sentAt: number; report: SendStatusReport }> = [];
	let pullEnabled = { receipts: true, replies: true };

	const templates = () => state.templates('tencent');

	function checkSdkAppId(params: Params): void {
		const sdkAppId = requiredString(params, 'SmsSdkAppId');
		if (sdkAppId !== TENCENT_ACCOUNT.smsSdkAppId) {
			throw new TencentError(
				'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
				`SmsSdkAppId ${sdkAppId} does not belong to the account of this SecretId.`,
			);
		}
	}

	function checkPullEnabled(kind: keyof typeof pullEnabled): void {
		if (!pullEnabled[kind]) {
			throw new TencentError(
				'UnauthorizedOperation.RequestPermissionDeny',
				'The request has no permission: pulling is not activated for this account, please contact Tencent Cloud SMS support.',
			);
		}
	}

	function sendSms(params: Params) {
		checkSdkAppId(params);
		const numbers = arrayParam(params, 'PhoneNumberSet', isString, 'String');
		if (!numbers) throw missing('PhoneNumberSet');
		if (numbers.length === 0) {
			throw new TencentError('MissingParameter.EmptyPhoneNumberSet', 'The parameter `PhoneNumberSet` is empty.');
		}
		if (numbers.length > MAX_NUMBERS_PER_SEND) {
			throw new TencentError(
				'LimitExceeded.PhoneNumberCountLimit',
				`PhoneNumberSet holds ${numbers.length} numbers, more than the ${MAX_NUMBERS_PER_SEND} a request may carry.`,
			);
		}
		const templateId = requiredString(params, 'TemplateId');
		const signName = optionalString(params, 'SignName') ?? '';
		const values = arrayParam(params, 'TemplateParamSet', isString, 'String') ?? [];
		const sessionContext = optionalString(params, 'SessionContext') ?? '';
		// Checked for their type only: the sandbox account has no extension codes and no sender ids.
		optionalString(params, 'ExtendCode');
		optionalString(params, 'SenderId');

		const phones = numbers.map(parsePhone);
		const mainland = phones.some((phone) => phone?.mainland);
		const international = phones.some((phone) => phone && !phone.mainland);
		if (mainland && international) {
			throw new TencentError(
				'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
				'PhoneNumberSet mixes Chinese mainland and international numbers.',
			);
		}
		if (international) {
			throw new TencentError(
				'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
				`Template ${templateId} is a Chinese mainland template and cannot be sent to international numbers.`,
			);
		}

		const template = templates().get(templateId);
		const problem = problemOf(template, signName, values);
		const text = template && !problem ? `【${signName}】${render(template.content, values)}` : '';
		const accepted: Array<Omit<SentMessage, 'acceptedAt'>> = [];
		const rows = numbers.map((raw, index): SendStatus => {
			const phone = phones[index];
			if (!phone) {
				return failedRow(
					raw,
					sessionContext,
					'InvalidParameterValue.IncorrectPhoneNumber',
					`${raw} is not a valid phone number.`,
				);
			}
			if (problem) return failedRow(phone.e164, sessionContext, problem.code, problem.message);
			if (!state.canPay('tencent', accepted.length + 1)) {
				return failedRow(
					phone.e164,
					sessionContext,
					'FailedOperation.InsufficientBalanceInSmsPackage',
					'The SMS package balance is insufficient.',
				);
			}
			const serialNo = `${SERIAL_PREFIX}:${state.nextId()}`;
			accepted.push({
				vendor: 'tencent',
				api: 'SendSms',
				phone: raw,
				text,
				templateId,
				variables: values,
				messageId: serialNo,
				outId: sessionContext || undefined,
				signName,
			});
			return {
				SerialNo: serialNo,
				PhoneNumber: phone.e164,
				Fee: countParts(text),
				SessionContext: sessionContext,
				Code: 'Ok',
				Message: 'send success',
				IsoCode: phone.isoCode,
			};
		});
		state.accept(accepted);
		return { SendStatusSet: rows };
	}

	/** Why no number of a send can be accepted (signature, template, values), if anything. */
	function problemOf(
		template: SandboxTemplate | undefined,
		signName: string,
		values: string[],
	): TencentError | undefined {
		if (!state.signatures('tencent').has(signName)) {
			return new TencentError(
				'FailedOperation.SignatureIncorrectOrUnapproved',
				`The signature "${signName}" is not approved or is incorrectly formatted.`,
			);
		}
		if (!template || (template.status ?? 'approved') !== 'approved') {
			return new TencentError(
				'FailedOperation.TemplateIncorrectOrUnapproved',
				'The template is not approved or its content does not match the approved template.',
			);
		}
		const expected = placeholderNames(template.content, PLACEHOLDER).length;
		if (values.length !== expected) {
			return new TencentError(
				'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
				`TemplateParamSet holds ${values.length} values; the approved template has ${expected} variables.`,
			);
		}
		return undefined;
	}

	function render(content: string, values: string[]): string {
		return content.replace(PLACEHOLDER, (_, position: string) => values[Number(position) - 1] ?? '');
	}

	function describeTemplates(params: Params) {
		const international = internationalParam(params);
		const ids = arrayParam(params, 'TemplateIdSet', isInteger, 'Integer') ?? [];
		if (ids.length > MAX_IDS_PER_LIST) {
			throw new TencentError('InvalidParameterValue', `TemplateIdSet may hold at most ${MAX_IDS_PER_LIST} ids.`);
		}
		const listed = international === 1 ? [] : [...templates().values()];
		const chosen =
			ids.length > 0
				? listed.filter((template) => ids.includes(Number(template.id)))
				: pageFrom(listed, offsetParam(params), limitParam(params, MAX_LIST_PAGE, 0));
		return {
			DescribeTemplateStatusSet: chosen.map((template) => ({
				TemplateId: Number(template.id),
				International: 0,
				StatusCode: STATUS_CODES[template.status ?? 'approved'],
				ReviewReply: template.reason ?? '',
				TemplateName: template.name ?? `模板${template.id}`,
				CreateTime: ACCOUNT_CREATED,
				TemplateContent: template.content,
			})),
		};
	}

	function describeSignatures(params: Params) {
		const international = internationalParam(params);
		const ids = arrayParam(params, 'SignIdSet', isInteger, 'Integer') ?? [];
		if (ids.length > MAX_IDS_PER_LIST) {
			throw new TencentError('InvalidParameterValue', `SignIdSet may hold at most ${MAX_IDS_PER_LIST} ids.`);
		}
		const listed =
			international === 1
				? []
				: [...state.signatures('tencent')].map((signName, index) => ({ signName, signId: index + 1 }));
		const chosen =
			ids.length > 0
				? listed.filter((signature) => ids.includes(signature.signId))
				: pageFrom(listed, offsetParam(params), limitParam(params, MAX_LIST_PAGE, DEFAULT_SIGN_PAGE));
		return {
			DescribeSignListStatusSet: chosen.map(({ signName, signId }) => ({
				SignId: signId,
				International: 0,
				StatusCode: 0,
				ReviewReply: '',
				SignName: signName,
				CreateTime: ACCOUNT_CREATED,
				QualificationId: 1,
				QualificationName: '沙箱测试有限公司',
				QualificationStatusCode: 1,
			})),
		};
	}

	function pullSendStatus(params: Params) {
		checkSdkAppId(params);
		const limit = limitParam(params, MAX_PULL);
		checkPullEnabled('receipts');
		return { PullSmsSendStatusSet: receipts.take(limit) };
	}

	function pullSendStatusByPhoneNumber(params: Params) {
		checkSdkAppId(params);
		const now = unixSeconds(new Date());
		const begin = requiredInteger(params, 'BeginTime');
		if (begin < now - BY_PHONE_WINDOW_SECONDS) {
			throw new TencentError('InvalidParameterValue.BeginTimeVerifyFail', 'BeginTime may be at most 7 days ago.');
		}
		const end = optionalInteger(params, 'EndTime') ?? now;
		if (end < begin)
			throw new TencentError('InvalidParameterValue.EndTimeVerifyFail', 'EndTime is earlier than BeginTime.');
		if (requiredInteger(params, 'Offset') !== 0) {
			throw new TencentError('InvalidParameterValue.OffsetVerifyFail', 'Offset is currently fixed at 0.');
		}
		const limit = limitParam(params, MAX_PULL);
		const raw = requiredString(params, 'PhoneNumber');
		const phone = parsePhone(raw);
		if (!phone)
			throw new TencentError('InvalidParameterValue.IncorrectPhoneNumber', `${raw} is not a valid phone number.`);
		const reports = receiptLog
			.filter(({ sentAt, report }) => report.PhoneNumber === phone.e164 && sentAt >= begin && sentAt <= end)
			.map(({ report }) => report);
		return { PullSmsSendStatusSet: reports.slice(0, limit) };
	}

	function pullReplyStatus(params: Params) {
		checkSdkAppId(params);
		const limit = limitParam(params, MAX_PULL);
		checkPullEnabled('replies');
		return { PullSmsReplyStatusSet: replies.take(limit) };
	}

	function packagesStatistics(params: Params) {
		checkSdkAppId(params);
		const limit = limitParam(params, MAX_PACKAGE_PAGE);
		const offset = offsetParam(params, true);
		const [begin, end] = ['BeginTime', 'EndTime'].map((name) => {
			const hour = requiredString(params, name);
			if (!/^\d{10}$/.test(hour)) {
				throw new TencentError(`InvalidParameterValue.${name}VerifyFail`, `${name} must be yyyymmddhh, got "${hour}".`);
			}
			return hour;
		});
		if (end < begin || end > chinaHourOf(unixSeconds(new Date()))) {
			throw new TencentError(
				'InvalidParameterValue.EndTimeVerifyFail',
				'EndTime must not be earlier than BeginTime nor later than the current hour.',
			);
		}
		const created = chinaHourOf(ACCOUNT_CREATED);
		const packages =
			created >= begin && created <= end
				? [
						{
							PackageCreateTime: ACCOUNT_CREATED,
							PackageEffectiveTime: ACCOUNT_CREATED,
							PackageExpiredTime: ACCOUNT_CREATED + 3 * 365 * 24 * 3600,
							PackageAmount: PACKAGE_AMOUNT,
							PackageType: 1,
							PackageId: 1,
							CurrentUsage: Math.min(PACKAGE_AMOUNT, state.sent('tencent').length),
						},
					]
				: [];
		return { SmsPackagesStatisticsSet: pageFrom(packages, offset, limit) };
	}

	const actions: Record<TencentAction, (params: Params) => Record<string, unknown>> = {
		SendSms: sendSms,
		DescribeSmsTemplateList: describeTemplates,
		DescribeSmsSignList: describeSignatures,
		PullSmsSendStatus: pullSendStatus,
		PullSmsSendStatusByPhoneNumber: pullSendStatusByPhoneNumber,
		PullSmsReplyStatus: pullReplyStatus,
		SmsPackagesStatistics: packagesStatistics,
	};

	/** The gateway's checks before an action runs: signature, action, version, region, body. */
	function callOf(request: ParsedRequest): { action: TencentAction; params: Params } {
		const refusal = verifyTc3(
			request,
			(secretId) => (secretId === TENCENT_ACCOUNT.secretId ? TENCENT_ACCOUNT.secretKey : undefined),
			unixSeconds(new Date()),
		);
		if (refusal) throw new TencentError(refusal.code, refusal.message);
		const action = headerOf(request, 'x-tc-action');
		if (!action) throw missing('Action');
		if (!(TENCENT_ACTIONS as readonly string[]).includes(action)) {
			throw new TencentError('InvalidAction', `The action \`${action}\` is not found for service \`sms\`.`);
		}
		const version = headerOf(request, 'x-tc-version');
		if (!version) throw missing('Version');
		if (version !== TENCENT_VERSION) {
			throw new TencentError(
				'NoSuchVersion',
				`The requested version \`${version}\` of service \`sms\` does not exist.`,
			);
		}
		const region = headerOf(request, 'x-tc-region');
		if (!region) throw missing('Region');
		if (!REGIONS.has(region))
			throw new TencentError('UnsupportedRegion', `The action does not support region \`${region}\`.`);
		if (request.method !== 'POST') {
			throw new TencentError('InvalidParameter', 'The sandbox simulates POST requests with a JSON body only.');
		}
		let params: unknown;
		try {
			params = JSON.parse(request.body.toString('utf8'));
		} catch {
			params = undefined;
		}
		if (typeof params !== 'object' || params === null || Array.isArray(params)) {
			throw new TencentError('FailedOperation.JsonParseFail', 'The request body is not a JSON object.');
		}
		return { action: action as TencentAction, params: params as Params };
	}

	return {
		name: 'tencent',
		apiOf: (request) => headerOf(request, 'x-tc-action') ?? 'unknown',
		handle(request) {
			try {
				const { action, params } = callOf(request);
				return answer(actions[action](params));
			} catch (error) {
				if (error instanceof TencentError) return errorAnswer(error);
				throw error;
			}
		},
		throttleReply: () =>
			errorAnswer(
				new TencentError(
					'RequestLimitExceeded',
					'Your current request times exceed the frequency limit per second. Please reduce the frequency of calls.',
				),
			),
		deliver(messages: SentMessage[], options: DeliverOptions) {
			const receivedAt = unixSeconds(new Date());
			for (const message of messages) {
				const phone = parsePhone(message.phone)!;
				const failed = options.fail?.(message) ?? false;
				const report: SendStatusReport = {
					UserReceiveTime: receivedAt,
					CountryCode: phone.countryCode,
					SubscriberNumber: phone.subscriber,
					PhoneNumber: phone.e164,
					SerialNo: message.messageId,
					ReportStatus: failed ? 'FAIL' : 'SUCCESS',
					Description: failed ? (options.failCode ?? DEFAULT_FAIL_CODE) : 'DELIVRD',
					SessionContext: message.outId ?? '',
				};
				receipts.report(report, options);
				receiptLog.push({ sentAt: unixSeconds(message.acceptedAt), report });
			}
		},
		pendingReceipts: () => receipts.size,
		reply(inbound: InboundReply) {
			const phone = parsePhone(inbound.phone);
			if (!phone) throw new Error(`reply: ${inbound.phone} is not a phone number Tencent would report`);
			replies.report(
				{
					ExtendCode: inbound.extendCode ?? '',
					CountryCode: phone.countryCode,
					PhoneNumber: phone.e164,
					SignName: inbound.signName ?? TENCENT_ACCOUNT.signName,
					ReplyContent: inbound.text,
					ReplyTime: unixSeconds(inbound.receivedAt),
					SubscriberNumber: phone.subscriber,
				},
				{},
			);
		},
		pendingReplies: () => replies.size,
		setPullEnabled(kind, enabled) {
			pullEnabled = { ...pullEnabled, [kind]: enabled };
		},
		reset() {
			receipts.clear();
			replies.clear();
			receiptLog = [];
			pullEnabled = { receipts: true, replies: true };
		},
	};
}

function pageFrom<T>(items: T[], offset: number, limit: number): T[] {
	return items.slice(offset, offset + limit);
}
