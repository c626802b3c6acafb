import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { clearTemplateCache } from '../../nodes/campaign/templateCache';
import { drainPull } from '../../nodes/providers/shared/paging';
import { VendorError, type SmsProvider, type TemplateSpec } from '../../nodes/providers/types';
import { yunpianProvider } from '../../nodes/providers/yunpian';
import {
	chinaToday,
	hongKongPhone,
	mainlandNumber,
	mainlandPhone,
	messageBuilder,
	renderText,
	sendAll,
	SETTINGS,
	thrown,
} from '../helpers/provider';
import { runWorkflow } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

const TEMPLATE_ID = '1001';
const TEMPLATE: TemplateSpec = {
	templateId: TEMPLATE_ID,
	content: '尊敬的#name#，您的验证码是#code#',
	variables: ['name', 'code'],
	signName: '沙箱测试',
	positional: false,
};

let sandbox: Sandbox;
let provider: SmsProvider;

beforeAll(async () => {
	sandbox = await startSandbox();
	sandbox.defineTemplate('yunpian', { id: TEMPLATE_ID, content: TEMPLATE.content });
	provider = yunpianProvider(sandbox.credentials.yunpianApi);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const message = messageBuilder(() => provider, TEMPLATE);

describe('render', () => {
	test('adds the 【signature】 and fills #name# placeholders once', () => {
		expect(renderText(provider, TEMPLATE, { name: '#code#', code: '1234' })).toBe(
			'【沙箱测试】尊敬的#code#，您的验证码是1234',
		);
	});

	test('keeps a signature the content already has and appends the opt-out sentence', () => {
		const template = { ...TEMPLATE, content: '【自带签名】#name#您好', optOutSuffix: '拒收请回复R' };
		expect(renderText(provider, template, { name: '张三' })).toBe('【自带签名】张三您好拒收请回复R');
	});

	test('a template without placeholders gets the signature and the opt-out sentence', () => {
		const template = { ...TEMPLATE, content: '周末活动开始了', variables: [], optOutSuffix: '拒收请回复R' };
		expect(renderText(provider, template, {})).toBe('【沙箱测试】周末活动开始了拒收请回复R');
	});

	test('a value at the very start that brings its own 【signature】 keeps it, without the account signature', () => {
		const template = { ...TEMPLATE, content: '#name#，您的验证码是#code#' };
		expect(renderText(provider, template, { name: '【别的签名】张三', code: '1234' })).toBe(
			'【别的签名】张三，您的验证码是1234',
		);
		expect(renderText(provider, template, { name: '张三', code: '1234' })).toBe('【沙箱测试】张三，您的验证码是1234');
	});

	test('a value that completes the opt-out sentence at the end does not get it twice', () => {
		const template = { ...TEMPLATE, content: '尊敬的#name#，您的验证码是#code#订', optOutSuffix: '回T退订' };
		expect(renderText(provider, template, { name: '张三', code: '1234，回T退' })).toBe(
			'【沙箱测试】尊敬的张三，您的验证码是1234，回T退订',
		);
		expect(renderText(provider, template, { name: '张三', code: '1234' })).toBe(
			'【沙箱测试】尊敬的张三，您的验证码是1234订回T退订',
		);
	});
});

describe('planSend', () => {
	test('2,500 recipients with distinct texts take 3 multi_send calls and all arrive', async () => {
		const messages = Array.from({ length: 2500 }, (_, key) =>
			message(key, mainlandNumber(key), { name: `用户${key}`, code: String(key) }),
		);
		const { calls, unsendable } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(unsendable).toEqual([]);
		expect(calls.map((call) => [call.api, call.messages.length])).toEqual([
			['multi_send', 1000],
			['multi_send', 1000],
			['multi_send', 500],
		]);
		const results = await sendAll(provider, calls);
		expect(results.filter((result) => result.status === 'accepted')).toHaveLength(2500);
		expect(sandbox.requests('yunpian', '/v2/sms/multi_send.json')).toHaveLength(3);
		expect(sandbox.sent('yunpian')).toHaveLength(2500);
	});

	test('equal texts go out as one batch_send', async () => {
		const variables = { name: '会员', code: '0000' };
		const messages = [0, 1, 2].map((key) => message(key, mainlandNumber(key), variables));
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => call.api)).toEqual(['batch_send']);
		await sendAll(provider, calls);
		expect(sandbox.sent('yunpian').map((sent) => sent.api)).toEqual(['batch_send', 'batch_send', 'batch_send']);
	});

	test('per item: one number is a single_send, several share a batch_send', () => {
		const variables = { name: '会员', code: '0000' };
		const single = [message(0, mainlandNumber(0), variables)];
		const several = [1, 2].map((key) => message(key, mainlandNumber(key), variables));
		const { calls } = provider.planSend([single, several], TEMPLATE, 'perItem');
		expect(calls.map((call) => [call.api, call.messages.length])).toEqual([
			['single_send', 1],
			['batch_send', 2],
		]);
	});

	test('an international number goes out alone through single_send as +E.164', async () => {
		const hongKong = hongKongPhone('51234567');
		const messages = [
			message(0, mainlandNumber(0), { name: 'a', code: '1' }),
			message(1, hongKong, { name: 'b', code: '2' }),
		];
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => call.api)).toEqual(['single_send', 'single_send']);
		const results = await sendAll(provider, calls);
		expect(results.every((result) => result.status === 'accepted')).toBe(true);
		expect(sandbox.sent('yunpian').map((sent) => sent.phone)).toEqual(['13900000000', '+85251234567']);
	});
});

