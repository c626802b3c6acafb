import { chuanglanProvider } from '../../nodes/providers/chuanglan';
import type { ChuanglanPayload } from '../../nodes/providers/chuanglan/plan';
import type { PlannedCall, SmsProvider, TemplateSpec } from '../../nodes/providers/types';
import {
	hongKongPhone,
	mainlandNumber,
	mainlandPhone,
	messageBuilder,
	renderText,
	sendAll,
	SETTINGS,
	thrown,
} from '../helpers/provider';
import { startSandbox, type Sandbox } from '../sandbox';

const OPT_OUT = '拒收请回复R';
const TEMPLATE: TemplateSpec = {
	templateId: '',
	content: '尊敬的{$name}，您的验证码是{$code}',
	variables: ['name', 'code'],
	signName: '沙箱测试',
	positional: false,
};

let sandbox: Sandbox;
let provider: SmsProvider;

beforeAll(async () => {
	sandbox = await startSandbox();
	sandbox.defineTemplate('chuanglan', { id: 'code', content: TEMPLATE.content });
	provider = chuanglanProvider(sandbox.credentials.chuanglanApi);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const message = messageBuilder(() => provider, TEMPLATE);

function oneCall(): PlannedCall {
	return provider.planSend([[message(0, mainlandNumber(0), { name: 'a', code: '1' })]], TEMPLATE, 'perItem').calls[0];
}

describe('render', () => {
	test('named placeholders are filled and the 【signature】 is added', () => {
		expect(renderText(provider, TEMPLATE, { name: '张三', code: '1234' })).toBe(
			'【沙箱测试】尊敬的张三，您的验证码是1234',
		);
	});

	test('positional {$var} slots take var1..varN in order; the opt-out sentence is added once', () => {
		const template: TemplateSpec = {
			...TEMPLATE,
			content: '{$var}您好，{$var}到了',
			variables: ['var1', 'var2'],
			positional: true,
			optOutSuffix: OPT_OUT,
		};
		expect(renderText(provider, template, { var1: '李四', var2: '包裹' })).toBe(
			`【沙箱测试】李四您好，包裹到了${OPT_OUT}`,
		);
		const alreadyEnding = { ...template, content: `{$var}您好${OPT_OUT}` };
		expect(renderText(provider, alreadyEnding, { var1: '王五' })).toBe(`【沙箱测试】王五您好${OPT_OUT}`);
	});
});

describe('planSend', () => {
	test('2,500 recipients with distinct values take 3 variable/json calls and all arrive', async () => {
		const messages = Array.from({ length: 2500 }, (_, key) =>
			message(key, mainlandNumber(key), { name: `用户${key}`, code: String(key) }),
		);
		const { calls, unsendable } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(unsendable).toEqual([]);
		expect(calls.map((call) => [call.api, call.messages.length])).toEqual([
			['variable/json', 1000],
			['variable/json', 1000],
			['variable/json', 500],
		]);
		await sendAll(provider, calls);
		expect(sandbox.requests('chuanglan', '/msg/variable/json')).toHaveLength(3);
		expect(sandbox.sent('chuanglan')).toHaveLength(2500);
		expect(sandbox.sent('chuanglan').map((sent) => sent.text)).toEqual(messages.map((sent) => sent.text));
	});

	test('equal texts go out as one send/json', async () => {
		const messages = [0, 1, 2].map((key) => message(key, mainlandNumber(key), { name: '会员', code: '0000' }));
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => call.api)).toEqual(['send/json']);
		await sendAll(provider, calls);
		expect(sandbox.sent('chuanglan').map((sent) => sent.api)).toEqual(['send', 'send', 'send']);
	});

	test('per item: each group is one send/json', () => {
		const single = [message(0, mainlandNumber(0), { name: 'a', code: '1' })];
		const several = [1, 2].map((key) => message(key, mainlandNumber(key), { name: 'b', code: '2' }));
		const groups = [single, several];
		const { calls } = provider.planSend(groups, TEMPLATE, 'perItem');
		expect(calls.map((call) => [call.api, call.messages.length])).toEqual([
			['send/json', 1],
			['send/json', 2],
		]);
	});

	test('the 536 limit counts characters, so an emoji is one: 536 are sent, 537 are refused', async () => {
		// 【沙箱测试】尊敬的…，您的验证码是1 has 16 characters around the name.
		const fits = message(0, mainlandNumber(0), { name: '😀'.repeat(519), code: '1' });
		const tooLong = message(1, mainlandNumber(1), { name: '😀'.repeat(520), code: '1' });
		expect([...fits.text]).toHaveLength(536);
		expect(fits.text.length).toBeGreaterThan(1000);
		const { calls, unsendable } = provider.planSend([[fits], [tooLong]], TEMPLATE, 'perItem');
		expect(unsendable).toEqual([
			{ key: 1, error: expect.objectContaining({ code: 'TEXT_TOO_LONG', retryable: false }) },
		]);
		expect(unsendable[0].error.message).toMatch(/537 characters/);
		expect(await sendAll(provider, calls)).toEqual([expect.objectContaining({ key: 0, status: 'accepted' })]);
		expect(sandbox.sent('chuanglan').map((sent) => sent.text)).toEqual([fits.text]);
	});

	test('a non-mainland number is unsendable with a clear reason', () => {
		const hongKong = hongKongPhone('51234567');
		const { calls, unsendable } = provider.planSend(
			[[message(0, hongKong, { name: 'a', code: '1' })]],
			TEMPLATE,
			'batch',
		);
		expect(calls).toEqual([]);
		expect(unsendable).toEqual([
			{ key: 0, error: expect.objectContaining({ code: 'INTERNATIONAL_NOT_SUPPORTED', retryable: false }) },
		]);
		expect(unsendable[0].error.message).toMatch(/\+85251234567 is not a mainland China number/);
	});
});

