/**
 * Dysmsapi 2017-05-25 simulator (docs/protocols/aliyun.md#send, #batch-send, #status-query, #templates): SendSms, SendBatchSms, QuerySendDetails,
 * the template queries and the signature list behind the RPC gateway, PascalCase JSON answers, business errors as HTTP 200 with
 * Code != OK, one BizId per request.
 *
 * Where the document is silent: a request with one bad number, signature or variable fails as a whole;
 * missing required parameters answer HTTP 400 `Missing<Name>`; out-of-range paging or dates answer
 * isv.INVALID_PARAMETERS; international numbers are accepted with any template (the simulator has no
 * template types). Records and receipts use the number in Aliyun's own form (mainland: 11 digits). A
 * send that needs more messages than the balance (Sandbox.setBalance) has left is refused whole with
 * isv.AMOUNT_NOT_ENOUGH after every other check, as is any send once the balance is 0.
 */
import type { SandboxState, VendorSimulator } from '../plugin';
import { countParts, formatChinaTime, pageOf, placeholderNames } from '../shared';
import type { DeliverOptions, SandboxTemplate, SentMessage } from '../types';
import type { MessageQueue } from './mns';
import { AliyunFault, RpcGateway, type RpcAction, type RpcCall } from './rpc';

export const DYSMSAPI_VERSION = '2017-05-25';
const MAX_SEND_SMS_NUMBERS = 1000;
const MAX_SEND_BATCH_NUMBERS = 100;
const MAX_QUERY_PAGE_SIZE = 50;
const QUERY_WINDOW_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
/** types.ts DeliverOptions: Aliyun's default failure code. */
const DEFAULT_FAIL_CODE = 'MK:0001';
const TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const PLACEHOLDER = /\$\{([^{}]+)\}/g;
const MAINLAND = /^(?:\+|\+86|0086|86)?(1[3-9]\d{9})$/;
/** International: country code + number, no `+` (docs/protocols/aliyun.md#phone-numbers). */
const INTERNATIONAL = /^[1-9]\d{6,14}$/;
const TEMPLATE_STATUS: Record<NonNullable<SandboxTemplate['status']>, number> = {
	pending: 0,
	approved: 1,
	rejected: 2,
	cancelled: 10,
};
const AUDIT_STATUS: Record<NonNullable<SandboxTemplate['status']>, string> = {
	pending: 'AUDIT_STATE_INIT',
	approved: 'AUDIT_STATE_PASS',
	rejected: 'AUDIT_STATE_NOT_PASS',
	cancelled: 'AUDIT_SATE_CANCEL',
};

/** One accepted message as QuerySendDetails and the receipt queue know it. */
interface SendRecord {
	message: SentMessage;
	/** Aliyun's form of the number: 11 digits for the mainland, country code + number otherwise. */
	number: string;
	sendStatus: 1 | 2 | 3;
	errCode: string;
	receivedAt?: Date;
}

const business = (code: string, message: string): AliyunFault => new AliyunFault(200, code, message);

function required(call: RpcCall, name: string): string {
	const value = call.params.get(name);
	if (value === undefined || value === '')
		throw new AliyunFault(400, `Missing${name}`, `${name} is mandatory for this action.`);
	return value;
}

/** Aliyun's form of a number, or undefined when it is not one (mainland prefixes +, +86, 0086, 86 are dropped). */
function aliyunNumber(raw: string): string | undefined {
	const text = raw.trim();
	const mainland = MAINLAND.exec(text);
	if (mainland) return mainland[1];
	return INTERNATIONAL.test(text) ? text : undefined;
}

function parseJson(text: string, code: string, message: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw business(code, message);
	}
}

