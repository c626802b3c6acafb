import { tencentProvider } from '../../nodes/providers/tencent';
import { tencentError } from '../../nodes/providers/tencent/errors';
import type { TencentSendPayload } from '../../nodes/providers/tencent/plan';
import type { PlannedCall, SmsProvider, TemplateSpec } from '../../nodes/providers/types';
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
	templateId: '100001',
	content: '您好{1}，验证码{2}',
	variables: ['1', '2'],
	signName: '沙箱测试',
	positional: true,
};

let sandbox: Sandbox;
let provider: SmsProvider;

beforeAll(async () => {
	sandbox = await startSandbox();
	provider = tencentProvider(sandbox.credentials.tencentCloudSmsApi);
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.defineTemplate('tencent', { id: TEMPLATE.templateId, content: TEMPLATE.content });
});

const message = messageBuilder(() => provider, TEMPLATE);
const credentials = () => sandbox.credentials.tencentCloudSmsApi;

function oneCall(key = 0): PlannedCall {
	return provider.planSend([[message(key, mainlandNumber(key), { 1: 'a', 2: '1' })]], TEMPLATE, 'perItem').calls[0];
}

describe('credential test', () => {
	test('proves the API key and the SdkAppId with SmsPackagesStatistics', async () => {
		await expect(provider.testCredentials()).resolves.toEqual({
			ok: true,
			message: 'Connected to Tencent Cloud SMS: the API key and the SMS application 1400000001 work.',
		});
		expect(sandbox.requests('tencent').map((request) => request.api)).toEqual(['SmsPackagesStatistics']);
	});

	test.each([
		['secretId', 'AKIDSomeoneElse0000000000', /does not know this SecretId/],
		['secretKey', 'not-the-secret-key-at-all', /SecretKey is wrong/],
		['smsSdkAppId', '1400999999', /does not accept the SmsSdkAppId/],
	])('a wrong %s is named in plain words', async (field, value, explanation) => {
		const check = await tencentProvider({ ...credentials(), [field]: value }).testCredentials();
		expect(check.ok).toBe(false);
		expect(check.message).toMatch(explanation);
		expect(check.message).not.toContain(credentials().secretKey);
	});

	test('a missing SdkAppId is reported before any request', async () => {
		const check = await tencentProvider({ ...credentials(), smsSdkAppId: '' }).testCredentials();
		expect(check).toEqual({ ok: false, message: expect.stringContaining('needs the SdkAppId') });
		expect(sandbox.requests('tencent')).toEqual([]);
	});
});

describe('render', () => {
	test('{1} and {2} take the variables named 1 and 2, behind the 【signature】', () => {
		expect(renderText(provider, TEMPLATE, { 1: '张三', 2: '1234' })).toBe('【沙箱测试】您好张三，验证码1234');
	});
});