describe('send', () => {
	test('values with , or ; go through send/json and arrive intact; the rest through variable/json', async () => {
		const messages = [
			message(0, mainlandNumber(0), { name: '张,三', code: '1' }),
			message(1, mainlandNumber(1), { name: '李;四', code: '2' }),
			message(2, mainlandNumber(2), { name: '王五', code: '3' }),
			message(3, mainlandNumber(3), { name: '赵六', code: '4' }),
		];
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => [call.api, call.messages.map((sent) => sent.key)])).toEqual([
			['variable/json', [2, 3]],
			['send/json', [0]],
			['send/json', [1]],
		]);
		await sendAll(provider, calls);
		const arrived = new Map(sandbox.sent('chuanglan').map((sent) => [sent.phone, sent.text]));
		for (const sent of messages) expect(arrived.get(sent.phone.nationalNumber)).toBe(sent.text);
	});

	test('values with # & = % and emoji arrive intact through variable/json', async () => {
		const tricky = ['#a&b=c%d', '😀👍', '%E4%B8%AD', '{$var}'];
		const messages = tricky.map((name, key) => message(key, mainlandNumber(key), { name, code: `${key}` }));
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => call.api)).toEqual(['variable/json']);
		await sendAll(provider, calls);
		expect(sandbox.sent('chuanglan').map((sent) => sent.text)).toEqual(messages.map((sent) => sent.text));
	});

	test('every message of a call is accepted with the call msgId, and planned with the uid that was sent', async () => {
		const messages = [0, 1].map((key) => message(key, mainlandNumber(key), { name: `n${key}`, code: `${key}` }));
		const [call] = provider.planSend([messages], TEMPLATE, 'batch').calls;
		const results = await provider.send(call, SETTINGS);
		const [first, second] = sandbox.sent('chuanglan');
		expect(first.messageId).toBe(second.messageId);
		expect(first.outId).toMatch(/^[0-9a-f]{32}$/);
		expect(call.messages.map((planned) => planned.outId)).toEqual([first.outId, first.outId]);
		expect(results).toEqual([
			{ key: 0, status: 'accepted', messageId: first.messageId },
			{ key: 1, status: 'accepted', messageId: first.messageId },
		]);
	});

	/** A variable/json call for three recipients whose groups `breakGroups` may spoil (the planner never does). */
	function variableCall(breakGroups: (groups: string[]) => string[]): PlannedCall {
		const messages = [0, 1, 2].map((key) => message(key, mainlandNumber(key), { name: `n${key}`, code: `${key}` }));
		const [call] = provider.planSend([messages], TEMPLATE, 'batch').calls;
		const payload = call.payload as ChuanglanPayload;
		const params = breakGroups((payload.body.params ?? '').split(';')).join(';');
		return { ...call, payload: { ...payload, body: { ...payload.body, params } } };
	}

	test('a group Chuanglan drops makes every recipient of the call unknown (PARTIAL_ACCEPT), since it names none', async () => {
		// A value with a comma gives the second group one value too many: Chuanglan drops it without an error.
		const call = variableCall(([first, second, third]) => [first, `${second},extra`, third]);
		const results = await provider.send(call, SETTINGS);
		expect(sandbox.sent('chuanglan')).toHaveLength(2);
		expect(results.map((result) => result.key)).toEqual([0, 1, 2]);
		for (const result of results) {
			expect(result).toMatchObject({
				status: 'rejected',
				error: { code: 'PARTIAL_ACCEPT', retryable: false, maybeSent: true },
			});
		}
		const [first] = results;
		const explanation = first.status === 'rejected' ? first.error.message : '';
		expect(explanation).toMatch(/Chuanglan accepted 2 of the 3 numbers/);
		expect(explanation).toContain(sandbox.sent('chuanglan')[0].messageId);
	});

	test('a call whose every group was dropped is rejected as not sent', async () => {
		const call = variableCall((groups) => groups.map((group) => `${group},extra`));
		const results = await provider.send(call, SETTINGS);
		expect(sandbox.sent('chuanglan')).toHaveLength(0);
		expect(results).toHaveLength(3);
		for (const result of results) {
			expect(result).toMatchObject({ status: 'rejected', error: { code: 'NOT_ACCEPTED', maybeSent: false } });
		}
	});

	test('messages sharing an outId send it as the uid', async () => {
		const messages = [0, 1].map((key) => message(key, mainlandNumber(key), { name: 'same', code: '0' }, 'order-42'));
		await sendAll(provider, provider.planSend([messages], TEMPLATE, 'batch').calls);
		expect(sandbox.sent('chuanglan').map((sent) => sent.outId)).toEqual(['order-42', 'order-42']);
	});

	test.each(['smssh1.253.com', 'ftp://smssh1.253.com'])(
		'a Base URL like %s is refused as not sent, naming it',
		async (baseUrl) => {
			const misconfigured = chuanglanProvider({ ...sandbox.credentials.chuanglanApi, baseUrl });
			const error = await thrown(misconfigured.send(oneCall(), SETTINGS));
			expect(error.info).toMatchObject({ code: 'INVALID_BASE_URL', retryable: false, maybeSent: false });
			expect(error.message).toContain(`"${baseUrl}"`);
		},
	);

	test('a text matching no approved template is a plain-English error without the password', async () => {
		const stray = { ...message(0, mainlandNumber(0), {}), text: '【沙箱测试】没有这个模板' };
		const [call] = provider.planSend([[stray]], TEMPLATE, 'perItem').calls;
		const error = await thrown(provider.send(call, SETTINGS));
		expect(error.info).toMatchObject({ code: '124', retryable: false, maybeSent: false });
		expect(error.message).toMatch(/does not match an approved template/);
		expect(error.message).not.toContain(sandbox.credentials.chuanglanApi.password);
	});

	test('throttling (103) is retryable and not sent', async () => {
		sandbox.injectFault('chuanglan', { kind: 'throttle' });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ code: '103', retryable: true, maybeSent: false });
	});

	test('a vendor that never answers is a TIMEOUT that may have been sent', async () => {
		sandbox.injectFault('chuanglan', { kind: 'hang' });
		const error = await thrown(provider.send(oneCall(), { timeoutMs: 300 }));
		expect(error.info).toMatchObject({ code: 'TIMEOUT', retryable: false, maybeSent: true });
	});

	test('HTTP 5xx before processing is retryable', async () => {
		sandbox.injectFault('chuanglan', { kind: 'http5xx' });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ retryable: true, maybeSent: false });
	});

	test('a malformed body after processing is MALFORMED_RESPONSE, maybe sent', async () => {
		sandbox.injectFault('chuanglan', { kind: 'malformed' });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ code: 'MALFORMED_RESPONSE', retryable: false, maybeSent: true });
	});
});

