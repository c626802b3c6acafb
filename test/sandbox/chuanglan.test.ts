import axios from 'axios';

import { CHUANGLAN_ACCOUNT } from './accounts';
import { startSandbox, type Sandbox } from './index';

const SIGNATURE = `【${CHUANGLAN_ACCOUNT.signName}】`;
const POINTS_TEXT = `${SIGNATURE}张三您好，您的会员积分120即将到期。`;
const AUTH = { account: CHUANGLAN_ACCOUNT.account, password: CHUANGLAN_ACCOUNT.password };

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 5 });
	sandbox.defineTemplate('chuanglan', { id: 'points', content: '{$name}您好，您的会员积分{$points}即将到期。' });
	sandbox.defineTemplate('chuanglan', { id: 'greeting', content: '尊敬的{$var}，验证码{$var}' });
	sandbox.defineTemplate('chuanglan', { id: 'blocked', content: '{$var}，点击领取大奖', status: 'rejected' });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

async function post(path: string, body: Record<string, unknown>) {
	const response = await axios.post(
		`${sandbox.urls.chuanglan}${path}`,
		{ ...AUTH, ...body },
		{ validateStatus: () => true },
	);
	return { status: response.status, data: response.data };
}

describe('chuanglan send', () => {
	test.each(['/msg/send/json', '/msg/v1/send/json'])(
		'%s accepts a signed text for several phones under one msgId',
		async (path) => {
			const { status, data } = await post(path, { msg: POINTS_TEXT, phone: '13800138000,13900139000', uid: 'batch-1' });

			expect(status).toBe(200);
			expect(data).toEqual({
				code: '0',
				msgId: expect.stringMatching(/^\d{17}$/),
				time: expect.stringMatching(/^\d{14}$/),
				errorMsg: '',
				successNum: '2',
				failNum: '0',
			});
			expect(sandbox.sent('chuanglan')).toEqual([
				expect.objectContaining({
					api: 'send',
					phone: '13800138000',
					messageId: data.msgId,
					outId: 'batch-1',
					templateId: 'points',
				}),
				expect.objectContaining({ api: 'send', phone: '13900139000', messageId: data.msgId, text: POINTS_TEXT }),
			]);
		},
	);

	test('accepts the signature at the end of the text', async () => {
		const { data } = await post('/msg/send/json', {
			msg: `张三您好，您的会员积分120即将到期。${SIGNATURE}`,
			phone: '13800138000',
		});

		expect(data.code).toBe('0');
	});

	test.each([
		['an unknown account', { account: 'N9999999' }, '101'],
		['a wrong password', { password: 'not-it-at-all' }, '102'],
		['a text over 536 characters', { msg: `${POINTS_TEXT}${'长'.repeat(520)}` }, '106'],
		['no signature', { msg: '张三您好，您的会员积分120即将到期。' }, '116'],
		['an unknown signature', { msg: '【别家】张三您好，您的会员积分120即将到期。' }, '116'],
		['an invalid phone', { phone: '13800138000,2345' }, '107'],
		['more than 1000 phones', { phone: Array(1001).fill('13800138000').join(',') }, '108'],
		['a text matching no template', { msg: `${SIGNATURE}欢迎光临` }, '124'],
		['a text matching a rejected template', { msg: `${SIGNATURE}张三，点击领取大奖` }, '125'],
		['a missing phone', { phone: '' }, '130'],
	])('rejects %s with HTTP 200 and a string code', async (_, override, code) => {
		const { status, data } = await post('/msg/v1/send/json', { msg: POINTS_TEXT, phone: '13800138000', ...override });

		expect(status).toBe(200);
		expect(data).toMatchObject({ code, msgId: '', errorMsg: expect.any(String) });
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('rejects a body that is not JSON with 129', async () => {
		const response = await axios.post(`${sandbox.urls.chuanglan}/msg/v1/send/json`, '{"account":', {
			headers: { 'content-type': 'application/json' },
			validateStatus: () => true,
		});

		expect(response.data.code).toBe('129');
	});
});

describe('chuanglan variable send', () => {
	const MSG = `${SIGNATURE}尊敬的{$var}，验证码{$var}`;

	test('substitutes each parameter group positionally into the {$var} slots', async () => {
		const { data } = await post('/msg/variable/json', {
			msg: MSG,
			params: '13800138000,先生,123456;13900139000,女士,654321',
		});

		expect(data).toMatchObject({ code: '0', successNum: '2', failNum: '0' });
		expect(sandbox.sent('chuanglan')).toEqual([
			expect.objectContaining({
				api: 'variable',
				phone: '13800138000',
				text: `${SIGNATURE}尊敬的先生，验证码123456`,
				variables: ['先生', '123456'],
			}),
			expect.objectContaining({
				api: 'variable',
				phone: '13900139000',
				text: `${SIGNATURE}尊敬的女士，验证码654321`,
				messageId: data.msgId,
			}),
		]);
	});

	test('silently drops a group whose value contains a comma, and one with a bad phone', async () => {
		const { data } = await post('/msg/variable/json', {
			msg: MSG,
			params: '13800138000,先生,123456;13900139000,王,女士,654321;1234,先生,1;13700137000,老师,111111;',
		});

		expect(data).toMatchObject({ code: '0', successNum: '2', failNum: '0' });
		expect(sandbox.sent('chuanglan').map((message) => message.phone)).toEqual(['13800138000', '13700137000']);
	});

	test('rejects more than 20 variables with 114', async () => {
		const { data } = await post('/msg/variable/json', {
			msg: `${SIGNATURE}${'{$var}'.repeat(21)}`,
			params: `13800138000${',x'.repeat(21)}`,
		});

		expect(data.code).toBe('114');
	});

	test('rejects more than 1000 parameter groups with 114', async () => {
		const { data } = await post('/msg/variable/json', {
			msg: MSG,
			params: Array(1001).fill('13800138000,先生,1').join(';'),
		});

		expect(data.code).toBe('114');
	});
});

describe('chuanglan balance', () => {
	test('answers a numeric code and the remaining message count as a string', async () => {
		const before = await post('/msg/balance/json', {});
		await post('/msg/send/json', { msg: POINTS_TEXT, phone: '13800138000,13900139000' });
		const after = await post('/msg/balance/json', {});

		expect(before.data).toMatchObject({ code: 0, balance: expect.stringMatching(/^\d+$/), errorMsg: '' });
		expect(Number(before.data.balance) - Number(after.data.balance)).toBe(2);
	});

	test('rejects a wrong password with a string code', async () => {
		const { data } = await post('/msg/balance/json', { password: 'not-it-at-all' });

		expect(data.code).toBe('102');
	});
});

describe('chuanglan balance exhaustion (setBalance)', () => {
	const VARIABLE_MSG = `${SIGNATURE}尊敬的{$var}，验证码{$var}`;

	test('refuses a send to more phones than the balance has left with 109, accepting none', async () => {
		sandbox.setBalance('chuanglan', 2);

		const { status, data } = await post('/msg/send/json', {
			msg: POINTS_TEXT,
			phone: '13800138000,13900139000,13700137000',
		});

		expect(status).toBe(200);
		expect(data).toMatchObject({ code: '109', msgId: '', errorMsg: expect.any(String) });
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('refuses a variable send beyond what is left with 109 once earlier sends used the balance up', async () => {
		sandbox.setBalance('chuanglan', 2);
		const first = await post('/msg/variable/json', {
			msg: VARIABLE_MSG,
			params: '13800138000,先生,1;13900139000,女士,2',
		});

		const second = await post('/msg/variable/json', { msg: VARIABLE_MSG, params: '13700137000,老师,3' });

		expect([first.data.code, second.data.code]).toEqual(['0', '109']);
		expect(sandbox.sent('chuanglan').map((message) => message.phone)).toEqual(['13800138000', '13900139000']);
	});

	test('uses one unit per phone whatever the parts of its text', async () => {
		sandbox.setBalance('chuanglan', 1);
		const twoParts = `${SIGNATURE}张三您好，您的会员积分${'9'.repeat(100)}即将到期。`;

		const { data } = await post('/msg/send/json', { msg: twoParts, phone: '13800138000' });

		expect(data).toMatchObject({ code: '0', successNum: '1' });
	});

	test('leaves the balance query working when nothing is left', async () => {
		sandbox.setBalance('chuanglan', 0);

		const { data } = await post('/msg/balance/json', {});

		expect(data.code).toBe(0);
	});

	test('reset() makes the balance unlimited again', async () => {
		sandbox.setBalance('chuanglan', 0);
		sandbox.reset();

		const { data } = await post('/msg/send/json', { msg: POINTS_TEXT, phone: '13800138000,13900139000' });

		expect(data).toMatchObject({ code: '0', successNum: '2' });
	});
});

describe('chuanglan pull/report', () => {
	test('returns receipts and deletes what it returns', async () => {
		const sent = await post('/msg/send/json', {
			msg: POINTS_TEXT,
			phone: '13800138000,13900139000,13700137000',
			uid: 'u-9',
		});
		sandbox.deliver({ fail: (message) => message.phone === '13900139000' });

		const first = await post('/msg/pull/report', { count: 2 });
		const second = await post('/msg/pull/report', { count: '2' });
		const third = await post('/msg/pull/report', {});

		expect(first.data.ret).toBe(0);
		expect(first.data.result).toEqual([
			{
				msgId: sent.data.msgId,
				mobile: '13800138000',
				status: 'DELIVRD',
				statusDesc: expect.any(String),
				uid: 'u-9',
				reportTime: expect.stringMatching(/^\d{10}$/),
				notifyTime: expect.stringMatching(/^\d{12}$/),
			},
			expect.objectContaining({ mobile: '13900139000', status: 'REJECTD' }),
		]);
		expect(second.data.result.map((row: { mobile: string }) => row.mobile)).toEqual(['13700137000']);
		expect(third.data).toEqual({ ret: 0, result: [] });
	});

	test('queues every receipt twice when delivery duplicates', async () => {
		await post('/msg/send/json', { msg: POINTS_TEXT, phone: '13800138000' });
		sandbox.deliver({ duplicate: true, fail: () => true, failCode: 'MBBLACK' });

		const { data } = await post('/msg/pull/report', { count: 100 });

		expect(data.result.map((row: { status: string }) => row.status)).toEqual(['MBBLACK', 'MBBLACK']);
	});

	test('refuses a count above 100 and a wrong password with ret 1', async () => {
		const tooMany = await post('/msg/pull/report', { count: 101 });
		const badPassword = await post('/msg/pull/report', { password: 'not-it-at-all' });

		expect([tooMany.data.ret, badPassword.data.ret]).toEqual([1, 1]);
		expect(badPassword.data.error).toEqual(expect.any(String));
	});
});

describe('chuanglan pull/mo', () => {
	test('returns replies in the documented fields and deletes what it returns', async () => {
		sandbox.reply('chuanglan', '13700000001', '退订', { extendCode: '7' });
		sandbox.reply('chuanglan', '13700000002', 'ok');

		const first = await post('/msg/pull/mo', { count: 1 });
		const rest = await post('/msg/pull/mo', {});

		expect(first.data).toEqual({
			ret: 0,
			result: [
				{
					moTime: expect.stringMatching(/^\d{13}$/),
					spCode: expect.any(String),
					mobile: '13700000001',
					destCode: expect.stringMatching(/7$/),
					messageContent: '退订',
				},
			],
		});
		expect(rest.data.result.map((reply: { messageContent: string }) => reply.messageContent)).toEqual(['ok']);
		expect(sandbox.pendingReplies('chuanglan')).toBe(0);
	});

	test('answers a wrong password or a count above 100 with ret 1', async () => {
		expect((await post('/msg/pull/mo', { count: 101 })).data).toMatchObject({ ret: 1 });
		expect((await post('/msg/pull/mo', { password: 'not-it-at-all' })).data).toMatchObject({ ret: 1 });
	});
});
