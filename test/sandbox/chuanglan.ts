/**
 * Chuanglan 253 simulator (docs/protocols/chuanglan.md): JSON POSTs with `account`/`password` in the body, business
 * errors as HTTP 200 with a string `code`, one msgId per submission, destructive pull/report and pull/mo.
 *
 * Where the document is silent: variable/json drops malformed parameter groups (wrong value count or a
 * bad phone) without any trace: they are not counted in `failNum`, which is how a comma inside a value
 * goes unnoticed. A send whose text matches only a rejected template answers 125, one that matches no
 * approved template 124 (the check applies only once templates are defined for chuanglan). Rendered
 * variable texts are not length-checked; `msg` itself is. A send whose recipients exceed the balance
 * (Sandbox.setBalance) is refused whole with 109 after every other check, as is any send once the
 * balance is 0. pull/mo writes `moTime` as epoch milliseconds, as 253's international pull/mo documents it
 * (the domestic document gives no format); `destCode` is the channel number with the extension code.
 */
import { CHUANGLAN_ACCOUNT } from './accounts';
import type { InboundReply, ParsedRequest, SandboxState, VendorReply, VendorSimulator } from './plugin';
import { countParts, createTemplateMatcher, formatChinaTime, PullQueue, readCount, splitSignature } from './shared';
import type { DeliverOptions, SentMessage } from './types';

/** Request paths, which are also the RequestRecord.api names of this vendor. */
export const CHUANGLAN_APIS = {
	send: '/msg/send/json',
	sendV1: '/msg/v1/send/json',
	variable: '/msg/variable/json',
	balance: '/msg/balance/json',
	pullReport: '/msg/pull/report',
	pullMo: '/msg/pull/mo',
} as const;

/** Templates may name their placeholders (`{$name}`); the wire only knows positional `{$var}`. */
const TEMPLATE_PLACEHOLDER = /\{\$[^{}$\s]+\}/g;
const VARIABLE_SLOT = '{$var}';
const MAINLAND_PHONE = /^1[3-9]\d{9}$/;
const MAX_LENGTH = 536;
const MAX_PHONES = 1000;
const MAX_GROUPS = 1000;
const MAX_VARIABLES = 20;
const MAX_PULL = 100;
const DEFAULT_PULL = 20;
const INITIAL_BALANCE = 1_000_000;
/** types.ts DeliverOptions: Chuanglan's default failure status. */
const DEFAULT_FAIL_STATUS = 'REJECTD';
const STATUS_DESCRIPTIONS: Record<string, string> = {
	DELIVRD: '用户已成功收到短信',
	UNKNOWN: '状态未知',
	REJECTD: '短信被短信中心拒绝',
	MBBLACK: '号码在黑名单中',
	REJECT: '审核驳回',
};
/** The account's channel number, which replies are sent to. */
const CHANNEL_CODE = '10690141880';
const JSON_HEADERS = { 'content-type': 'application/json;charset=utf-8' };

class ChuanglanError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

interface Recipient {
	phone: string;
	text: string;
	variables?: string[];
}

const now = () => formatChinaTime(new Date(), 'yyyyMMddHHmmss');

function reply(body: unknown): VendorReply {
	return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

function errorReply(error: ChuanglanError): VendorReply {
	return reply({ code: error.code, msgId: '', time: now(), errorMsg: error.message });
}

/** The pull API has its own failure shape. */
function pullErrorReply(message: string): VendorReply {
	return reply({ ret: 1, error: message });
}

function parseBody(request: ParsedRequest): Record<string, unknown> {
	try {
		const body: unknown = JSON.parse(request.body.toString('utf8'));
		if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
	} catch {
		// Falls through to the same error as a body that is JSON but not an object.
	}
	throw new ChuanglanError('129', 'JSON格式错误');
}

function requiredText(body: Record<string, unknown>, name: string): string {
	const value = body[name];
	if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
		throw new ChuanglanError('130', `请求参数错误：缺少 ${name}`);
	}
	return String(value);
}