describe('planSend', () => {
	test('450 recipients with the same values take ceil(450/200) = 3 calls, and all arrive', async () => {
		const messages = Array.from({ length: 450 }, (_, key) => message(key, mainlandNumber(key), { 1: '会员', 2: '0' }));
		const { calls, unsendable } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(unsendable).toEqual([]);
		expect(calls.map((call) => call.messages.length)).toEqual([200, 200, 50]);
		await sendAll(provider, calls);
		expect(sandbox.requests('tencent', 'SendSms')).toHaveLength(3);
		expect(sandbox.sent('tencent')).toHaveLength(450);
		expect(new Set(sandbox.sent('tencent').map((sent) => sent.text))).toEqual(
			new Set(['【沙箱测试】您好会员，验证码0']),
		);
	});

	test('personalised values take one call per distinct set of values, in first-appearance order', async () => {
		const values = [
			{ 1: '张三', 2: '1' },
			{ 1: '李四', 2: '2' },
			{ 1: '张三', 2: '1' },
			{ 1: '张三', 2: '9' },
		];
		const messages = values.map((variables, key) => message(key, mainlandNumber(key), variables));
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => call.messages.map((planned) => planned.key))).toEqual([[0, 2], [1], [3]]);
		expect(calls.map((call) => (call.payload as TencentSendPayload).TemplateParamSet)).toEqual([
			['张三', '1'],
			['李四', '2'],
			['张三', '9'],
		]);
		await sendAll(provider, calls);
		const arrived = new Map(sandbox.sent('tencent').map((sent) => [sent.phone, sent.text]));
		for (const sent of messages) expect(arrived.get(sent.phone.e164)).toBe(sent.text);
	});

	test('mainland and other numbers with the same values go in separate calls, numbers in E.164', () => {
		const messages = [
			message(0, mainlandNumber(0), { 1: 'a', 2: '1' }),
			message(1, hongKongPhone('51234567'), { 1: 'a', 2: '1' }),
		];
		const { calls } = provider.planSend([messages], TEMPLATE, 'batch');
		expect(calls.map((call) => (call.payload as TencentSendPayload).PhoneNumberSet)).toEqual([
			['+8613900000000'],
			['+85251234567'],
		]);
	});

	test('per item: the values of each item are one call', () => {
		const first = [0, 1].map((key) => message(key, mainlandNumber(key), { 1: 'a', 2: '1' }));
		const second = [message(2, mainlandNumber(2), { 1: 'a', 2: '1' })];
		const { calls } = provider.planSend([first, second], TEMPLATE, 'perItem');
		expect(calls.map((call) => call.messages.length)).toEqual([2, 1]);
	});

	test('a shared outId is the SessionContext; different ones give the call one generated id that every outcome carries', async () => {
		const shared = [0, 1].map((key) => message(key, mainlandNumber(key), { 1: 'a', 2: '1' }, 'order-42'));
		const own = [2, 3].map((key) => message(key, mainlandNumber(key), { 1: 'b', 2: '2' }));
		const { calls } = provider.planSend([shared, own], TEMPLATE, 'perItem');
		await sendAll(provider, calls);
		const sessionOf = (key: number) => sandbox.sent('tencent')[key].outId;
		expect([sessionOf(0), sessionOf(1)]).toEqual(['order-42', 'order-42']);
		expect(sessionOf(2)).toMatch(/^[0-9a-f]{32}$/);
		expect(calls[1].messages.map((planned) => planned.outId)).toEqual([sessionOf(2), sessionOf(2)]);
	});

	test('an outId over 511 bytes (SessionContext) is unsendable with the reason', () => {
		const long = message(0, mainlandNumber(0), { 1: 'a', 2: '1' }, '单'.repeat(171));
		const { calls, unsendable } = provider.planSend([[long]], TEMPLATE, 'batch');
		expect(calls).toEqual([]);
		expect(unsendable).toEqual([
			{ key: 0, error: expect.objectContaining({ code: 'OUT_ID_TOO_LONG', retryable: false }) },
		]);
	});
});