describe('getTemplate (local check)', () => {
	test('a well-formed named template is notChecked, checked locally', async () => {
		const info = await provider.getTemplate('', '尊敬的{$name}，您的验证码是{$code}', SETTINGS);
		expect(info).toMatchObject({
			status: 'notChecked',
			content: '尊敬的{$name}，您的验证码是{$code}',
			variables: ['name', 'code'],
			positional: false,
			checkedLocally: true,
		});
	});

	test('positional {$var} slots are named var1..varN', async () => {
		const info = await provider.getTemplate('', '【沙箱测试】{$var}您好，{$var}到了', SETTINGS);
		expect(info).toMatchObject({
			status: 'notChecked',
			content: '{$var}您好，{$var}到了',
			variables: ['var1', 'var2'],
			positional: true,
		});
	});

	test('no signature anywhere is rejected with the rule as reason', async () => {
		const unsigned = chuanglanProvider({ ...sandbox.credentials.chuanglanApi, signName: '' });
		const info = await unsigned.getTemplate('', '您的验证码是{$var}', SETTINGS);
		expect(info).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/No 【signature】/) });
		const signedByNode = await unsigned.getTemplate('', '您的验证码是{$var}', SETTINGS, { signName: '节点签名' });
		expect(signedByNode.status).toBe('notChecked');
	});

	test('more than 20 placeholders is rejected', async () => {
		const info = await provider.getTemplate('', '{$var}'.repeat(21), SETTINGS);
		expect(info).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/21 placeholders/) });
	});

	test('a text longer than 536 characters is rejected', async () => {
		const info = await provider.getTemplate('', '长'.repeat(536), SETTINGS);
		expect(info).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/542 characters.*allows 536/) });
	});

	test('the length counts characters: 530 emoji and the 【signature】 make 536, which fits', async () => {
		expect(await provider.getTemplate('', '😀'.repeat(530), SETTINGS)).toMatchObject({ status: 'notChecked' });
		const info = await provider.getTemplate('', '😀'.repeat(531), SETTINGS);
		expect(info).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/537 characters.*allows 536/) });
	});

	test('with an opt-out sentence required, content not ending with it is rejected', async () => {
		const missing = await provider.getTemplate('', '新品上市{$var}', SETTINGS, { optOutSuffix: OPT_OUT });
		expect(missing).toMatchObject({ status: 'rejected', reason: expect.stringContaining(OPT_OUT) });
		const present = await provider.getTemplate('', `新品上市{$var}${OPT_OUT}`, SETTINGS, { optOutSuffix: OPT_OUT });
		expect(present.status).toBe('notChecked');
	});
});