function authenticate(body: Record<string, unknown>): void {
	if (requiredText(body, 'account') !== CHUANGLAN_ACCOUNT.account) throw new ChuanglanError('101', '无此用户');
	if (requiredText(body, 'password') !== CHUANGLAN_ACCOUNT.password) throw new ChuanglanError('102', '密码错');
}

export function createChuanglanSimulator(state: SandboxState): VendorSimulator {
	const matchTemplate = createTemplateMatcher(TEMPLATE_PLACEHOLDER);
	const receipts = new PullQueue<ReturnType<typeof reportRow>>();
	const replies = new PullQueue<ReturnType<typeof moRow>>();
	let billedParts = 0;

	/** Checks what every send shares: length, 【signature】, template; returns the signature and template id. */
	function checkMessage(msg: string): { signName: string; templateId?: string } {
		const length = Array.from(msg).length;
		if (length > MAX_LENGTH) throw new ChuanglanError('106', `短信内容长度错误：${length} 字，最多 ${MAX_LENGTH}`);
		const signed = splitSignature(msg, true);
		if (!signed || !state.signatures('chuanglan').has(signed.signName)) {
			throw new ChuanglanError('116', '签名不合法或未带签名');
		}
		const templates = state.templates('chuanglan');
		if (templates.size === 0) return { signName: signed.signName };
		const match = matchTemplate(templates.values(), signed.body);
		if (!match) throw new ChuanglanError('124', '白模板匹配错误');
		if (!match.approved) throw new ChuanglanError('125', '匹配驳回模板');
		return { signName: signed.signName, templateId: match.template.id };
	}

	function checkSendTime(body: Record<string, unknown>): void {
		const sendtime = body.sendtime;
		if (sendtime !== undefined && sendtime !== '' && !/^\d{12}$/.test(String(sendtime))) {
			throw new ChuanglanError('127', '定时发送时间格式错误，须为 yyyyMMddHHmm');
		}
	}

	/** Records one submission (one msgId for all its recipients) and answers the send response. */
	function accept(
		api: string,
		body: Record<string, unknown>,
		recipients: Recipient[],
		checked: ReturnType<typeof checkMessage>,
	) {
		if (!state.canPay('chuanglan', recipients.length)) throw new ChuanglanError('109', '无发送额度');
		const msgId = `1${state.nextId()}`;
		const uid = body.uid === undefined || body.uid === '' ? undefined : String(body.uid);
		state.accept(
			recipients.map(({ phone, text, variables }) => ({
				vendor: 'chuanglan' as const,
				api,
				phone,
				text,
				templateId: checked.templateId,
				variables,
				messageId: msgId,
				outId: uid,
				signName: checked.signName,
			})),
		);
		billedParts += recipients.reduce((total, recipient) => total + countParts(recipient.text), 0);
		return { code: '0', msgId, time: now(), errorMsg: '', successNum: String(recipients.length), failNum: '0' };
	}

	function send(body: Record<string, unknown>) {
		const msg = requiredText(body, 'msg');
		const phones = requiredText(body, 'phone').split(',');
		checkSendTime(body);
		const checked = checkMessage(msg);
		if (phones.length > MAX_PHONES) throw new ChuanglanError('108', `手机号码个数错误：最多 ${MAX_PHONES} 个`);
		const invalid = phones.find((phone) => !MAINLAND_PHONE.test(phone));
		if (invalid !== undefined) throw new ChuanglanError('107', `包含错误的手机号码：${invalid}`);
		return accept(
			'send',
			body,
			phones.map((phone) => ({ phone, text: msg })),
			checked,
		);
	}

	/** `params` = `phone,v1,v2;phone,v1,v2;…`; a group with the wrong value count or a bad phone is dropped. */
	function variableSend(body: Record<string, unknown>) {
		const msg = requiredText(body, 'msg');
		const params = requiredText(body, 'params');
		checkSendTime(body);
		const slots = msg.split(VARIABLE_SLOT);
		if (slots.length - 1 > MAX_VARIABLES) throw new ChuanglanError('114', `变量个数超过 ${MAX_VARIABLES}`);
		const groups = params.split(';').filter((group) => group !== '');
		if (groups.length > MAX_GROUPS) throw new ChuanglanError('114', `参数组个数超过 ${MAX_GROUPS}`);
		const checked = checkMessage(msg);
		const recipients = groups.flatMap((group): Recipient[] => {
			const [phone, ...values] = group.split(',');
			if (values.length !== slots.length - 1 || !MAINLAND_PHONE.test(phone)) return [];
			const text = slots.reduce((rendered, literal, index) => rendered + values[index - 1] + literal);
			return [{ phone, text, variables: values }];
		});
		return accept('variable', body, recipients, checked);
	}

	function reportRow(message: SentMessage, status: string) {
		const reportedAt = new Date();
		return {
			msgId: message.messageId,
			mobile: message.phone,
			status,
			statusDesc: STATUS_DESCRIPTIONS[status] ?? '发送失败',
			uid: message.outId ?? '',
			reportTime: formatChinaTime(reportedAt, 'yyMMddHHmm'),
			notifyTime: formatChinaTime(reportedAt, 'yyMMddHHmmss'),
		};
	}

	function moRow(reply: InboundReply) {
		return {
			moTime: String(reply.receivedAt.getTime()),
			spCode: CHANNEL_CODE,
			mobile: reply.phone,
			destCode: `${CHANNEL_CODE}${reply.extendCode ?? ''}`,
			messageContent: reply.text,
		};
	}

	function pull(request: ParsedRequest, queue: PullQueue<unknown>): VendorReply {
		let body: Record<string, unknown>;
		try {
			body = parseBody(request);
			authenticate(body);
		} catch (error) {
			if (error instanceof ChuanglanError) return pullErrorReply(error.message);
			throw error;
		}
		const count = readCount(body.count, DEFAULT_PULL, MAX_PULL);
		if (!count) return pullErrorReply(`count 须在 1 到 ${MAX_PULL} 之间`);
		return reply({ ret: 0, result: queue.take(count) });
	}

	const handlers: Record<string, (body: Record<string, unknown>) => unknown> = {
		[CHUANGLAN_APIS.send]: send,
		[CHUANGLAN_APIS.sendV1]: send,
		[CHUANGLAN_APIS.variable]: variableSend,
		[CHUANGLAN_APIS.balance]: () => ({
			code: 0,
			balance: String(INITIAL_BALANCE - billedParts),
			time: now(),
			errorMsg: '',
		}),
	};

	return {
		name: 'chuanglan',
		apiOf: (request: ParsedRequest) => request.path,
		handle(request: ParsedRequest): VendorReply {
			const handler = handlers[request.path];
			if (request.path === CHUANGLAN_APIS.pullReport) return pull(request, receipts);
			if (request.path === CHUANGLAN_APIS.pullMo) return pull(request, replies);
			if (!handler) {
				return { status: 404, headers: JSON_HEADERS, body: JSON.stringify({ code: '404', errorMsg: '接口不存在' }) };
			}
			try {
				// A GET has no JSON body, so it gets the same 129 as any unreadable body.
				const body = parseBody(request);
				authenticate(body);
				return reply(handler(body));
			} catch (error) {
				if (error instanceof ChuanglanError) return errorReply(error);
				throw error;
			}
		},
		throttleReply: (api: string) =>
			api === CHUANGLAN_APIS.pullReport || api === CHUANGLAN_APIS.pullMo
				? pullErrorReply('提交过快')
				: errorReply(new ChuanglanError('103', '提交过快')),
		deliver(messages: SentMessage[], options: DeliverOptions) {
			for (const message of messages) {
				const status = options.fail?.(message) ? (options.failCode ?? DEFAULT_FAIL_STATUS) : 'DELIVRD';
				const row = reportRow(message, status);
				receipts.report(row, options);
			}
		},
		pendingReceipts: () => receipts.size,
		reply: (inbound: InboundReply) => replies.report(moRow(inbound), {}),
		pendingReplies: () => replies.size,
		reset() {
			receipts.clear();
			replies.clear();
			billedParts = 0;
		},
	};
}