describe('send', () => {
	test('each number gets its own verdict: SerialNo and billed parts, or the failure in plain words', async () => {
		const good = message(0, mainlandNumber(0), { 1: 'a', 2: '1' });
		const bad = message(
			1,
			{ e164: '+86123', countryCode: '86', nationalNumber: '123', isMainland: true },
			{ 1: 'a', 2: '1' },
		);
		const [call] = provider.planSend([[good, bad]], TEMPLATE, 'batch').calls;
		const results = await provider.send(call, SETTINGS);
		const [sent] = sandbox.sent('tencent');
		expect(results).toEqual([
			{ key: 0, status: 'accepted', messageId: sent.messageId, parts: 1 },
			{
				key: 1,
				status: 'rejected',
				error: expect.objectContaining({
					code: 'InvalidParameterValue.IncorrectPhoneNumber',
					message: expect.stringMatching(/^Tencent Cloud rejected the phone number as invalid/),
					retryable: false,
					maybeSent: false,
				}),
			},
		]);
	});

	test('used-up packages reject each number beyond the balance account-wide', async () => {
		sandbox.setBalance('tencent', 1);
		const messages = [0, 1].map((key) => message(key, mainlandNumber(key), { 1: 'a', 2: '1' }));
		const results = await sendAll(provider, provider.planSend([messages], TEMPLATE, 'batch').calls);
		expect(results[0].status).toBe('accepted');
		expect(results[1]).toMatchObject({
			status: 'rejected',
			error: { code: 'FailedOperation.InsufficientBalanceInSmsPackage', accountWide: true, maybeSent: false },
		});
	});

	test('an unapproved template stops the campaign (account-wide)', async () => {
		sandbox.defineTemplate('tencent', { id: TEMPLATE.templateId, content: TEMPLATE.content, status: 'pending' });
		const [result] = await provider.send(oneCall(), SETTINGS);
		expect(result).toMatchObject({
			status: 'rejected',
			error: { code: 'FailedOperation.TemplateIncorrectOrUnapproved', accountWide: true },
		});
	});

	test('a wrong SecretKey refuses the whole call account-wide, without the key in the message', async () => {
		const wrongKey = tencentProvider({ ...credentials(), secretKey: 'not-the-secret-key-at-all' });
		const error = await thrown(wrongKey.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ code: 'AuthFailure.SignatureFailure', accountWide: true, maybeSent: false });
		expect(error.message).not.toContain('not-the-secret-key-at-all');
	});

	test('throttling (RequestLimitExceeded) is retryable and not sent', async () => {
		sandbox.injectFault('tencent', { kind: 'throttle' });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ code: 'RequestLimitExceeded', retryable: true, maybeSent: false });
	});

	test('HTTP 503 without a Tencent answer is retryable', async () => {
		sandbox.injectFault('tencent', { kind: 'http5xx' });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ retryable: true, maybeSent: false });
	});

	test('a send whose answer never comes is a TIMEOUT that may have been sent', async () => {
		sandbox.injectFault('tencent', { kind: 'hang' });
		const error = await thrown(provider.send(oneCall(), { timeoutMs: 300 }));
		expect(error.info).toMatchObject({ code: 'TIMEOUT', retryable: false, maybeSent: true });
	});

	test('a send accepted and then dropped may have been sent', async () => {
		sandbox.injectFault('tencent', { kind: 'acceptThenDrop' });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ retryable: false, maybeSent: true });
		expect(sandbox.sent('tencent')).toHaveLength(1);
	});

	test('a malformed body after processing is MALFORMED_RESPONSE, maybe sent', async () => {
		sandbox.injectFault('tencent', { kind: 'malformed' });
		const error = await thrown(provider.send(oneCall(), SETTINGS));
		expect(error.info).toMatchObject({ code: 'MALFORMED_RESPONSE', retryable: false, maybeSent: true });
	});
});

describe('getTemplate', () => {
	test('an approved template with its numbered variables', async () => {
		await expect(provider.getTemplate('100001', undefined, SETTINGS)).resolves.toEqual({
			templateId: '100001',
			status: 'approved',
			reason: '',
			content: '您好{1}，验证码{2}',
			variables: ['1', '2'],
			positional: true,
			checkedLocally: false,
		});
	});

	test('a rejected template gives the review reply', async () => {
		sandbox.defineTemplate('tencent', { id: '100009', content: '{1}', status: 'rejected', reason: '签名与内容不符' });
		await expect(provider.getTemplate('100009', undefined, SETTINGS)).resolves.toMatchObject({
			status: 'rejected',
			reason: '签名与内容不符',
		});
	});

	test('a template under review is pending', async () => {
		sandbox.defineTemplate('tencent', { id: '100010', content: '{1}', status: 'pending' });
		await expect(provider.getTemplate('100010', undefined, SETTINGS)).resolves.toMatchObject({ status: 'pending' });
	});

	test('an unknown TemplateId is TEMPLATE_NOT_FOUND after looking at domestic and international templates', async () => {
		const error = await thrown(provider.getTemplate('999999', undefined, SETTINGS));
		expect(error.info).toMatchObject({ code: 'TEMPLATE_NOT_FOUND', retryable: false });
		expect(sandbox.requests('tencent', 'DescribeSmsTemplateList')).toHaveLength(2);
	});

	test('a TemplateId that is not a number is refused before any request', async () => {
		const error = await thrown(provider.getTemplate('SMS_123', undefined, SETTINGS));
		expect(error.info).toMatchObject({ code: 'INVALID_TEMPLATE_ID', retryable: false });
		expect(sandbox.requests('tencent')).toEqual([]);
	});
});