describe('send', () => {
	test('values with # & = % , and emoji arrive intact through multi_send', async () => {
		const tricky = ['a,b#c&d=e%f', '100% 😀 x+y', '#code#=1&2'];
		const messages = tricky.map((name, key) => message(key, mainlandNumber(key), { name, code: `${key}` }));
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => call.api)).toEqual(['multi_send']);
		await sendAll(provider, calls);
		expect(sandbox.sent('yunpian').map((sent) => sent.text)).toEqual(messages.map((sent) => sent.text));
	});

	test('sids and parts map back to their recipients', async () => {
		const messages = [0, 1].map((key) => message(key, mainlandNumber(key), { name: `n${key}`, code: `${key}` }));
		const [call] = provider.planSend([messages], TEMPLATE, 'batch').calls;
		const results = await provider.send(call, SETTINGS);
		const sent = sandbox.sent('yunpian');
		for (const [index, sentMessage] of sent.entries()) {
			expect(results.find((result) => result.key === index)).toEqual({
				key: index,
				status: 'accepted',
				messageId: sentMessage.messageId,
				parts: 1,
			});
		}
	});

	test('a recipient rejected inside a batch gets its own error; the others are accepted', async () => {
		const invalid = mainlandPhone('12000000000');
		const messages = [
			message(0, mainlandNumber(0), { name: 'a', code: '1' }),
			message(1, invalid, { name: 'b', code: '2' }),
			message(2, mainlandNumber(2), { name: 'c', code: '3' }),
		];
		const [call] = provider.planSend([messages], TEMPLATE, 'batch').calls;
		const results = await provider.send(call, SETTINGS);
		const rejected = results.find((result) => result.key === 1);
		expect(rejected).toMatchObject({
			status: 'rejected',
			error: { code: '2', retryable: false, maybeSent: false },
		});
		expect(rejected?.status === 'rejected' && rejected.error.message).toMatch(/wrong format/);
		expect(
			results
				.filter((result) => result.status === 'accepted')
				.map((result) => result.key)
				.sort(),
		).toEqual([0, 2]);
	});

	test('the same number twice in one multi_send gets two results with distinct sids', async () => {
		const phone = mainlandNumber(7);
		const messages = [
			message(0, phone, { name: 'first', code: '1' }),
			message(1, phone, { name: 'second', code: '2' }),
		];
		const [call] = provider.planSend([messages], TEMPLATE, 'batch').calls;
		const results = await provider.send(call, SETTINGS);
		const ids = results.map((result) => (result.status === 'accepted' ? result.messageId : ''));
		expect(new Set(ids).size).toBe(2);
		expect(ids.sort()).toEqual(
			sandbox
				.sent('yunpian')
				.map((sent) => sent.messageId)
				.sort(),
		);
	});

	test('a text matching no approved template is a plain-English error without the api key', async () => {
		const stray = { ...message(0, mainlandNumber(0), {}), text: '【沙箱测试】没有这个模板' };
		const [call] = provider.planSend([[stray]], TEMPLATE, 'perItem').calls;
		const error = await thrown(provider.send(call, SETTINGS));
		expect(error.info).toMatchObject({ code: '5', retryable: false, maybeSent: false });
		expect(error.message).toMatch(/No approved Yunpian template/);
		expect(error.message).not.toContain(sandbox.credentials.yunpianApi.apiKey);
	});

	test('throttling is a retryable error', async () => {
		sandbox.injectFault('yunpian', { kind: 'throttle' });
		const [call] = provider.planSend(
			[[message(0, mainlandNumber(0), { name: 'a', code: '1' })]],
			TEMPLATE,
			'perItem',
		).calls;
		const error = await thrown(provider.send(call, SETTINGS));
		expect(error.info).toMatchObject({ code: '-5', retryable: true, maybeSent: false });
	});

	test('a vendor that never answers is a TIMEOUT that may have been sent', async () => {
		sandbox.injectFault('yunpian', { kind: 'hang' });
		const [call] = provider.planSend(
			[[message(0, mainlandNumber(0), { name: 'a', code: '1' })]],
			TEMPLATE,
			'perItem',
		).calls;
		const error = await thrown(provider.send(call, { timeoutMs: 300 }));
		expect(error.info).toMatchObject({ code: 'TIMEOUT', retryable: false, maybeSent: true });
	});

	test('HTTP 5xx before processing is retryable', async () => {
		sandbox.injectFault('yunpian', { kind: 'http5xx' });
		const [call] = provider.planSend(
			[[message(0, mainlandNumber(0), { name: 'a', code: '1' })]],
			TEMPLATE,
			'perItem',
		).calls;
		const error = await thrown(provider.send(call, SETTINGS));
		expect(error.info).toMatchObject({ retryable: true, maybeSent: false });
		expect(error.httpStatus).toBeGreaterThanOrEqual(500);
	});

	test('a malformed body after processing is MALFORMED_RESPONSE, maybe sent', async () => {
		sandbox.injectFault('yunpian', { kind: 'malformed' });
		const [call] = provider.planSend(
			[[message(0, mainlandNumber(0), { name: 'a', code: '1' })]],
			TEMPLATE,
			'perItem',
		).calls;
		const error = await thrown(provider.send(call, SETTINGS));
		expect(error.info).toMatchObject({ code: 'MALFORMED_RESPONSE', retryable: false, maybeSent: true });
	});

	/** A provider whose Yunpian answers every request with `body`. */
	async function answeringWith(body: string, use: (direct: SmsProvider) => Promise<void>): Promise<void> {
		const server = http.createServer((_request, response) => {
			response.setHeader('content-type', 'application/json');
			response.end(body);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			await use(yunpianProvider({ ...sandbox.credentials.yunpianApi, baseUrl: `http://127.0.0.1:${port}/` }));
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	}

	test('a sid beyond 2^53 keeps every digit', async () => {
		const hugeSid = '9223372036854775807';
		const answer = `{"code":0,"msg":"发送成功","count":1,"fee":0.05,"unit":"RMB","mobile":"${mainlandNumber(0).nationalNumber}","sid":${hugeSid}}`;
		await answeringWith(answer, async (direct) => {
			const [call] = direct.planSend(
				[[message(0, mainlandNumber(0), { name: 'a', code: '1' })]],
				TEMPLATE,
				'perItem',
			).calls;
			const [result] = await direct.send(call, SETTINGS);
			expect(result).toMatchObject({ status: 'accepted', messageId: hugeSid });
		});
	});

	test('an answer in another order, with numbers written another way, still gives each message its own result', async () => {
		const entry = (key: number) =>
			`{"code":0,"msg":"发送成功","count":1,"fee":0.05,"unit":"RMB","mobile":"+86${mainlandNumber(key).nationalNumber}","sid":${100 + key}}`;
		const answer = `{"total_count":3,"total_fee":0.15,"unit":"RMB","data":[${[2, 0, 1].map(entry).join(',')}]}`;
		await answeringWith(answer, async (direct) => {
			const messages = [0, 1, 2].map((key) => message(key, mainlandNumber(key), { name: `n${key}`, code: `${key}` }));
			const [call] = direct.planSend([messages], TEMPLATE, 'batch').calls;
			const results = await direct.send(call, SETTINGS);
			const sidByKey = Object.fromEntries(
				results.map((result) => [result.key, result.status === 'accepted' && result.messageId]),
			);
			expect(sidByKey).toEqual({ 0: '100', 1: '101', 2: '102' });
		});
	});

	test.each([
		['one sid beyond 2^53 among sids that fit a double', ['9007199254740991', '9007199254740993', '123']],
		['only sids that fit a double, the largest included', ['9007199254740991', '1000000000000000', '7']],
		['a sid with more digits than any double keeps', ['9007199254740991', '12345678901234567890', '7']],
	])('in a batch answer with %s, every sid keeps every digit', async (_case, sids) => {
		const entry = (key: number) =>
			`{"code":0,"msg":"发送成功","count":1,"fee":0.05,"unit":"RMB","mobile":"${mainlandNumber(key).nationalNumber}","sid":${sids[key]}}`;
		const answer = `{"total_count":3,"total_fee":0.15,"unit":"RMB","data":[${[0, 1, 2].map(entry).join(',')}]}`;
		await answeringWith(answer, async (direct) => {
			const messages = [0, 1, 2].map((key) => message(key, mainlandNumber(key), { name: `n${key}`, code: `${key}` }));
			const [call] = direct.planSend([messages], TEMPLATE, 'batch').calls;
			const results = await direct.send(call, SETTINGS);
			expect(results.map((result) => result.status === 'accepted' && result.messageId)).toEqual(sids);
		});
	});
});