describe('queryStatus', () => {
	test('is NOT_SUPPORTED and points to the receipt trigger', async () => {
		const error = await thrown(
			provider.queryStatus({ phone: mainlandPhone('13900000000'), sendDate: '2026-01-01' }, SETTINGS),
		);
		expect(error.info.code).toBe('NOT_SUPPORTED');
		expect(error.message).toMatch(/SMS Delivery Receipt Trigger/);
	});
});

describe('pullReceipts', () => {
	const withWrongPassword = () => chuanglanProvider({ ...sandbox.credentials.chuanglanApi, password: 'WrongPass99' });

	test('drains pull/report in pages of at most 100 up to max, across calls', async () => {
		const messages = Array.from({ length: 250 }, (_, key) =>
			message(key, mainlandNumber(key), { name: 'n', code: `${key}` }),
		);
		await sendAll(provider, provider.planSend([messages], TEMPLATE, 'batch').calls);
		sandbox.deliver({ fail: (sent) => sent.phone === '13900000003' });

		const first = await provider.pullReceipts({ max: 120, peek: false }, SETTINGS);
		expect(first.events).toHaveLength(120);
		expect(sandbox.requests('chuanglan', '/msg/pull/report')).toHaveLength(2);
		const second = await provider.pullReceipts({ max: 1000, peek: false }, SETTINGS);
		expect(second.events).toHaveLength(130);
		expect(sandbox.pendingReceipts('chuanglan')).toBe(0);

		const receipts = [...first.events, ...second.events];
		const sent = sandbox.sent('chuanglan')[0];
		expect(receipts.find((receipt) => receipt.phone === '+8613900000000')).toMatchObject({
			provider: 'chuanglan',
			status: 'delivered',
			vendorStatus: 'DELIVRD',
			messageId: sent.messageId,
			outId: sent.outId,
			reportedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
		});
		const failed = receipts.find((receipt) => receipt.status === 'failed');
		expect(failed).toMatchObject({ phone: '+8613900000003', errorCode: 'REJECTD' });
	});

	test('peek checks the credentials with balance/json, then returns a labelled sample without calling pull/report', async () => {
		await sendAll(provider, [oneCall()]);
		sandbox.deliver();
		const preview = await provider.pullReceipts({ max: 10, peek: true }, SETTINGS);
		expect(preview.source).toBe('sample receipt (Chuanglan pull is destructive)');
		expect(preview.events).toHaveLength(1);
		expect(preview.events[0].messageId).toMatch(/SAMPLE/);
		expect(sandbox.requests('chuanglan', '/msg/balance/json')).toHaveLength(1);
		expect(sandbox.requests('chuanglan', '/msg/pull/report')).toHaveLength(0);
		expect(sandbox.pendingReceipts('chuanglan')).toBe(1);
	});

	test('peek with a wrong password fails as the credential test does, instead of showing the sample', async () => {
		const wrong = withWrongPassword();
		const error = await thrown(wrong.pullReceipts({ max: 10, peek: true }, SETTINGS));
		expect(error.info).toMatchObject({ code: '102', retryable: false, maybeSent: false });
		expect(error.message).toBe((await wrong.testCredentials()).message);
		expect(sandbox.requests('chuanglan', '/msg/pull/report')).toHaveLength(0);
	});

	const throttled = () => {
		sandbox.injectFault('chuanglan', { kind: 'throttle', api: '/msg/pull/report' });
		return provider;
	};

	test.each([
		['a wrong password', withWrongPassword, '密码错'],
		['throttling', throttled, '提交过快'],
	])("a refused pull (%s) passes Chuanglan's words on, with the enable-pull hint", async (_, pulling, said) => {
		const error = await thrown(pulling().pullReceipts({ max: 10, peek: false }, SETTINGS));
		expect(error.info).toMatchObject({ code: 'PULL_REPORT_1', retryable: true, maybeSent: false });
		expect(error.message).toContain(`(Chuanglan said: ${said})`);
		expect(error.message).toMatch(/If pulling receipts is not enabled for the account, ask 253 to enable it\./);
		expect(error.message).not.toContain('WrongPass99');
	});

	test.each([
		['pull/report', '/msg/pull/report', false],
		['the peek balance check', '/msg/balance/json', true],
	])('a read that times out (%s) is retryable and not called possibly sent', async (_, api, peek) => {
		sandbox.injectFault('chuanglan', { kind: 'hang', api });
		const error = await thrown(provider.pullReceipts({ max: 10, peek }, { timeoutMs: 300 }));
		expect(error.info).toMatchObject({ code: 'TIMEOUT', retryable: true, maybeSent: false });
		expect(error.message).not.toMatch(/accepted|not sent again/);
	});
});

