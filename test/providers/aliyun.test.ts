import { aliyunProvider } from '../../nodes/providers/aliyun';
import { sdkFailure } from '../../nodes/providers/aliyun/errors';
import { signMnsRequest } from '../../nodes/providers/aliyun/mns';
import type { PhoneNumber, SmsProvider, TemplateSpec } from '../../nodes/providers/types';
import {
	chinaToday,
	hongKongPhone,
	mainlandNumber,
	messageBuilder,
	renderText,
	sendAll,
	SETTINGS,
	thrown,
} from '../helpers/provider';
import { startSandbox, type Sandbox } from '../sandbox';

const TEMPLATE: TemplateSpec = {
	templateId: 'SMS_200',
	content: '${name}您好，您的订单${order}已发货',
	variables: ['name', 'order'],
	signName: '沙箱测试',
	positional: false,
};

let sandbox: Sandbox;
let provider: SmsProvider;

beforeAll(async () => {
	sandbox = await startSandbox();
	sandbox.defineTemplate('aliyun', { id: TEMPLATE.templateId, content: TEMPLATE.content });
	provider = aliyunProvider(sandbox.credentials.aliyunSmsApi, { queueName: sandbox.aliyunQueueName });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const build = messageBuilder(() => provider, TEMPLATE);
const message = (key: number, variables: Record<string, string>, phone: PhoneNumber = mainlandNumber(key)) =>
	build(key, phone, variables);

const messages = (count: number, variablesOf: (index: number) => Record<string, string>) =>
	Array.from({ length: count }, (_, index) => message(index, variablesOf(index)));

describe('planning and sending', () => {
	it('sends 250 recipients with distinct variables in 3 SendBatchSms calls', async () => {
		const { calls, unsendable } = provider.planSend(
			[messages(250, (i) => ({ name: `n${i}`, order: `${i}` }))],
			TEMPLATE,
			'batch',
		);
		expect(unsendable).toEqual([]);
		expect(calls.map((call) => call.api)).toEqual(['SendBatchSms', 'SendBatchSms', 'SendBatchSms']);
		const results = await sendAll(provider, calls);
		expect(results.filter((result) => result.status === 'accepted')).toHaveLength(250);
		expect(sandbox.requests('aliyun', 'SendBatchSms')).toHaveLength(3);
	});

	it('sends 1,500 recipients with identical variables in 2 SendSms calls', async () => {
		const { calls } = provider.planSend([messages(1500, () => ({ name: '客户', order: 'A1' }))], TEMPLATE, 'batch');
		expect(calls.map((call) => [call.api, call.messages.length])).toEqual([
			['SendSms', 1000],
			['SendSms', 500],
		]);
		await sendAll(provider, calls);
		expect(sandbox.sent('aliyun')).toHaveLength(1500);
	});

	it('mixes SendSms for a large identical group with SendBatchSms for the rest', () => {
		const list = [
			...messages(150, () => ({ name: '同', order: '1' })),
			...messages(80, (i) => ({ name: `n${i}`, order: '2' })),
		];
		const { calls } = provider.planSend([list.map((entry, key) => ({ ...entry, key }))], TEMPLATE, 'batch');
		expect(calls.map((call) => [call.api, call.messages.length])).toEqual([
			['SendSms', 150],
			['SendBatchSms', 80],
		]);
	});

	it('leaves variable lengths to Aliyun: a 36-character value is sent', async () => {
		const list = [message(0, { name: '长'.repeat(36), order: '1' }), message(1, { name: '短', order: '2' })];
		const { calls, unsendable } = provider.planSend([list], TEMPLATE, 'batch');
		expect(unsendable).toEqual([]);
		await sendAll(provider, calls);
		expect(sandbox.sent('aliyun').map((sent) => sent.phone)).toEqual(['13900000000', '13900000001']);
	});

	it('sends one SendSms per input item in perItem mode, split over 1,000 numbers', () => {
		const item = messages(1200, () => ({ name: 'a', order: '1' }));
		const { calls } = provider.planSend([item.slice(0, 1100), item.slice(1100)], TEMPLATE, 'perItem');
		expect(calls.map((call) => [call.api, call.messages.length])).toEqual([
			['SendSms', 1000],
			['SendSms', 100],
			['SendSms', 100],
		]);
	});

	it('delivers quotes, backslashes and emoji intact and formats numbers the Aliyun way', async () => {
		const tricky = { name: '王"小\\明😀', order: "it's {ok}" };
		const hongKong = hongKongPhone('91234567');
		const list = [message(0, tricky), message(1, { name: 'b', order: '2' }, hongKong)];
		await sendAll(provider, provider.planSend([list], TEMPLATE, 'batch').calls);
		expect(sandbox.sent('aliyun').map((sent) => [sent.phone, sent.variables])).toEqual([
			['13900000000', tricky],
			['85291234567', { name: 'b', order: '2' }],
		]);
		expect(sandbox.sent('aliyun')[0].text).toBe(renderText(provider, TEMPLATE, tricky));
	});

	it('sends the shared OutId of a call, or one generated for the call that its planned messages carry', async () => {
		const shared = messages(3, () => ({ name: 'a', order: '1' })).map((entry) => ({ ...entry, outId: 'campaign-7' }));
		const [sharedCall] = provider.planSend([shared], TEMPLATE, 'perItem').calls;
		expect(sharedCall.messages.map((planned) => planned.outId)).toEqual(['campaign-7', 'campaign-7', 'campaign-7']);
		const [sharedResult] = await sendAll(provider, [sharedCall]);
		expect(sharedResult).toMatchObject({ status: 'accepted', messageId: expect.stringMatching(/\^0$/) });

		const distinct = messages(2, () => ({ name: 'a', order: '1' }));
		const [call] = provider.planSend([distinct], TEMPLATE, 'perItem').calls;
		const generated = call.messages[0].outId;
		expect(generated).not.toMatch(/^out-/);
		expect(call.messages.map((planned) => planned.outId)).toEqual([generated, generated]);
		expect(distinct.map((given) => given.outId)).toEqual(['out-0', 'out-1']);
		await sendAll(provider, [call]);
		expect(sandbox.sent('aliyun').slice(-1)[0].outId).toBe(generated);
	});

	it('rejects every message of a call on a business error, in plain English', async () => {
		const call = provider.planSend(
			[messages(2, () => ({ name: 'a', order: '1' }))],
			{ ...TEMPLATE, signName: '未知签名' },
			'perItem',
		).calls[0];
		const results = await provider.send(call, SETTINGS);
		expect(results).toHaveLength(2);
		for (const result of results) {
			expect(result).toMatchObject({
				status: 'rejected',
				error: { code: 'isv.SMS_SIGNATURE_ILLEGAL', retryable: false, maybeSent: false },
			});
			if (result.status === 'rejected') expect(result.error.message).toMatch(/^The signature \(SignName\) is unknown/);
		}
	});
});

describe('failures of a whole call', () => {
	const oneCall = () => provider.planSend([[message(0, { name: 'a', order: '1' })]], TEMPLATE, 'perItem').calls[0];

	it.each([
		['throttle', { code: 'Throttling.User', retryable: true, maybeSent: false }],
		['http5xx', { code: 'ServiceUnavailable', retryable: false, maybeSent: true }],
		['reset', { retryable: false, maybeSent: true }],
		['acceptThenDrop', { retryable: false, maybeSent: true }],
		['malformed', { code: 'MALFORMED_RESPONSE', retryable: false, maybeSent: true }],
	] as const)('classifies the %s fault', async (kind, expected) => {
		sandbox.injectFault('aliyun', { kind });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject(expected);
		expect(error.message).not.toContain(sandbox.credentials.aliyunSmsApi.accessKeySecret);
	});

	it('times out a hanging send as TIMEOUT that may have been sent', async () => {
		sandbox.injectFault('aliyun', { kind: 'hang' });
		const error = await thrown(provider.send(oneCall(), { timeoutMs: 300 }));
		expect(error.info).toMatchObject({ code: 'TIMEOUT', retryable: false, maybeSent: true });
	});

	it.each([
		['reset', 'CONNECTION_RESET'],
		['hang', 'TIMEOUT'],
	] as const)(
		'treats an unanswered read (%s) as safe to retry, without calling it possibly sent',
		async (kind, code) => {
			sandbox.injectFault('aliyun', { kind, api: 'GetSmsTemplate' });
			const error = await thrown(provider.getTemplate(TEMPLATE.templateId, undefined, { timeoutMs: 300 }));
			expect(error.info).toMatchObject({ code, retryable: true, maybeSent: false });
			expect(error.message).toMatch(/can be retried/);
			expect(error.message).not.toMatch(/accepted|not sent again/);
		},
	);
});

describe('templates and status', () => {
	it.each([
		['approved', undefined, ''],
		['pending', undefined, ''],
		['rejected', '含有营销词汇', '含有营销词汇'],
		['cancelled', undefined, ''],
	] as const)('reports a %s template', async (status, reason, expectedReason) => {
		sandbox.defineTemplate('aliyun', {
			id: `SMS_${status}`,
			content: '验证码${code}，${minutes}分钟有效',
			status,
			reason,
		});
		const info = await provider.getTemplate(`SMS_${status}`, undefined, SETTINGS);
		expect(info).toEqual({
			templateId: `SMS_${status}`,
			status,
			reason: expectedReason,
			content: '验证码${code}，${minutes}分钟有效',
			variables: ['code', 'minutes'],
			positional: false,
			checkedLocally: false,
		});
	});

	it('fails clearly for an unknown template', async () => {
		const error = await thrown(provider.getTemplate('SMS_NOPE', undefined, SETTINGS));
		expect(error.info).toMatchObject({ code: 'isv.SMS_TEMPLATE_ILLEGAL', retryable: false });
	});

	it('reads every page of QuerySendDetails and maps statuses and China times', async () => {
		const samePhone = Array.from({ length: 60 }, (_, index) =>
			message(index, { name: `n${index}`, order: `${index}` }, mainlandNumber(0)),
		);
		const [first] = await sendAll(provider, provider.planSend([samePhone], TEMPLATE, 'batch').calls);
		sandbox.deliver({
			fail: (sent) => sent.variables !== undefined && (sent.variables as Record<string, string>).name === 'n0',
		});
		const records = await provider.queryStatus({ phone: mainlandNumber(0), sendDate: chinaToday() }, SETTINGS);
		expect(records).toHaveLength(60);
		expect(sandbox.requests('aliyun', 'QuerySendDetails')).toHaveLength(2);
		expect(records.filter((record) => record.status === 'failed')).toHaveLength(1);
		expect(records.find((record) => record.status === 'failed')).toMatchObject({
			errorCode: 'MK:0001',
			phone: '+8613900000000',
		});
		const delivered = records.find((record) => record.status === 'delivered');
		expect(delivered?.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		expect(delivered?.deliveredAt).toMatch(/\+08:00$/);
		if (first.status === 'accepted') {
			const byId = await provider.queryStatus(
				{ phone: mainlandNumber(0), sendDate: chinaToday(), messageId: first.messageId },
				SETTINGS,
			);
			expect(byId.every((record) => record.messageId === first.messageId)).toBe(true);
		}
	});

	it('refuses send dates outside the 30-day window before asking Aliyun', async () => {
		const old = new Date(Date.now() - 40 * 86400 * 1000).toISOString().slice(0, 10);
		const error = await thrown(provider.queryStatus({ phone: mainlandNumber(0), sendDate: old }, SETTINGS));
		expect(error.info.code).toBe('INVALID_SEND_DATE');
		expect(sandbox.requests('aliyun', 'QuerySendDetails')).toHaveLength(0);
	});
});

describe('credential test', () => {
	const withCredentials = (overrides: Record<string, string>) =>
		aliyunProvider({ ...sandbox.credentials.aliyunSmsApi, ...overrides }).testCredentials();

	it('accepts the right AccessKey', async () => {
		expect(await provider.testCredentials()).toMatchObject({ ok: true });
	});

	it.each([
		['a wrong AccessKey ID', { accessKeyId: 'LTAI-nobody' }, /AccessKey ID/],
		['a wrong secret', { accessKeySecret: 'not-the-secret' }, /AccessKey Secret is wrong/],
		['an unreachable host', { baseUrl: 'http://127.0.0.1:1' }, /Could not reach Aliyun SMS at http:\/\/127\.0\.0\.1:1/],
		['a Base URL with a path', { baseUrl: 'http://127.0.0.1:1/api' }, /must be a host only/],
		[
			'a Base URL without a scheme',
			{ baseUrl: 'dysmsapi.aliyuncs.com' },
			/Base URL "dysmsapi\.aliyuncs\.com" is not an http/,
		],
	])('explains %s', async (_, overrides, reason) => {
		const check = await withCredentials(overrides);
		expect(check.ok).toBe(false);
		expect(check.message).toMatch(reason);
		expect(check.message).not.toContain('not-the-secret');
	});
});

describe('delivery receipts', () => {
	async function sendAndDeliver(count: number, options: Parameters<Sandbox['deliver']>[0] = {}) {
		await sendAll(
			provider,
			provider.planSend([messages(count, (i) => ({ name: `n${i}`, order: `${i}` }))], TEMPLATE, 'batch').calls,
		);
		sandbox.deliver(options);
	}

	it('receives receipts and drains the queue only when acknowledged', async () => {
		await sendAndDeliver(20, { fail: (sent) => sent.phone === '13900000003', duplicate: true });
		const pull = await provider.pullReceipts({ max: 100, peek: false }, SETTINGS);
		expect(pull.error).toBeUndefined();
		expect(pull.events).toHaveLength(40);
		expect(pull.events.find((receipt) => receipt.status === 'failed')).toMatchObject({
			provider: 'aliyun',
			phone: '+8613900000003',
			vendorStatus: 'MK:0001',
			errorCode: 'MK:0001',
			messageId: expect.stringMatching(/\^0$/),
			sentAt: expect.stringMatching(/\+08:00$/),
			parts: 1,
		});
		expect(sandbox.pendingReceipts('aliyun')).toBe(40);
		await pull.acknowledge();
		expect(sandbox.pendingReceipts('aliyun')).toBe(0);
	});

	it('only peeks in peek mode and leaves the queue untouched', async () => {
		await sendAndDeliver(5);
		const pull = await provider.pullReceipts({ max: 10, peek: true }, SETTINGS);
		expect(pull.events).toHaveLength(5);
		await pull.acknowledge();
		expect(sandbox.pendingReceipts('aliyun')).toBe(5);
		expect(sandbox.requests('aliyunMns').map((request) => request.api)).toEqual(['BatchPeekMessage']);
	});

	it('keeps what it received when one of its receive requests fails, and starts no more', async () => {
		await sendAndDeliver(400);
		sandbox.injectFault('aliyunMns', { kind: 'latency', latencyMs: 1, api: 'BatchReceiveMessage' });
		sandbox.injectFault('aliyunMns', { kind: 'http5xx', api: 'BatchReceiveMessage' });
		const pull = await provider.pullReceipts({ max: 1000, peek: false }, SETTINGS);
		expect(pull.error?.info).toMatchObject({ retryable: true });
		expect(pull.events.length).toBeGreaterThan(0);
		expect(pull.events.length).toBeLessThan(400);
		await pull.acknowledge();
		expect(sandbox.pendingReceipts('aliyun')).toBe(400 - pull.events.length);
	});

	it('keeps several receive requests in flight, never asking for more than the maximum', async () => {
		await sendAndDeliver(100);
		sandbox.setLatency(300);
		const pull = await provider.pullReceipts({ max: 90, peek: false }, SETTINGS);
		sandbox.setLatency(0);
		expect(pull.events).toHaveLength(90);
		const receives = sandbox.requests('aliyunMns', 'BatchReceiveMessage').map((request) => request.at.getTime());
		expect(receives).toHaveLength(6);
		// All six went out before the first answer (300 ms later) came back.
		expect(Math.max(...receives) - Math.min(...receives)).toBeLessThan(300);
		await pull.acknowledge();
		expect(sandbox.pendingReceipts('aliyun')).toBe(10);
	});

	it('starts no receive request after the deadline, beyond its first', async () => {
		await sendAndDeliver(100);
		const pull = await provider.pullReceipts({ max: 100, peek: false, deadline: Date.now() - 1 }, SETTINGS);
		expect(pull.events).toHaveLength(16);
		expect(sandbox.requests('aliyunMns', 'BatchReceiveMessage')).toHaveLength(1);
	});

	it('checks the queue Base URL only when receipts are pulled: sending still works', async () => {
		const misconfigured = aliyunProvider(
			{ ...sandbox.credentials.aliyunSmsApi, mnsBaseUrl: 'mns.cn-hangzhou.aliyuncs.com' },
			{ queueName: sandbox.aliyunQueueName },
		);
		const [result] = await sendAll(
			misconfigured,
			misconfigured.planSend([[message(0, { name: 'a', order: '1' })]], TEMPLATE, 'perItem').calls,
		);
		expect(result.status).toBe('accepted');
		const error = await thrown(misconfigured.pullReceipts({ max: 10, peek: false }, SETTINGS));
		expect(error.info).toMatchObject({ code: 'INVALID_BASE_URL', retryable: false, maybeSent: false });
		expect(error.message).toMatch(/"mns\.cn-hangzhou\.aliyuncs\.com" is not an http/);
	});

	it('asks for a Queue Name when none is set', async () => {
		const error = await thrown(
			aliyunProvider(sandbox.credentials.aliyunSmsApi).pullReceipts({ max: 1, peek: true }, SETTINGS),
		);
		expect(error.info.code).toBe('MISSING_QUEUE_NAME');
	});

	it('renews the queue token when it runs out', async () => {
		const shortLived = await startSandbox({ mnsTokenTtlSeconds: 2 });
		try {
			const client = aliyunProvider(shortLived.credentials.aliyunSmsApi, { queueName: shortLived.aliyunQueueName });
			await client.pullReceipts({ max: 1, peek: false }, SETTINGS);
			await client.pullReceipts({ max: 1, peek: false }, SETTINGS);
			expect(shortLived.requests('aliyunDybase', 'QueryTokenForMnsQueue')).toHaveLength(1);
			await new Promise((resolve) => setTimeout(resolve, 2100));
			const later = await client.pullReceipts({ max: 1, peek: false }, SETTINGS);
			expect(later.error).toBeUndefined();
			expect(shortLived.requests('aliyunDybase', 'QueryTokenForMnsQueue')).toHaveLength(2);
		} finally {
			await shortLived.close();
		}
	});
});

it('signs MNS requests as the MNS documentation example does', () => {
	// help.aliyun.com MNS "How do I obtain the signature string": GET /MyQueue, TestAccessID / TestAccessSecret.
	const headers = { date: 'Thu, 09 Jul 2015 03:01:34 GMT', 'x-mns-version': '2015-06-06' };
	const authorization = signMnsRequest('GET', '/MyQueue', headers, {
		accessKeyId: 'TestAccessID',
		accessKeySecret: 'TestAccessSecret',
	});
	expect(authorization).toMatch(/^MNS TestAccessID:uwx3yeWoILzgmvesW0BQSgfM/);
});

describe('server errors as the SDK reports them', () => {
	const sdkError = (code: string, statusCode: number) => ({
		code,
		statusCode,
		data: { Message: 'The request processing has failed due to some unknown error.' },
	});
	const secret = 'not-in-any-message';

	it('leaves a send answered with InternalError unknown: it may have gone out, so it is not retried', () => {
		expect(sdkFailure(sdkError('InternalError', 500), { sending: true, secret }).info).toMatchObject({
			code: 'InternalError',
			retryable: false,
			maybeSent: true,
		});
	});

	it('leaves a send answered with ServiceUnavailable unknown too: Aliyun warns of duplicates for both', () => {
		expect(sdkFailure(sdkError('ServiceUnavailable', 503), { sending: true, secret }).info).toMatchObject({
			retryable: false,
			maybeSent: true,
		});
	});

	it('retries a read answered with InternalError: asking again changes nothing', () => {
		expect(sdkFailure(sdkError('InternalError', 500), { sending: false, secret }).info).toMatchObject({
			retryable: true,
			maybeSent: false,
		});
	});
});