describe('getTemplate', () => {
	test.each([
		['approved', 'approved'],
		['pending', 'pending'],
		['rejected', 'rejected'],
	] as const)('a %s template reads as %s, without its signature', async (sandboxStatus, status) => {
		const content = '#name#的订单#order#已发货';
		sandbox.defineTemplate('yunpian', { id: '2002', content, status: sandboxStatus, reason: 'r' });
		const info = await provider.getTemplate('2002', undefined, SETTINGS);
		expect(info).toMatchObject({
			templateId: '2002',
			status,
			content: '#name#的订单#order#已发货',
			variables: ['name', 'order'],
			positional: false,
			checkedLocally: false,
		});
	});

	test('an unknown template id is a plain-English error', async () => {
		const error = await thrown(provider.getTemplate('99999', undefined, SETTINGS));
		expect(error.info.code).toBe('5');
	});

	test("reports the template's own 【signature】", async () => {
		const info = await provider.getTemplate(TEMPLATE_ID, undefined, SETTINGS);
		expect(info).toMatchObject({ content: TEMPLATE.content, signName: '沙箱测试' });
	});

	test('a tpl/get that times out is retryable and not called possibly sent', async () => {
		sandbox.injectFault('yunpian', { kind: 'hang', api: '/v2/tpl/get.json' });
		const error = await thrown(provider.getTemplate(TEMPLATE_ID, undefined, { timeoutMs: 300 }));
		expect(error.info).toMatchObject({ code: 'TIMEOUT', retryable: true, maybeSent: false });
		expect(error.message).not.toMatch(/accepted|not sent again/);
	});
});