describe('testCredentials', () => {
	test('the sandbox account is accepted and shows its balance', async () => {
		const check = await provider.testCredentials();
		expect(check).toMatchObject({ ok: true, message: expect.stringMatching(/Balance: \d+/) });
	});

	test('a wrong password is explained without echoing it', async () => {
		const wrong = chuanglanProvider({ ...sandbox.credentials.chuanglanApi, password: 'WrongPass99' });
		const check = await wrong.testCredentials();
		expect(check).toMatchObject({ ok: false, message: expect.stringMatching(/password is wrong/) });
		expect(check.message).not.toContain('WrongPass99');
	});

	test('an unknown account is explained', async () => {
		const wrong = chuanglanProvider({ ...sandbox.credentials.chuanglanApi, account: 'N0000000' });
		expect(await wrong.testCredentials()).toMatchObject({
			ok: false,
			message: expect.stringMatching(/No such Chuanglan account/),
		});
	});

	test('a Base URL without a scheme is explained, not reported as unreachable or possibly processed', async () => {
		const misconfigured = chuanglanProvider({ ...sandbox.credentials.chuanglanApi, baseUrl: 'smssh1.253.com' });
		const check = await misconfigured.testCredentials();
		expect(check).toEqual({
			ok: false,
			message: expect.stringMatching(
				/^The Base URL "smssh1\.253\.com" is not an http:\/\/ or https:\/\/ address .*https:\/\/smssh1\.253\.com/,
			),
		});
	});

	test('an unreachable host names the base URL', async () => {
		const nowhere = chuanglanProvider({ ...sandbox.credentials.chuanglanApi, baseUrl: 'http://127.0.0.1:1/' });
		const check = await nowhere.testCredentials();
		expect(check.ok).toBe(false);
		expect(check.message).toMatch(/Could not reach Chuanglan at http:\/\/127\.0\.0\.1:1:/);
	});
});
