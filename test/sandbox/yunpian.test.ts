import axios from 'axios';

import { YUNPIAN_ACCOUNT } from './accounts';
import { startSandbox, type Sandbox } from './index';

const TEMPLATE = '#name#您好，您的会员积分#points#即将到期。';
const SIGNED = (body: string) => `【${YUNPIAN_ACCOUNT.signName}】${body}`;
const POINTS_TEXT = SIGNED('张三您好，您的会员积分120即将到期。');

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11 });
	sandbox.defineTemplate('yunpian', { id: '100001', content: TEMPLATE });
	sandbox.defineTemplate('yunpian', { id: '100002', content: '#name#，您的订单已发货。', status: 'pending' });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

/** Posts a form exactly as Yunpian clients do; `raw` sends an already encoded body. */
async function post(path: string, fields: Record<string, string> | { raw: string }) {
	const body =
		'raw' in fields ? fields.raw : new URLSearchParams({ apikey: YUNPIAN_ACCOUNT.apiKey, ...fields }).toString();
	const response = await axios.post(`${sandbox.urls.yunpian}${path}`, body, {
		headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
		validateStatus: () => true,
	});
	return { status: response.status, data: response.data };
}

/** The documented tpl_value: each `#name#` and value urlencoded, joined as a query string. */
function tplValue(variables: Record<string, string>): string {
	return Object.entries(variables)
		.map(([name, value]) => `${encodeURIComponent(`#${name}#`)}=${encodeURIComponent(value)}`)
		.join('&');
}

describe('yunpian single_send', () => {
	test('accepts a signed text matching an approved template', async () => {
		const { status, data } = await post('/v2/sms/single_send.json', {
			mobile: '13800138000',
			text: POINTS_TEXT,
			uid: 'order-1',
		});

		expect(status).toBe(200);
		expect(data).toMatchObject({ code: 0, msg: '发送成功', count: 1, fee: 0.05, unit: 'RMB', mobile: '13800138000' });
		expect(Number.isSafeInteger(data.sid) && data.sid > 1e12).toBe(true);
		expect(sandbox.sent('yunpian')).toMatchObject([
			{
				api: 'single_send',
				phone: '13800138000',
				text: POINTS_TEXT,
				templateId: '100001',
				messageId: String(data.sid),
				outId: 'order-1',
			},
		]);
	});

	test('counts billed parts over the whole text: 70 characters for one part, 67 per part beyond', async () => {
		const oneLongName = (length: number) => SIGNED(`${'名'.repeat(length)}您好，您的会员积分1即将到期。`);
		const fits = await post('/v2/sms/single_send.json', { mobile: '13800138000', text: oneLongName(70 - 21) });
		const overflows = await post('/v2/sms/single_send.json', { mobile: '13800138001', text: oneLongName(71 - 21) });

		expect([fits.data.count, overflows.data.count]).toEqual([1, 2]);
		expect(overflows.data.fee).toBe(0.1);
	});

	test('accepts an international number only with a leading +', async () => {
		const { status, data } = await post('/v2/sms/single_send.json', { mobile: '+85291234567', text: POINTS_TEXT });

		expect(status).toBe(200);
		expect(data.mobile).toBe('+85291234567');
	});

	test('rejects a malformed mainland number with the HTTP 400 envelope, code 2', async () => {
		const { status, data } = await post('/v2/sms/single_send.json', { mobile: '1380013800', text: POINTS_TEXT });

		expect(status).toBe(400);
		expect(data).toMatchObject({ http_status_code: 400, code: 2 });
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('rejects a bad apikey with code -1', async () => {
		const { status, data } = await post('/v2/sms/single_send.json', {
			apikey: 'wrong',
			mobile: '13800138000',
			text: POINTS_TEXT,
		});

		expect(status).toBe(400);
		expect(data).toEqual({ http_status_code: 400, code: -1, msg: expect.any(String), detail: expect.any(String) });
	});

	test.each([
		['no signature', '张三您好，您的会员积分120即将到期。', 16],
		['an unreported signature', '【别家】张三您好，您的会员积分120即将到期。', 15],
		['no matching template', SIGNED('张三您好，欢迎光临。'), 5],
		['a pending template', SIGNED('张三，您的订单已发货。'), 7],
	])('rejects a text with %s', async (_, text, code) => {
		const { status, data } = await post('/v2/sms/single_send.json', { mobile: '13800138000', text });

		expect(status).toBe(400);
		expect(data.code).toBe(code);
	});
});

describe('yunpian batch and multi sends', () => {
	test('batch_send answers per recipient and fails only the invalid number (HTTP 200)', async () => {
		const { status, data } = await post('/v2/sms/batch_send.json', {
			mobile: '13800138000,12345,13900139000',
			text: POINTS_TEXT,
		});

		expect(status).toBe(200);
		expect(data).toMatchObject({ total_count: 2, total_fee: 0.1, unit: 'RMB' });
		expect(data.data.map((entry: { code: number; mobile: string }) => [entry.mobile, entry.code])).toEqual([
			['13800138000', 0],
			['12345', 2],
			['13900139000', 0],
		]);
		expect(sandbox.sent('yunpian').map((message) => message.phone)).toEqual(['13800138000', '13900139000']);
	});

	test('batch_send refuses international numbers', async () => {
		const { data } = await post('/v2/sms/batch_send.json', { mobile: '+85291234567', text: POINTS_TEXT });

		expect(data.data[0].code).toBe(2);
	});

	test('multi_send reads a comma list of individually urlencoded texts', async () => {
		const texts = [SIGNED('李四您好，您的会员积分1,200即将到期。'), SIGNED('王五 先生您好，您的会员积分80即将到期。')];
		const { status, data } = await post('/v2/sms/multi_send.json', {
			mobile: '13800138000,13900139000',
			text: texts.map(encodeURIComponent).join(','),
		});

		expect(status).toBe(200);
		expect(data.data.map((entry: { code: number }) => entry.code)).toEqual([0, 0]);
		expect(sandbox.sent('yunpian').map((message) => message.text)).toEqual(texts);
	});

	test('multi_send rejects a text count that differs from the mobile count with code 25', async () => {
		const { status, data } = await post('/v2/sms/multi_send.json', {
			mobile: '13800138000,13900139000',
			text: encodeURIComponent(POINTS_TEXT),
		});

		expect(status).toBe(400);
		expect(data.code).toBe(25);
	});
});

describe('yunpian template sends', () => {
	test('tpl_single_send decodes the double-encoded tpl_value', async () => {
		const body = new URLSearchParams({
			apikey: YUNPIAN_ACCOUNT.apiKey,
			mobile: '13800138000',
			tpl_id: '100001',
			tpl_value: tplValue({ name: '张&三=', points: '1 200' }),
		}).toString();
		expect(body).toContain('%2523name%2523');

		const { status, data } = await post('/v2/sms/tpl_single_send.json', { raw: body });

		expect(status).toBe(200);
		expect(data.code).toBe(0);
		expect(sandbox.sent('yunpian')[0]).toMatchObject({
			api: 'tpl_single_send',
			text: SIGNED('张&三=您好，您的会员积分1 200即将到期。'),
			variables: { name: '张&三=', points: '1 200' },
		});
	});

	test('tpl_single_send rejects a tpl_value missing a template variable with code 1', async () => {
		const { status, data } = await post('/v2/sms/tpl_single_send.json', {
			mobile: '13800138000',
			tpl_id: '100001',
			tpl_value: tplValue({ name: '张三' }),
		});

		expect(status).toBe(400);
		expect(data.code).toBe(1);
		expect(data.detail).toContain('#points#');
	});

	test('tpl_batch_send sends the same rendered text to every number', async () => {
		const { data } = await post('/v2/sms/tpl_batch_send.json', {
			mobile: '13800138000,13900139000',
			tpl_id: '100001',
			tpl_value: tplValue({ name: '张三', points: '120' }),
		});

		expect(data.total_count).toBe(2);
		expect(sandbox.sent('yunpian').map((message) => message.text)).toEqual([POINTS_TEXT, POINTS_TEXT]);
	});

	test('tpl_single_send with a pending template answers code 7', async () => {
		const { data } = await post('/v2/sms/tpl_single_send.json', {
			mobile: '13800138000',
			tpl_id: '100002',
			tpl_value: tplValue({ name: '张三' }),
		});

		expect(data.code).toBe(7);
	});
});

describe('yunpian balance exhaustion (setBalance)', () => {
	const codesOf = (data: { data: Array<{ mobile: string; code: number }> }) =>
		data.data.map((entry) => [entry.mobile, entry.code]);

	test('single_send with the balance used up answers the HTTP 400 envelope, code 3', async () => {
		sandbox.setBalance('yunpian', 1);
		await post('/v2/sms/single_send.json', { mobile: '13800138000', text: POINTS_TEXT });

		const { status, data } = await post('/v2/sms/single_send.json', { mobile: '13900139000', text: POINTS_TEXT });

		expect(status).toBe(400);
		expect(data).toEqual({ http_status_code: 400, code: 3, msg: expect.any(String), detail: expect.any(String) });
		expect(sandbox.sent('yunpian').map((message) => message.phone)).toEqual(['13800138000']);
	});

	test('batch_send accepts the recipients within the balance and answers code 3 for those beyond it', async () => {
		sandbox.setBalance('yunpian', 2);
		const mobile = '13800138000,12345,13900139000,13700137000';

		const { status, data } = await post('/v2/sms/batch_send.json', { mobile, text: POINTS_TEXT });

		expect(status).toBe(200);
		expect(codesOf(data)).toEqual([
			['13800138000', 0],
			['12345', 2],
			['13900139000', 0],
			['13700137000', 3],
		]);
		expect(data.data[3]).toMatchObject({ count: 0, fee: 0, sid: 0 });
		expect(sandbox.sent('yunpian').map((message) => message.phone)).toEqual(['13800138000', '13900139000']);
	});

	test('multi_send uses one unit per recipient whatever its parts', async () => {
		sandbox.setBalance('yunpian', 1);
		const twoParts = SIGNED(`${'名'.repeat(60)}您好，您的会员积分1即将到期。`);

		const { data } = await post('/v2/sms/multi_send.json', {
			mobile: '13800138000,13900139000',
			text: [twoParts, POINTS_TEXT].map(encodeURIComponent).join(','),
		});

		expect(codesOf(data)).toEqual([
			['13800138000', 0],
			['13900139000', 3],
		]);
		expect(data.data[0].count).toBe(2);
	});

	test('reset() makes the balance unlimited again', async () => {
		sandbox.setBalance('yunpian', 0);
		sandbox.reset();

		const { data } = await post('/v2/sms/batch_send.json', { mobile: '13800138000,13900139000', text: POINTS_TEXT });

		expect(codesOf(data)).toEqual([
			['13800138000', 0],
			['13900139000', 0],
		]);
	});
});

describe('yunpian templates and account', () => {
	test('tpl/get with an id returns that template with its signature and check status', async () => {
		const { data } = await post('/v2/tpl/get.json', { tpl_id: '100002' });

		expect(data).toMatchObject({
			tpl_id: 100002,
			tpl_content: SIGNED('#name#，您的订单已发货。'),
			check_status: 'CHECKING',
		});
	});

	test('tpl/get without an id lists every template', async () => {
		const { data } = await post('/v2/tpl/get.json', {});

		expect(
			data.map((template: { tpl_id: number; check_status: string }) => [template.tpl_id, template.check_status]),
		).toEqual([
			[100001, 'SUCCESS'],
			[100002, 'CHECKING'],
		]);
	});

	test('user/get reports the balance, reduced by what was sent', async () => {
		const before = await post('/v2/user/get.json', {});
		await post('/v2/sms/single_send.json', { mobile: '13800138000', text: POINTS_TEXT });
		const after = await post('/v2/user/get.json', {});

		expect(before.data.balance - after.data.balance).toBeCloseTo(0.05);
	});
});

describe('yunpian receipts and records', () => {
	async function sendTo(mobiles: string[]) {
		await post('/v2/sms/batch_send.json', { mobile: mobiles.join(','), text: POINTS_TEXT, uid: 'campaign-7' });
	}

	test('pull_status returns a bare array of receipts and deletes what it returns', async () => {
		await sendTo(['13800138000', '13800138001', '13800138002']);
		sandbox.deliver({ fail: (message) => message.phone === '13800138001', failCode: 'UNDELIV' });

		const first = await post('/v2/sms/pull_status.json', { page_size: '2' });
		const second = await post('/v2/sms/pull_status.json', { page_size: '2' });
		const third = await post('/v2/sms/pull_status.json', {});

		expect(first.data).toEqual([
			expect.objectContaining({ mobile: '13800138000', report_status: 'SUCCESS', uid: 'campaign-7' }),
			expect.objectContaining({ mobile: '13800138001', report_status: 'FAIL', error_msg: 'UNDELIV' }),
		]);
		expect(first.data[0].user_receive_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(second.data.map((row: { mobile: string }) => row.mobile)).toEqual(['13800138002']);
		expect(third.data).toEqual([]);
		expect(sandbox.pendingReceipts('yunpian')).toBe(0);
	});

	test('pull_status refuses a page_size above 100', async () => {
		const { status, data } = await post('/v2/sms/pull_status.json', { page_size: '101' });

		expect(status).toBe(400);
		expect(data.code).toBe(2);
	});

	test('get_record pages through a time window without deleting anything', async () => {
		await sendTo(['13800138000', '13800138001', '13800138002', '13800138003', '13800138004']);
		const window = { start_time: '2000-01-01 00:00:00', end_time: '2099-12-31 23:59:59' };

		const lastPage = await post('/v2/sms/get_record.json', { ...window, page_num: '3', page_size: '2' });
		const again = await post('/v2/sms/get_record.json', { ...window, page_num: '3', page_size: '2' });

		expect(lastPage.data).toEqual([
			expect.objectContaining({ mobile: '13800138004', report_status: 'UNKNOWN', send_status: 'SUCCESS' }),
		]);
		expect(again.data).toEqual(lastPage.data);
	});

	test('get_record filters by mobile and shows the delivery outcome', async () => {
		await sendTo(['13800138000', '13800138001']);
		sandbox.deliver();

		const { data } = await post('/v2/sms/get_record.json', {
			mobile: '13800138001',
			start_time: '2000-01-01 00:00:00',
			end_time: '2099-12-31 23:59:59',
		});

		expect(data).toEqual([
			expect.objectContaining({
				mobile: '13800138001',
				text: POINTS_TEXT,
				report_status: 'SUCCESS',
				fee: 0.05,
				uid: 'campaign-7',
			}),
		]);
	});

	test('get_record excludes messages sent outside the window', async () => {
		await sendTo(['13800138000']);

		const { data } = await post('/v2/sms/get_record.json', {
			start_time: '2000-01-01 00:00:00',
			end_time: '2000-01-02 00:00:00',
		});

		expect(data).toEqual([]);
	});
});

describe('yunpian replies', () => {
	const window = () => {
		const china = (date: Date) => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
		return { start_time: china(new Date(Date.now() - 60_000)), end_time: china(new Date(Date.now() + 1000)) };
	};

	test('pull_reply returns a bare array of replies in the documented fields and deletes what it returns', async () => {
		sandbox.reply('yunpian', '13700000001', 'R', { extendCode: '01' });
		sandbox.reply('yunpian', '13700000002', '好的');

		const first = await post('/v2/sms/pull_reply.json', { page_size: '1' });
		const rest = await post('/v2/sms/pull_reply.json', { page_size: '100' });

		expect(first.data).toEqual([
			{
				id: expect.any(String),
				mobile: '13700000001',
				text: 'R',
				reply_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
				extend: '01',
				base_extend: expect.any(String),
				_sign: YUNPIAN_ACCOUNT.signName,
			},
		]);
		expect(rest.data.map((reply: { text: string }) => reply.text)).toEqual(['好的']);
		expect(sandbox.pendingReplies('yunpian')).toBe(0);
		expect((await post('/v2/sms/pull_reply.json', { page_size: '101' })).status).toBe(400);
	});

	test('get_reply finds replies in a time window, by number too, pulled or not, and consumes nothing', async () => {
		sandbox.reply('yunpian', '13700000001', 'R');
		sandbox.reply('yunpian', '13700000002', 'TD');
		await post('/v2/sms/pull_reply.json', { page_size: '1' });

		const all = await post('/v2/sms/get_reply.json', { ...window(), page_num: '1', page_size: '100' });
		const one = await post('/v2/sms/get_reply.json', {
			...window(),
			page_num: '1',
			page_size: '100',
			mobile: '13700000002',
		});
		const missingWindow = await post('/v2/sms/get_reply.json', { page_num: '1', page_size: '20' });

		expect(all.data.map((reply: { text: string }) => reply.text)).toEqual(['R', 'TD']);
		expect(one.data.map((reply: { text: string }) => reply.text)).toEqual(['TD']);
		expect(missingWindow.status).toBe(400);
		expect(sandbox.pendingReplies('yunpian')).toBe(1);
	});
});