describe("the template's own signature in a campaign", () => {
	const sendOne = async (parameters: Record<string, string>) => {
		clearTemplateCache();
		return await runWorkflow({
			items: [{ phone: '13900000001', name: '张三', code: '1234' }],
			node: {
				parameters: {
					provider: 'yunpian',
					operation: 'send',
					phone: '={{ $json.phone }}',
					templateId: TEMPLATE_ID,
					...parameters,
				},
			},
			credentials: { yunpianApi: { ...sandbox.credentials.yunpianApi, signName: '' } },
		});
	};

	test('without a Signature anywhere else, the template carries its own', async () => {
		const { outputs, error } = await sendOne({});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ status: 'accepted' });
		expect(sandbox.sent('yunpian').map((sent) => sent.text)).toEqual(['【沙箱测试】尊敬的张三，您的验证码是1234']);
	});

	test("the node's Signature wins over the template's", async () => {
		sandbox.defineSignature('yunpian', '节点签名');
		const { outputs } = await sendOne({ signName: '节点签名' });
		expect(outputs[0][0].json).toMatchObject({ status: 'accepted' });
		expect(sandbox.sent('yunpian').map((sent) => sent.text)).toEqual(['【节点签名】尊敬的张三，您的验证码是1234']);
	});
});

describe('queryStatus', () => {
	test('reads every get_record page (more than 100 records) and filters by sid', async () => {
		const phone = mainlandNumber(1);
		const messages = Array.from({ length: 150 }, (_, key) => message(key, phone, { name: `n${key}`, code: `${key}` }));
		await sendAll(provider, provider.planSend([messages], TEMPLATE, 'batch').calls);
		sandbox.deliver();
		const today = chinaToday();
		const records = await provider.queryStatus({ phone, sendDate: today }, SETTINGS);
		expect(records).toHaveLength(150);
		expect(sandbox.requests('yunpian', '/v2/sms/get_record.json')).toHaveLength(2);
		expect(records[0]).toMatchObject({ phone: phone.e164, status: 'delivered', outId: '' });
		expect(records[0].sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

		const one = sandbox.sent('yunpian')[42];
		const filtered = await provider.queryStatus({ phone, sendDate: today, messageId: one.messageId }, SETTINGS);
		expect(filtered.map((record) => [record.messageId, record.content])).toEqual([[one.messageId, one.text]]);
	});
});

describe('pullReceipts', () => {
	test('drains pull_status page by page up to max, across calls', async () => {
		const messages = Array.from({ length: 250 }, (_, key) =>
			message(key, mainlandNumber(key), { name: 'n', code: `${key}` }),
		);
		await sendAll(provider, provider.planSend([messages], TEMPLATE, 'batch').calls);
		sandbox.deliver({ fail: (sent) => sent.phone === '13900000003' });

		const first = await provider.pullReceipts({ max: 120, peek: false }, SETTINGS);
		expect(first.events).toHaveLength(120);
		expect(first.source).toBe('pull_status');
		const second = await provider.pullReceipts({ max: 1000, peek: false }, SETTINGS);
		expect(second.events).toHaveLength(130);
		expect(sandbox.pendingReceipts('yunpian')).toBe(0);

		const failed = [...first.events, ...second.events].find((receipt) => receipt.status === 'failed');
		expect(failed).toMatchObject({
			phone: '+8613900000003',
			vendorStatus: 'FAIL',
			errorCode: 'FAIL',
			provider: 'yunpian',
		});
		expect(failed?.reportedAt).toMatch(/\+08:00$/);
	});

	test('peek reads get_record and never calls the destructive pull_status', async () => {
		const messages = [0, 1, 2].map((key) => message(key, mainlandNumber(key), { name: 'n', code: `${key}` }));
		await sendAll(provider, provider.planSend([messages], TEMPLATE, 'batch').calls);
		sandbox.deliver();
		const preview = await provider.pullReceipts({ max: 2, peek: true }, SETTINGS);
		expect(preview.source).toBe('get_record (non-destructive preview)');
		expect(preview.events).toHaveLength(2);
		expect(sandbox.requests('yunpian', '/v2/sms/pull_status.json')).toHaveLength(0);
		expect(sandbox.pendingReceipts('yunpian')).toBe(3);
	});

	test('a failure after the first page returns what was already pulled, with the error', async () => {
		const failure = new VendorError({ code: '-50', message: 'x', retryable: true, maybeSent: false });
		let pages = 0;
		const pulled = await drainPull({ max: 250 }, 100, async (pageSize) => {
			if (pages++ === 1) throw failure;
			return Array.from({ length: pageSize }, (_, index) => index);
		});
		expect(pulled.items).toHaveLength(100);
		expect(pulled.error).toBe(failure);
	});
});

describe('testCredentials', () => {
	test('the sandbox account is accepted and shows its balance', async () => {
		const check = await provider.testCredentials();
		expect(check.ok).toBe(true);
		expect(check.message).toMatch(/Balance/);
	});

	test('a wrong api key is explained without echoing it', async () => {
		const wrong = yunpianProvider({ ...sandbox.credentials.yunpianApi, apiKey: 'wrong-key-123456' });
		const check = await wrong.testCredentials();
		expect(check).toMatchObject({ ok: false });
		expect(check.message).toMatch(/API key is wrong/);
		expect(check.message).not.toContain('wrong-key-123456');
	});

	test('a Base URL without a scheme is a failed check that says so, not a crash', async () => {
		const schemeless = yunpianProvider({ ...sandbox.credentials.yunpianApi, baseUrl: 'sms.yunpian.com' });
		const check = await schemeless.testCredentials();
		expect(check).toMatchObject({ ok: false, message: expect.stringMatching(/Base URL "sms\.yunpian\.com"/) });
	});

	test('an unreachable host names the base URL', async () => {
		const nowhere = yunpianProvider({ ...sandbox.credentials.yunpianApi, baseUrl: 'http://127.0.0.1:1' });
		const check = await nowhere.testCredentials();
		expect(check.ok).toBe(false);
		expect(check.message).toMatch(/Could not reach Yunpian at http:\/\/127\.0\.0\.1:1/);
	});
});