describe('queryStatus', () => {
	test("finds a number's receipts of the send day, with SerialNo and outId", async () => {
		const sent = message(0, mainlandNumber(0), { 1: 'a', 2: '1' }, 'order-1');
		await sendAll(provider, provider.planSend([[sent]], TEMPLATE, 'batch').calls);
		sandbox.deliver();
		const [record] = await provider.queryStatus({ phone: sent.phone, sendDate: chinaToday() }, SETTINGS);
		expect(record).toMatchObject({
			phone: '+8613900000000',
			messageId: sandbox.sent('tencent')[0].messageId,
			outId: 'order-1',
			status: 'delivered',
			errorCode: '',
		});
		expect(record.deliveredAt).toMatch(/\+08:00$/);
		expect(sandbox.pendingReceipts('tencent')).toBe(1);
	});

	test('a failed delivery is explained', async () => {
		await sendAll(provider, [oneCall()]);
		sandbox.deliver({ fail: () => true });
		const [record] = await provider.queryStatus({ phone: mainlandNumber(0), sendDate: chinaToday() }, SETTINGS);
		expect(record).toMatchObject({ status: 'failed', errorCode: 'UNDELIV' });
		expect(record.errorMessage).toMatch(/could not deliver/);
	});

	test('a day beyond the 7 days Tencent keeps is refused before any request', async () => {
		const error = await thrown(provider.queryStatus({ phone: mainlandNumber(0), sendDate: '2020-01-01' }, SETTINGS));
		expect(error.info).toMatchObject({ code: 'INVALID_SEND_DATE' });
		expect(error.message).toMatch(/7 days/);
		expect(sandbox.requests('tencent')).toEqual([]);
	});
});

describe('pullReceipts', () => {
	async function sendAndDeliver(count: number): Promise<void> {
		const messages = Array.from({ length: count }, (_, key) => message(key, mainlandNumber(key), { 1: 'a', 2: '1' }));
		await sendAll(provider, provider.planSend([messages], TEMPLATE, 'batch').calls);
		sandbox.deliver({ fail: (sent) => sent.phone.endsWith('1') });
	}

	test('pulls 100 per request up to max, destructively, in the normalised shape', async () => {
		await sendAndDeliver(250);
		const pull = await provider.pullReceipts({ max: 230, peek: false }, SETTINGS);
		expect(pull.events).toHaveLength(230);
		expect(sandbox.requests('tencent', 'PullSmsSendStatus')).toHaveLength(3);
		expect(sandbox.pendingReceipts('tencent')).toBe(20);
		const failed = pull.events.find((receipt) => receipt.phone === '+8613900000001');
		expect(failed).toMatchObject({
			provider: 'tencent',
			status: 'failed',
			errorCode: 'UNDELIV',
			vendorStatus: 'UNDELIV',
		});
		const delivered = pull.events.find((receipt) => receipt.phone === '+8613900000000');
		expect(delivered).toMatchObject({ status: 'delivered', errorCode: '', vendorStatus: 'DELIVRD' });
		expect(delivered?.reportedAt).toMatch(/\+08:00$/);
	});

	test('starts no request after the deadline but the first', async () => {
		await sendAndDeliver(250);
		const pull = await provider.pullReceipts({ max: 1000, peek: false, deadline: Date.now() - 1 }, SETTINGS);
		expect(pull.events).toHaveLength(100);
		expect(sandbox.requests('tencent', 'PullSmsSendStatus')).toHaveLength(1);
	});

	test('when pulling is off, says so and how to switch it on', async () => {
		sandbox.setPullEnabled('tencent', 'receipts', false);
		const error = await thrown(provider.pullReceipts({ max: 10, peek: false }, SETTINGS));
		expect(error.info).toMatchObject({ code: 'PULL_NOT_ENABLED', retryable: false });
		expect(error.message).toMatch(/did not allow pulling delivery receipts.*switch it on/);
	});

	test('a manual test event is a sample, after proving the credential, and consumes nothing', async () => {
		await sendAndDeliver(3);
		const pull = await provider.pullReceipts({ max: 10, peek: true }, SETTINGS);
		expect(pull.events).toEqual([expect.objectContaining({ provider: 'tencent', messageId: 'SAMPLE-SERIAL-0000' })]);
		expect(sandbox.pendingReceipts('tencent')).toBe(3);
		expect(sandbox.requests('tencent').map((request) => request.api)).toContain('SmsPackagesStatistics');
	});
});