export function createDysmsapiSimulator(state: SandboxState, queue: MessageQueue): VendorSimulator {
	const gateway = new RpcGateway(state, 'dysmsapi.aliyuncs.com', 'Dysmsapi');
	let records: SendRecord[] = [];
	const recordOf = new Map<SentMessage, SendRecord>();
	// BizIds look like `734404282527581474^0`; the seed-derived id keeps them unique per sandbox.
	const bizId = (): string => `${state.nextId()}00^0`;

	function approvedTemplate(code: string): SandboxTemplate {
		const template = state.templates('aliyun').get(code);
		if (!template || (template.status ?? 'approved') !== 'approved') {
			throw business('isv.SMS_TEMPLATE_ILLEGAL', '模板不合法(不存在或被拉黑)');
		}
		return template;
	}

	function checkSignature(signName: string): void {
		if (!state.signatures('aliyun').has(signName))
			throw business('isv.SMS_SIGNATURE_ILLEGAL', '签名不合法(不存在或被拉黑)');
	}

	function checkNumbers(phones: string[], max: number): void {
		if (phones.length > max) throw business('isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制');
		const invalid = phones.find((phone) => !aliyunNumber(phone));
		if (invalid !== undefined) throw business('isv.MOBILE_NUMBER_ILLEGAL', `非法手机号: ${invalid}`);
	}

	/**
	 * The variables of one TemplateParam object: every value a string, every one of the template's
	 * placeholder `names` (worked out once per request, not once per number) present.
	 */
	function variablesOf(param: unknown, names: string[]): Record<string, string> {
		if (param === undefined && names.length === 0) return {};
		if (param === null || typeof param !== 'object' || Array.isArray(param)) {
			throw business('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
		}
		const entries = Object.entries(param as Record<string, unknown>);
		if (entries.some(([, value]) => typeof value !== 'string')) {
			throw business('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
		}
		const variables = Object.fromEntries(entries) as Record<string, string>;
		const missing = names.filter((name) => !(name in variables));
		if (missing.length > 0)
			throw business('isv.TEMPLATE_MISSING_PARAMETERS', `模板变量缺少对应参数值: ${missing.join(',')}`);
		return variables;
	}

	function accept(
		api: string,
		template: SandboxTemplate,
		outId: string | undefined,
		sends: Array<[string, string, Record<string, string>]>,
	): string {
		// Aliyun bills a request as a whole: one that needs more than the balance has left is refused
		// entirely (no number accepted) rather than sent to the first numbers only.
		if (!state.canPay('aliyun', sends.length)) throw business('isv.AMOUNT_NOT_ENOUGH', '账户余额不足');
		const id = bizId();
		const accepted = state.accept(
			sends.map(([phone, signName, variables]) => ({
				vendor: 'aliyun' as const,
				api,
				phone,
				text: `【${signName}】${template.content.replace(PLACEHOLDER, (_, name: string) => variables[name] ?? '')}`,
				templateId: template.id,
				variables,
				messageId: id,
				outId,
				signName,
			})),
		);
		for (const message of accepted) {
			const record: SendRecord = {
				message,
				number: aliyunNumber(message.phone) ?? message.phone,
				sendStatus: 1,
				errCode: '',
			};
			records.push(record);
			recordOf.set(message, record);
		}
		return id;
	}

	function sendSms(call: RpcCall): Record<string, unknown> {
		const phones = required(call, 'PhoneNumbers')
			.split(',')
			.map((phone) => phone.trim());
		checkNumbers(phones, MAX_SEND_SMS_NUMBERS);
		const signName = required(call, 'SignName');
		const template = approvedTemplate(required(call, 'TemplateCode'));
		checkSignature(signName);
		const rawParam = call.params.get('TemplateParam');
		const param = rawParam
			? parseJson(rawParam, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值')
			: undefined;
		const variables = variablesOf(param, placeholderNames(template.content, PLACEHOLDER));
		const id = accept(
			'SendSms',
			template,
			call.params.get('OutId'),
			phones.map((phone) => [phone, signName, variables]),
		);
		return { BizId: id };
	}

	function sendBatchSms(call: RpcCall): Record<string, unknown> {
		const invalid = (what: string) => business('isv.INVALID_PARAMETERS', `参数异常: ${what}`);
		const phones = parseJson(required(call, 'PhoneNumberJson'), 'isv.INVALID_PARAMETERS', '参数异常: PhoneNumberJson');
		const signs = parseJson(required(call, 'SignNameJson'), 'isv.INVALID_PARAMETERS', '参数异常: SignNameJson');
		const template = approvedTemplate(required(call, 'TemplateCode'));
		const rawParams = call.params.get('TemplateParamJson');
		const params = rawParams
			? parseJson(rawParams, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值')
			: undefined;
		if (!Array.isArray(phones) || !phones.every((phone) => typeof phone === 'string')) throw invalid('PhoneNumberJson');
		if (!Array.isArray(signs) || signs.length !== phones.length) throw invalid('SignNameJson');
		if (params !== undefined && (!Array.isArray(params) || params.length !== phones.length))
			throw invalid('TemplateParamJson');
		checkNumbers(phones as string[], MAX_SEND_BATCH_NUMBERS);
		for (const signName of signs) checkSignature(String(signName));
		const names = placeholderNames(template.content, PLACEHOLDER);
		const sends = (phones as string[]).map((phone, index): [string, string, Record<string, string>] => [
			phone.trim(),
			String(signs[index]),
			variablesOf(params?.[index], names),
		]);
		return { BizId: accept('SendBatchSms', template, call.params.get('OutId'), sends) };
	}

	function querySendDetails(call: RpcCall): Record<string, unknown> {
		const number = aliyunNumber(required(call, 'PhoneNumber'));
		if (!number) throw business('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
		const sendDate = required(call, 'SendDate');
		const pageSize = Number(required(call, 'PageSize'));
		const currentPage = Number(required(call, 'CurrentPage'));
		const day = /^(\d{4})(\d{2})(\d{2})$/.exec(sendDate);
		const today = Date.parse(`${formatChinaTime(new Date(), 'yyyy-MM-dd')}T00:00:00Z`);
		const age = day ? (today - Date.parse(`${day[1]}-${day[2]}-${day[3]}T00:00:00Z`)) / DAY_MS : NaN;
		if (!(age >= 0 && age <= QUERY_WINDOW_DAYS))
			throw business('isv.INVALID_PARAMETERS', '参数异常: SendDate 只支持查询最近30天');
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_QUERY_PAGE_SIZE) {
			throw business('isv.INVALID_PARAMETERS', '参数异常: PageSize 取值范围 1~50');
		}
		if (!Number.isInteger(currentPage) || currentPage < 1)
			throw business('isv.INVALID_PARAMETERS', '参数异常: CurrentPage');
		const bizIdFilter = call.params.get('BizId');
		const matching = records.filter(
			(record) =>
				record.number === number &&
				formatChinaTime(record.message.acceptedAt, 'yyyyMMdd') === sendDate &&
				(!bizIdFilter || record.message.messageId === bizIdFilter),
		);
		return {
			TotalCount: matching.length,
			SmsSendDetailDTOs: {
				SmsSendDetailDTO: pageOf(matching, currentPage, pageSize).map((record) => ({
					PhoneNum: record.number,
					SendStatus: record.sendStatus,
					ErrCode: record.errCode,
					TemplateCode: record.message.templateId,
					Content: record.message.text,
					SendDate: formatChinaTime(record.message.acceptedAt, TIME_FORMAT),
					ReceiveDate: record.receivedAt ? formatChinaTime(record.receivedAt, TIME_FORMAT) : '',
					OutId: record.message.outId ?? '',
				})),
			},
		};
	}

	function templateOf(call: RpcCall): SandboxTemplate {
		const template = state.templates('aliyun').get(required(call, 'TemplateCode'));
		if (!template) throw business('isv.SMS_TEMPLATE_ILLEGAL', '模板不存在');
		return template;
	}

	const statusOf = (template: SandboxTemplate) => template.status ?? 'approved';
	const rejectInfo = (template: SandboxTemplate) => (statusOf(template) === 'rejected' ? (template.reason ?? '') : '');

	/** What both template queries answer about one template. */
	function templateView(template: SandboxTemplate): Record<string, unknown> {
		return {
			TemplateCode: template.id,
			TemplateName: template.name ?? template.id,
			TemplateContent: template.content,
			CreateDate: formatChinaTime(new Date(), TIME_FORMAT),
		};
	}

	function getSmsTemplate(call: RpcCall): Record<string, unknown> {
		const template = templateOf(call);
		return {
			...templateView(template),
			TemplateStatus: String(TEMPLATE_STATUS[statusOf(template)]),
			TemplateType: '1',
			AuditInfo: { RejectInfo: rejectInfo(template), AuditDate: '' },
		};
	}

	/** Deprecated by GetSmsTemplate; answers TemplateStatus as a number. */
	function querySmsTemplate(call: RpcCall): Record<string, unknown> {
		const template = templateOf(call);
		return {
			...templateView(template),
			TemplateStatus: TEMPLATE_STATUS[statusOf(template)],
			TemplateType: 1,
			Reason: rejectInfo(template) || '无审批备注',
		};
	}

	/** PageIndex (default 1) and PageSize (1–50, default 10) of the list queries. */
	function listPaging(call: RpcCall): { pageIndex: number; pageSize: number } {
		const pageIndex = Number(call.params.get('PageIndex') ?? 1);
		const pageSize = Number(call.params.get('PageSize') ?? 10);
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_QUERY_PAGE_SIZE || !(pageIndex >= 1)) {
			throw business('isv.INVALID_PARAMETERS', '参数异常: PageSize 取值范围 1~50');
		}
		return { pageIndex, pageSize };
	}

	function querySmsTemplateList(call: RpcCall): Record<string, unknown> {
		const { pageIndex, pageSize } = listPaging(call);
		const templates = [...state.templates('aliyun').values()];
		return {
			TotalCount: templates.length,
			CurrentPage: pageIndex,
			PageSize: pageSize,
			SmsTemplateList: pageOf(templates, pageIndex, pageSize).map((template) => ({
				TemplateCode: template.id,
				TemplateName: template.name ?? template.id,
				TemplateContent: template.content,
				TemplateType: 0,
				OuterTemplateType: 1,
				AuditStatus: AUDIT_STATUS[statusOf(template)],
				Reason: { RejectInfo: rejectInfo(template), RejectDate: '', RejectSubInfo: '' },
				CreateDate: formatChinaTime(new Date(), TIME_FORMAT),
				OrderId: '',
			})),
		};
	}

	/** The account's signatures, every one approved (the sandbox's signatures have no review state). */
	function querySmsSignList(call: RpcCall): Record<string, unknown> {
		const { pageIndex, pageSize } = listPaging(call);
		const signatures = [...state.signatures('aliyun')];
		return {
			TotalCount: signatures.length,
			CurrentPage: pageIndex,
			PageSize: pageSize,
			SmsSignList: pageOf(signatures, pageIndex, pageSize).map((signName) => ({
				SignName: signName,
				AuditStatus: AUDIT_STATUS.approved,
				BusinessType: '通用',
				CreateDate: formatChinaTime(new Date(), TIME_FORMAT),
				OrderId: '',
				Reason: { RejectInfo: '', RejectDate: '', RejectSubInfo: '' },
			})),
		};
	}

	const actions: Record<string, RpcAction> = {
		SendSms: sendSms,
		SendBatchSms: sendBatchSms,
		QuerySendDetails: querySendDetails,
		GetSmsTemplate: getSmsTemplate,
		QuerySmsTemplate: querySmsTemplate,
		QuerySmsTemplateList: querySmsTemplateList,
		QuerySmsSignList: querySmsSignList,
	};

	return {
		name: 'aliyun',
		apiOf: RpcGateway.actionOf,
		handle: (request) => gateway.serve(request, DYSMSAPI_VERSION, actions),
		throttleReply: () => gateway.throttleReply(),
		deliver(messages: SentMessage[], options: DeliverOptions) {
			const reportedAt = new Date();
			for (const message of messages) {
				const record = recordOf.get(message);
				if (!record) continue;
				const failed = options.fail?.(message) ?? false;
				Object.assign(record, {
					sendStatus: failed ? 2 : 3,
					errCode: failed ? (options.failCode ?? DEFAULT_FAIL_CODE) : 'DELIVERED',
					receivedAt: reportedAt,
				});
				const report = {
					phone_number: record.number,
					send_time: formatChinaTime(message.acceptedAt, TIME_FORMAT),
					report_time: formatChinaTime(reportedAt, TIME_FORMAT),
					success: !failed,
					err_code: record.errCode,
					err_msg: failed ? '用户接收失败' : '用户接收成功',
					sms_size: String(countParts(message.text)),
					biz_id: message.messageId,
					out_id: message.outId ?? '',
				};
				queue.enqueue(report);
				if (options.duplicate) queue.enqueue(report);
			}
		},
		reset() {
			records = [];
			recordOf.clear();
		},
	};
}
