/**
 * Yunpian v2 simulator (docs/protocols/yunpian.md): form POSTs authenticated by `apikey`, every error as the
 * HTTP 400 envelope `{http_status_code, code, msg, detail}`, per-recipient results for batch sends,
 * destructive pull_status and non-destructive get_record; replies from the destructive pull_reply and the
 * non-destructive get_reply, rows `{id, mobile, text, reply_time, extend, base_extend, _sign}`.
 *
 * Where the document is silent: a batch in which only some recipients fail still answers HTTP 200, the
 * failed entries carrying their own code with count 0, fee 0 and sid 0 (a text that fails its signature
 * or template check fails the whole batch_send/tpl_batch_send, since all recipients share it; in
 * multi_send each text is checked on its own). Valid recipients beyond the balance (Sandbox.setBalance)
 * fail with code 3, those within it are accepted. tpl/get returns `tpl_content` with the 【signature】 in
 * front, as Yunpian stores templates. Templates defined in the sandbox are bound to the account's
 * signature; tpl_* sends use it.
 */
import { YUNPIAN_ACCOUNT } from './accounts';
import type { InboundReply, ParsedRequest, SandboxState, VendorReply, VendorSimulator } from './plugin';
import {
	countParts,
	createTemplateMatcher,
	formatChinaTime,
	pageOf,
	parseChinaTime,
	parseForm,
	placeholderNames,
	PullQueue,
	readCount,
	splitSignature,
} from './shared';
import type { DeliverOptions, SandboxTemplate, SentMessage } from './types';

/** Request paths, which are also the RequestRecord.api names of this vendor. */
export const YUNPIAN_APIS = {
	singleSend: '/v2/sms/single_send.json',
	batchSend: '/v2/sms/batch_send.json',
	multiSend: '/v2/sms/multi_send.json',
	tplSingleSend: '/v2/sms/tpl_single_send.json',
	tplBatchSend: '/v2/sms/tpl_batch_send.json',
	tplGet: '/v2/tpl/get.json',
	userGet: '/v2/user/get.json',
	pullStatus: '/v2/sms/pull_status.json',
	getRecord: '/v2/sms/get_record.json',
	pullReply: '/v2/sms/pull_reply.json',
	getReply: '/v2/sms/get_reply.json',
} as const;

const PLACEHOLDER = /#([^#\s]+)#/g;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
/** International numbers must carry `+`; without it a number is read as a Chinese one. */
const INTERNATIONAL_MOBILE = /^\+[1-9]\d{6,14}$/;
const MAX_MOBILES = 1000;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;
const FEE_PER_PART = 0.05;
const INITIAL_BALANCE = 1000;
/** types.ts DeliverOptions: Yunpian's default failure code. */
const DEFAULT_FAIL_CODE = 'FAIL';
const UNIT = 'RMB';
const JSON_HEADERS = { 'content-type': 'application/json;charset=utf-8' };
const TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const CHECK_STATUS: Record<NonNullable<SandboxTemplate['status']>, string> = {
	approved: 'SUCCESS',
	pending: 'CHECKING',
	rejected: 'FAIL',
	cancelled: 'FAIL',
};

/** A Yunpian error: answered as the HTTP 400 envelope, or as one failed entry of a batch. */
class YunpianError extends Error {
	constructor(
		readonly code: number,
		readonly msg: string,
		readonly detail: string,
	) {
		super(msg);
	}
}

interface Submission {
	mobile: string;
	text: string;
	/** Set for tpl_* sends, whose text the simulator rendered from this template. */
	template?: SandboxTemplate;
	variables?: Record<string, string>;
}

interface SendEntry {
	code: number;
	msg: string;
	count: number;
	fee: number;
	unit: string;
	mobile: string;
	sid: number;
}

interface Outcome {
	reportStatus: 'SUCCESS' | 'FAIL';
	errorMsg: string;
	errorDetail: string;
	receivedAt: Date;
}

/** The extension Yunpian assigns the account; replies carry it as base_extend. */
const BASE_EXTEND = '8888';