describe('pullReplies', () => {
	test('reads the 2021-01-11 reply fields', async () => {
		sandbox.reply('tencent', '13800138000', '退订', { extendCode: '12' });
		const pull = await provider.pullReplies!({ max: 10, peek: false }, SETTINGS);
		expect(pull.events).toEqual([
			{
				provider: 'tencent',
				phone: '+8613800138000',
				content: '退订',
				receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
				signName: '沙箱测试',
				extendCode: '12',
				replyId: '',
			},
		]);
		expect(sandbox.pendingReplies('tencent')).toBe(0);
	});

	test('when pulling replies is off, says so', async () => {
		sandbox.setPullEnabled('tencent', 'replies', false);
		const error = await thrown(provider.pullReplies!({ max: 10, peek: false }, SETTINGS));
		expect(error.message).toMatch(/did not allow pulling replies/);
	});
});

describe('pickers', () => {
	test('list templates with their review state, domestic then international', async () => {
		sandbox.defineTemplate('tencent', { id: '100011', content: '审核中{1}', status: 'pending' });
		const first = await provider.listTemplates!(undefined, SETTINGS);
		expect(first.entries).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: '100001', status: 'approved', description: '您好{1}，验证码{2}' }),
				expect.objectContaining({ id: '100011', status: 'pending', description: '审核中{1}' }),
			]),
		);
		expect(first.nextPage).toBe('1:0');
		const international = await provider.listTemplates!(first.nextPage, SETTINGS);
		expect(international.nextPage).toBeUndefined();
	});

	test('list signatures by name', async () => {
		const { entries } = await provider.listSignatures!(undefined, SETTINGS);
		expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ id: '沙箱测试', status: 'approved' })]));
	});
});

describe('whole-request errors on a send', () => {
	const onSend = { action: 'SendSms', sending: true, secrets: [] };
	const onRead = { action: 'DescribeSmsTemplateList', sending: false, secrets: [] };

	test.each(['ServiceUnavailable', 'InternalError', 'InternalError.SomethingNew', 'MALFORMED_RESPONSE'])(
		'%s on a send may have gone out: unknown, never repeated',
		(code) => {
			expect(tencentError(code, 'oops', onSend).info).toMatchObject({ code, retryable: false, maybeSent: true });
		},
	);

	test.each(['ServiceUnavailable', 'InternalError'])('%s on a read can be asked again', (code) => {
		expect(tencentError(code, 'oops', onRead).info).toMatchObject({ code, retryable: true, maybeSent: false });
	});

	test('an internal error that says the request was not read is still a plain refusal', () => {
		expect(tencentError('InternalError.JsonParseFail', '', onSend).info).toMatchObject({ maybeSent: false });
	});
});