/**
 * The time window, number and page of a search (get_record, get_reply): `start_time` and `end_time`
 * (`yyyy-MM-dd HH:mm:ss`, required), `page_num`, `page_size` (at most 100), optional `mobile`.
 */
function searchOf(form: URLSearchParams) {
	const [start, end] = ['start_time', 'end_time'].map((name) => {
		const time = parseChinaTime(required(form, name));
		if (!time) throw badFormat(`参数 ${name} 须为 yyyy-MM-dd HH:mm:ss`);
		return time.getTime();
	});
	const pageNumber = readCount(form.get('page_num'), 1, Number.MAX_SAFE_INTEGER);
	const pageSize = readCount(form.get('page_size'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
	if (!pageNumber || !pageSize) throw badFormat(`page_num 须为正整数，page_size 须在 1 到 ${MAX_PAGE_SIZE} 之间`);
	const mobile = form.get('mobile') || undefined;
	return {
		matches(phone: string, at: Date): boolean {
			// Times on the wire have whole seconds.
			const time = Math.floor(at.getTime() / 1000) * 1000;
			return (!mobile || phone === mobile) && time >= start && time <= end;
		},
		page: <T>(rows: T[]): T[] => pageOf(rows, pageNumber, pageSize),
	};
}

const missing = (name: string) => new YunpianError(1, '请求参数缺失', `参数 ${name} 必须传入`);
const badFormat = (detail: string) => new YunpianError(2, '请求参数格式错误', detail);
const balanceInsufficient = () => new YunpianError(3, '账户余额不足', '余额不足，请充值后再发送');
/** Fees by billed parts, worked out once per count rather than once per message. */
const feesByParts = new Map<number, number>();
function feeOf(parts: number): number {
	let fee = feesByParts.get(parts);
	if (fee === undefined) {
		fee = Number((parts * FEE_PER_PART).toFixed(3));
		feesByParts.set(parts, fee);
	}
	return fee;
}

function required(form: URLSearchParams, name: string): string {
	const value = form.get(name);
	if (!value) throw missing(name);
	return value;
}

function mobilesOf(form: URLSearchParams): string[] {
	const mobiles = required(form, 'mobile').split(',');
	if (mobiles.length > MAX_MOBILES) {
		throw badFormat(`参数 mobile 最多 ${MAX_MOBILES} 个号码，收到 ${mobiles.length} 个`);
	}
	return mobiles;
}

/** multi_send texts: the form value is a comma list of individually urlencoded texts. */
function multiTextsOf(form: URLSearchParams, expected: number): string[] {
	const texts = required(form, 'text')
		.split(',')
		.map((encoded) => {
			try {
				return decodeURIComponent(encoded.replace(/\+/g, ' '));
			} catch {
				throw new YunpianError(14, '解码异常', `text 不是合法的 urlencode 编码: ${encoded}`);
			}
		});
	if (texts.length !== expected) {
		throw new YunpianError(25, '手机号和内容个数不匹配', `mobile 有 ${expected} 个，text 有 ${texts.length} 条`);
	}
	return texts;
}

/** tpl_value arrives double encoded: the form decode gave `%23name%23=value&…`, itself a query string. */
function tplValueOf(form: URLSearchParams): Record<string, string> {
	const variables: Record<string, string> = {};
	for (const [key, value] of new URLSearchParams(form.get('tpl_value') ?? '')) {
		const name = /^#([^#\s]+)#$/.exec(key)?.[1];
		if (!name || value === '') {
			throw badFormat(`tpl_value 中的变量名和值不能为空且变量名形如 #name#: ${key}=${value}`);
		}
		variables[name] = value;
	}
	return variables;
}

function templateView(template: SandboxTemplate) {
	return {
		tpl_id: Number(template.id),
		tpl_content: `【${YUNPIAN_ACCOUNT.signName}】${template.content}`,
		check_status: CHECK_STATUS[template.status ?? 'approved'],
		reason: template.reason ?? null,
		tpl_variable: placeholderNames(template.content, PLACEHOLDER).map((variable) => ({
			variable,
			variableType: 'others',
			paramValueExample: '',
		})),
		country_code: 'CN',
		lang: 'zh_cn',
	};
}

function reply(status: number, body: unknown): VendorReply {
	return { status, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

function errorReply(error: YunpianError, status = 400): VendorReply {
	return reply(status, { http_status_code: status, code: error.code, msg: error.msg, detail: error.detail });
}

export function createYunpianSimulator(state: SandboxState): VendorSimulator {
	const matchTemplate = createTemplateMatcher(PLACEHOLDER);
	const receipts = new PullQueue<ReturnType<typeof pullRow>>();
	const outcomes = new Map<string, Outcome>();
	const replies = new PullQueue<ReturnType<typeof replyRow>>();
	/** Every reply, pulled or not: get_reply searches them all. */
	let allReplies: Array<ReturnType<typeof replyRow>> = [];
	let replyIds = 0;
	let spent = 0;

	const templates = () => state.templates('yunpian');

	/** The approved template a free text matches, after its 【signature】. */
	function templateOfText(text: string): SandboxTemplate {
		const signed = splitSignature(text);
		if (!signed || /[【】]/.test(signed.body)) {
			throw new YunpianError(16, '签名格式不正确', '内容须以且只能以一个【签名】开头');
		}
		if (!state.signatures('yunpian').has(signed.signName)) {
			throw new YunpianError(15, '签名不匹配', `签名【${signed.signName}】未报备或未审核通过`);
		}
		const match = matchTemplate(templates().values(), signed.body);
		if (!match) throw new YunpianError(5, '未找到匹配的模板', `没有与内容匹配的模板: ${signed.body}`);
		if (!match.approved) throw unusable(match.template);
		return match.template;
	}

	function unusable(template: SandboxTemplate): YunpianError {
		const status = CHECK_STATUS[template.status ?? 'approved'];
		return new YunpianError(7, '模板不可用', `模板 ${template.id} 状态为 ${status}`);
	}

	/** A tpl_* send's template and text, rendered from tpl_id and tpl_value. */
	function renderFromTemplate(form: URLSearchParams): Omit<Submission, 'mobile'> {
		const tplId = required(form, 'tpl_id');
		if (!/^\d+$/.test(tplId)) throw badFormat(`参数 tpl_id 须为数字: ${tplId}`);
		const template = templates().get(tplId);
		if (!template) throw new YunpianError(5, '未找到对应的模板', `模板 ${tplId} 不存在`);
		if ((template.status ?? 'approved') !== 'approved') throw unusable(template);
		const variables = tplValueOf(form);
		const absent = placeholderNames(template.content, PLACEHOLDER).filter((name) => !(name in variables));
		if (absent.length > 0) {
			throw new YunpianError(1, '请求参数缺失', `tpl_value 缺少变量 ${absent.map((name) => `#${name}#`).join(', ')}`);
		}
		const body = template.content.replace(PLACEHOLDER, (_, name: string) => variables[name]);
		return { template, text: `【${YUNPIAN_ACCOUNT.signName}】${body}`, variables };
	}

	/**
	 * Accepts every valid recipient and answers one entry per recipient. A single send (one recipient)
	 * throws its error instead, so that it becomes the HTTP 400 envelope.
	 */
	function send(path: string, submissions: Submission[], form: URLSearchParams): SendEntry[] {
		const api = path.slice('/v2/sms/'.length, -'.json'.length);
		const single = path === YUNPIAN_APIS.singleSend || path === YUNPIAN_APIS.tplSingleSend;
		const uid = form.get('uid') || undefined;
		const accepted: Array<Omit<SentMessage, 'acceptedAt'>> = [];
		const entries = submissions.map(({ mobile, text, template, variables }): SendEntry => {
			try {
				const international = path === YUNPIAN_APIS.singleSend && INTERNATIONAL_MOBILE.test(mobile);
				if (!MAINLAND_MOBILE.test(mobile) && !international) throw badFormat(`参数 mobile 格式不正确: ${mobile}`);
				const templateId = (template ?? templateOfText(text)).id;
				if (!state.canPay('yunpian', accepted.length + 1)) throw balanceInsufficient();
				const sid = state.nextId();
				const signName = splitSignature(text)!.signName;
				accepted.push({
					vendor: 'yunpian',
					api,
					phone: mobile,
					text,
					templateId,
					variables,
					messageId: sid,
					outId: uid,
					signName,
				});
				const count = countParts(text);
				spent += feeOf(count);
				return { code: 0, msg: '发送成功', count, fee: feeOf(count), unit: UNIT, mobile, sid: Number(sid) };
			} catch (error) {
				if (single || !(error instanceof YunpianError)) throw error;
				return { code: error.code, msg: error.msg, count: 0, fee: 0, unit: UNIT, mobile, sid: 0 };
			}
		});
		state.accept(accepted);
		return entries;
	}

	function batchResult(entries: SendEntry[]) {
		const totalFee = entries.reduce((total, entry) => total + entry.fee, 0);
		return {
			total_count: entries.reduce((total, entry) => total + entry.count, 0),
			total_fee: Number(totalFee.toFixed(3)),
			unit: UNIT,
			data: entries,
		};
	}

	function pullRow(message: SentMessage, outcome: Outcome) {
		return {
			sid: Number(message.messageId),
			uid: message.outId ?? null,
			user_receive_time: formatChinaTime(outcome.receivedAt, TIME_FORMAT),
			error_msg: outcome.errorMsg,
			mobile: message.phone,
			report_status: outcome.reportStatus,
			error_detail: outcome.errorDetail,
		};
	}

	function recordRow(message: SentMessage) {
		const outcome = outcomes.get(message.messageId);
		return {
			sid: Number(message.messageId),
			mobile: message.phone,
			send_time: formatChinaTime(message.acceptedAt, TIME_FORMAT),
			text: message.text,
			send_status: 'SUCCESS',
			report_status: outcome?.reportStatus ?? 'UNKNOWN',
			fee: feeOf(countParts(message.text)),
			user_receive_time: outcome ? formatChinaTime(outcome.receivedAt, TIME_FORMAT) : null,
			error_msg: outcome?.errorMsg ?? null,
			uid: message.outId ?? null,
		};
	}

	/** get_record `type`: empty = domestic, `global` = international, `all` = both. */
	function inScope(phone: string, type: string): boolean {
		const domestic = !phone.startsWith('+') || phone.startsWith('+86');
		return type === 'all' || (type === 'global' ? !domestic : domestic);
	}

	function records(form: URLSearchParams) {
		const search = searchOf(form);
		const type = form.get('type') ?? '';
		const matching = state
			.sent('yunpian')
			.filter((message) => search.matches(message.phone, message.acceptedAt) && inScope(message.phone, type));
		return search.page(matching).map(recordRow);
	}

	function replyRow(reply: InboundReply) {
		replyIds += 1;
		return {
			id: `reply-${replyIds}`,
			mobile: reply.phone,
			text: reply.text,
			reply_time: formatChinaTime(reply.receivedAt, TIME_FORMAT),
			extend: reply.extendCode ?? '',
			base_extend: BASE_EXTEND,
			_sign: reply.signName ?? YUNPIAN_ACCOUNT.signName,
		};
	}

	function searchReplies(form: URLSearchParams) {
		const search = searchOf(form);
		const matching = allReplies.filter((row) => search.matches(row.mobile, parseChinaTime(row.reply_time)!));
		return search.page(matching);
	}

	const handlers: Record<string, (form: URLSearchParams) => unknown> = {
		[YUNPIAN_APIS.singleSend]: (form) =>
			send(YUNPIAN_APIS.singleSend, [{ mobile: required(form, 'mobile'), text: required(form, 'text') }], form)[0],
		[YUNPIAN_APIS.batchSend]: (form) => {
			const text = required(form, 'text');
			templateOfText(text);
			return batchResult(
				send(
					YUNPIAN_APIS.batchSend,
					mobilesOf(form).map((mobile) => ({ mobile, text })),
					form,
				),
			);
		},
		[YUNPIAN_APIS.multiSend]: (form) => {
			const mobiles = mobilesOf(form);
			const texts = multiTextsOf(form, mobiles.length);
			return batchResult(
				send(
					YUNPIAN_APIS.multiSend,
					mobiles.map((mobile, index) => ({ mobile, text: texts[index] })),
					form,
				),
			);
		},
		[YUNPIAN_APIS.tplSingleSend]: (form) =>
			send(YUNPIAN_APIS.tplSingleSend, [{ mobile: required(form, 'mobile'), ...renderFromTemplate(form) }], form)[0],
		[YUNPIAN_APIS.tplBatchSend]: (form) => {
			const rendered = renderFromTemplate(form);
			return batchResult(
				send(
					YUNPIAN_APIS.tplBatchSend,
					mobilesOf(form).map((mobile) => ({ mobile, ...rendered })),
					form,
				),
			);
		},
		[YUNPIAN_APIS.tplGet]: (form) => {
			const tplId = form.get('tpl_id');
			if (!tplId) return [...templates().values()].map(templateView);
			const template = templates().get(tplId);
			if (!template) throw new YunpianError(5, '未找到对应的模板', `模板 ${tplId} 不存在`);
			return templateView(template);
		},
		[YUNPIAN_APIS.userGet]: () => ({
			nick: YUNPIAN_ACCOUNT.signName,
			gmt_created: '2024-01-01 00:00:00',
			mobile: '13800000000',
			email: 'sandbox@example.invalid',
			ip_whitelist: null,
			api_version: 'v2',
			alarm_balance: 10,
			emergency_contact: '',
			emergency_mobile: '',
			balance: Number((INITIAL_BALANCE - spent).toFixed(3)),
		}),
		[YUNPIAN_APIS.pullStatus]: (form) => {
			const pageSize = readCount(form.get('page_size'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
			if (!pageSize) throw badFormat(`page_size 须在 1 到 ${MAX_PAGE_SIZE} 之间`);
			return receipts.take(pageSize);
		},
		[YUNPIAN_APIS.getRecord]: records,
		[YUNPIAN_APIS.pullReply]: (form) => {
			const pageSize = readCount(form.get('page_size'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
			if (!pageSize) throw badFormat(`page_size 须在 1 到 ${MAX_PAGE_SIZE} 之间`);
			return replies.take(pageSize);
		},
		[YUNPIAN_APIS.getReply]: searchReplies,
	};

	return {
		name: 'yunpian',
		apiOf: (request: ParsedRequest) => request.path,
		handle(request: ParsedRequest): VendorReply {
			const handler = handlers[request.path];
			if (!handler) return errorReply(new YunpianError(-50, '未知接口', `没有接口 ${request.path}`), 404);
			try {
				if (request.method !== 'POST') throw new YunpianError(11, '不支持该请求方法', '请使用 POST');
				const form = parseForm(request.body.toString('utf8'));
				if (form.get('apikey') !== YUNPIAN_ACCOUNT.apiKey) {
					throw new YunpianError(-1, '非法的apikey', '请检查 apikey 是否正确');
				}
				return reply(200, handler(form));
			} catch (error) {
				if (error instanceof YunpianError) return errorReply(error);
				throw error;
			}
		},
		throttleReply: () => errorReply(new YunpianError(-5, '访问频率超过限制', '请降低请求频率后重试')),
		deliver(messages: SentMessage[], options: DeliverOptions) {
			for (const message of messages) {
				const failed = options.fail?.(message) ?? false;
				const outcome: Outcome = {
					reportStatus: failed ? 'FAIL' : 'SUCCESS',
					errorMsg: failed ? (options.failCode ?? DEFAULT_FAIL_CODE) : '',
					errorDetail: failed ? '用户未收到短信' : '',
					receivedAt: new Date(),
				};
				outcomes.set(message.messageId, outcome);
				const row = pullRow(message, outcome);
				receipts.report(row, options);
			}
		},
		pendingReceipts: () => receipts.size,
		reply(reply: InboundReply) {
			const row = replyRow(reply);
			allReplies.push(row);
			replies.report(row, {});
		},
		pendingReplies: () => replies.size,
		reset() {
			receipts.clear();
			replies.clear();
			allReplies = [];
			outcomes.clear();
			spent = 0;
		},
	};
}
