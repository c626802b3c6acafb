import * as http from 'node:http';
import * as net from 'node:net';

import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { TENCENT_ACCOUNT } from './accounts';
import { startSandbox, type Sandbox } from './index';

/** The host the official SDK signs and sends; a loopback agent carries its requests to the sandbox. */
const TENCENT_HOST = 'sms.tencentcloudapi.com';
const SIGNATURE = `【${TENCENT_ACCOUNT.signName}】`;
const SEND = {
	SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId,
	TemplateId: '100001',
	SignName: TENCENT_ACCOUNT.signName,
	TemplateParamSet: ['张三', '120'],
};

let sandbox: Sandbox;
let client: CommonClient;

/** Opens every connection to the sandbox, whatever host the request names. */
class SandboxAgent extends http.Agent {
	createConnection(): net.Socket {
		return net.connect(Number(new URL(sandbox.urls.tencent).port), '127.0.0.1');
	}
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 7 });
	sandbox.defineTemplate('tencent', { id: '100001', content: '您好{1}，您的会员积分{2}即将到期。' });
	sandbox.defineTemplate('tencent', { id: '100002', content: '欢迎光临' });
	sandbox.defineTemplate('tencent', {
		id: '100003',
		content: '{1}，点击领取大奖',
		status: 'rejected',
		reason: '营销内容',
	});
	sandbox.defineTemplate('tencent', { id: '100004', content: '验证码{1}', status: 'pending' });
	client = new CommonClient(TENCENT_HOST, '2021-01-11', {
		credential: { secretId: TENCENT_ACCOUNT.secretId, secretKey: TENCENT_ACCOUNT.secretKey },
		region: TENCENT_ACCOUNT.region,
		profile: { httpProfile: { protocol: 'http://', agent: new SandboxAgent() } },
	});
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

/** Calls an action through the official SDK's client: its signer, its transport, its reading of the answer. */
function sdkCall(action: string, params: Record<string, unknown>) {
	return client.request(action, params);
}

/** The `Response.Error.Code` the SDK throws for a call (undefined when the call succeeds). */
async function errorCodeOf(action: string, params: Record<string, unknown>): Promise<string | undefined> {
	try {
		await sdkCall(action, params);
		return undefined;
	} catch (error) {
		return (error as { code?: string }).code;
	}
}

/** Every answer's envelope: the action's fields, or `Error`, beside the RequestId. */
interface TencentAnswer {
	Response: { Error?: { Code: string; Message: string }; RequestId: string; [field: string]: unknown };
}

interface RawCall {
	action?: string;
	body?: string;
	/** The body the signature covers, when it is not the one sent. */
	signedBody?: string;
	/** Signed as this host; also the Host header sent unless `sentHost` says otherwise. */
	host?: string;
	sentHost?: string;
	timestamp?: number;
	secretId?: string;
	secretKey?: string;
	service?: string;
	headers?: Record<string, string>;
}

/**
 * One request signed by the official SDK's TC3 signer (`Sign.sign3`), sent as given: for the cases the SDK's
 * client cannot produce (other keys, stale timestamps, a port-less signature of a Host sent with its port).
 */
function rawCall(call: RawCall = {}): Promise<{ status: number; body: TencentAnswer }> {
	const body = call.body ?? JSON.stringify({ ...SEND, PhoneNumberSet: ['+8613800138000'] });
	const timestamp = call.timestamp ?? Math.floor(Date.now() / 1000);
	const host = call.host ?? TENCENT_HOST;
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		Host: call.sentHost ?? host,
		'X-TC-Action': call.action ?? 'SendSms',
		'X-TC-Version': '2021-01-11',
		'X-TC-Timestamp': String(timestamp),
		'X-TC-Region': TENCENT_ACCOUNT.region,
	};
	headers.Authorization = Sign.sign3({
		method: 'POST',
		url: `http://${host}/`,
		payload: Buffer.from(call.signedBody ?? body),
		timestamp,
		service: call.service ?? 'sms',
		secretId: call.secretId ?? TENCENT_ACCOUNT.secretId,
		secretKey: call.secretKey ?? TENCENT_ACCOUNT.secretKey,
		multipart: false,
		boundary: '',
		headers,
	});
	const target = new URL(sandbox.urls.tencent);
	return new Promise((resolve, reject) => {
		const request = http.request(
			{ host: target.hostname, port: target.port, method: 'POST', path: '/', headers: { ...headers, ...call.headers } },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
				);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

describe('tencent signature', () => {
	test("accepts a call signed and sent by the official SDK's client", async () => {
		const response = await sdkCall('SendSms', { ...SEND, PhoneNumberSet: ['+8613800138000'] });

		expect(response.SendStatusSet).toEqual([expect.objectContaining({ Code: 'Ok' })]);
		expect(response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
	});

	test("accepts a request the SDK's signer signed for the Host header it carries", async () => {
		const { body } = await rawCall();

		expect(body.Response.SendStatusSet).toEqual([expect.objectContaining({ Code: 'Ok' })]);
	});

	test.each([
		['a wrong SecretKey', { secretKey: 'not-the-key' }, 'AuthFailure.SignatureFailure'],
		['an unknown SecretId', { secretId: 'AKIDUnknown' }, 'AuthFailure.SecretIdNotFound'],
		['a timestamp six minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }, 'AuthFailure.SignatureExpire'],
		['the service the SDK derives from a loopback endpoint', { service: '127' }, 'AuthFailure.SignatureFailure'],
		[
			'the host without the port it was sent with',
			{ host: '127.0.0.1', sentHost: '127.0.0.1:1' },
			'AuthFailure.SignatureFailure',
		],
		[
			'a content type other than the one signed',
			{ headers: { 'Content-Type': 'text/plain' } },
			'AuthFailure.SignatureFailure',
		],
		['a request without Authorization', { headers: { Authorization: '' } }, 'AuthFailure.InvalidAuthorization'],
		[
			'a signature that leaves content-type unsigned',
			{
				headers: {
					Authorization: `TC3-HMAC-SHA256 Credential=${TENCENT_ACCOUNT.secretId}/2024-01-01/sms/tc3_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
				},
			},
			'AuthFailure.InvalidAuthorization',
		],
	])('refuses %s with HTTP 200 and Response.Error', async (_, call, code) => {
		const { status, body } = await rawCall(call);

		expect(status).toBe(200);
		expect(body).toEqual({
			Response: { Error: { Code: code, Message: expect.any(String) }, RequestId: expect.any(String) },
		});
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('refuses a body changed after signing', async () => {
		const signedBody = JSON.stringify({ ...SEND, PhoneNumberSet: ['+8613800138000'] });

		const { body } = await rawCall({ signedBody, body: signedBody.replace('13800138000', '13900139000') });

		expect(body.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
		expect(sandbox.sent()).toHaveLength(0);
	});

	test.each([
		['an unknown action', 'InvalidAction', { action: 'DeleteEverything' }],
		['another API version', 'NoSuchVersion', { headers: { 'X-TC-Version': '2019-07-11' } }],
		['no timestamp', 'MissingParameter', { headers: { 'X-TC-Timestamp': '' } }],
		['no region', 'MissingParameter', { headers: { 'X-TC-Region': '' } }],
		['a region without SMS', 'UnsupportedRegion', { headers: { 'X-TC-Region': 'eu-frankfurt' } }],
		['a body that is not JSON', 'FailedOperation.JsonParseFail', { body: '{"PhoneNumberSet":' }],
	])('answers %s with %s', async (_, code, call: RawCall) => {
		const { body } = await rawCall(call);

		expect(body.Response.Error?.Code).toBe(code);
	});
});

describe('tencent SendSms', () => {
	test('answers one row per number in request order, the SessionContext echoed', async () => {
		const response = await sdkCall('SendSms', {
			...SEND,
			PhoneNumberSet: ['+8613800138000', '+86123', '+8613900139000'],
			SessionContext: 'campaign-7',
		});

		expect(response.SendStatusSet).toEqual([
			{
				SerialNo: expect.stringMatching(/^5000:\d+$/),
				PhoneNumber: '+8613800138000',
				Fee: 1,
				SessionContext: 'campaign-7',
				Code: 'Ok',
				Message: 'send success',
				IsoCode: 'CN',
			},
			{
				SerialNo: '',
				PhoneNumber: '+86123',
				Fee: 0,
				SessionContext: 'campaign-7',
				Code: 'InvalidParameterValue.IncorrectPhoneNumber',
				Message: expect.any(String),
				IsoCode: '',
			},
			expect.objectContaining({ PhoneNumber: '+8613900139000', Code: 'Ok' }),
		]);
	});

	test('renders TemplateParamSet into {1}, {2} behind the 【signature】 for every number of the call', async () => {
		const response = await sdkCall('SendSms', {
			...SEND,
			PhoneNumberSet: ['+8613800138000', '+8613900139000'],
			SessionContext: 'campaign-7',
		});

		const text = `${SIGNATURE}您好张三，您的会员积分120即将到期。`;
		expect(sandbox.sent('tencent')).toEqual([
			expect.objectContaining({
				api: 'SendSms',
				phone: '+8613800138000',
				text,
				templateId: '100001',
				variables: ['张三', '120'],
				messageId: response.SendStatusSet[0].SerialNo,
				outId: 'campaign-7',
				signName: TENCENT_ACCOUNT.signName,
			}),
			expect.objectContaining({ phone: '+8613900139000', text, messageId: response.SendStatusSet[1].SerialNo }),
		]);
	});

	test('reads mainland numbers written 0086…, 86… or as 11 digits and answers them in E.164', async () => {
		const response = await sdkCall('SendSms', {
			...SEND,
			PhoneNumberSet: ['008613800138000', '8613900139000', '13700137000'],
		});

		expect(response.SendStatusSet.map((row: { PhoneNumber: string }) => row.PhoneNumber)).toEqual([
			'+8613800138000',
			'+8613900139000',
			'+8613700137000',
		]);
		expect(sandbox.sent().map((message) => message.phone)).toEqual(['008613800138000', '8613900139000', '13700137000']);
	});

	test('bills the 【signature】 too: past 70 characters each 67 are a part', async () => {
		const response = await sdkCall('SendSms', {
			...SEND,
			PhoneNumberSet: ['+8613800138000'],
			TemplateParamSet: ['张'.repeat(60), '120'],
		});

		expect(response.SendStatusSet[0].Fee).toBe(2);
	});

	test.each([
		['an unapproved signature', { SignName: '别家' }, 'FailedOperation.SignatureIncorrectOrUnapproved'],
		['an unknown template', { TemplateId: '999999' }, 'FailedOperation.TemplateIncorrectOrUnapproved'],
		[
			'a rejected template',
			{ TemplateId: '100003', TemplateParamSet: ['您'] },
			'FailedOperation.TemplateIncorrectOrUnapproved',
		],
		[
			'a template under review',
			{ TemplateId: '100004', TemplateParamSet: ['1234'] },
			'FailedOperation.TemplateIncorrectOrUnapproved',
		],
		[
			'fewer values than placeholders',
			{ TemplateParamSet: ['张三'] },
			'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
		],
		[
			'values for a template without placeholders',
			{ TemplateId: '100002' },
			'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
		],
	])('fails every number of a call with %s in its row', async (_, override, code) => {
		const response = await sdkCall('SendSms', {
			...SEND,
			PhoneNumberSet: ['+8613800138000', '+8613900139000'],
			...override,
		});

		expect(response.SendStatusSet).toEqual([
			expect.objectContaining({ Code: code, SerialNo: '', Fee: 0 }),
			expect.objectContaining({ Code: code, SerialNo: '', Fee: 0 }),
		]);
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('accepts the numbers the package balance pays for and fails the rest in their rows', async () => {
		sandbox.setBalance('tencent', 1);

		const response = await sdkCall('SendSms', { ...SEND, PhoneNumberSet: ['+8613800138000', '+8613900139000'] });

		expect(response.SendStatusSet.map((row: { Code: string }) => row.Code)).toEqual([
			'Ok',
			'FailedOperation.InsufficientBalanceInSmsPackage',
		]);
		expect(sandbox.sent()).toHaveLength(1);
	});

	test.each([
		[
			'more than 200 numbers',
			{ PhoneNumberSet: Array(201).fill('+8613800138000') },
			'LimitExceeded.PhoneNumberCountLimit',
		],
		['no numbers', { PhoneNumberSet: [] }, 'MissingParameter.EmptyPhoneNumberSet'],
		[
			'mainland and international numbers together',
			{ PhoneNumberSet: ['+8613800138000', '+14155550123'] },
			'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
		],
		[
			'international numbers with a mainland template',
			{ PhoneNumberSet: ['+14155550123'] },
			'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
		],
		[
			'an SmsSdkAppId of no application of the account',
			{ SmsSdkAppId: '1400999999' },
			'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
		],
		['a TemplateParamSet of numbers', { TemplateParamSet: [1, 2] }, 'InvalidParameter'],
		['no TemplateId', { TemplateId: undefined }, 'MissingParameter'],
	])('refuses the whole call with %s as Response.Error', async (_, override, code) => {
		expect(await errorCodeOf('SendSms', { ...SEND, PhoneNumberSet: ['+8613800138000'], ...override })).toBe(code);
		expect(sandbox.sent()).toHaveLength(0);
	});
});

describe('tencent receipts', () => {
	async function sendTo(...numbers: string[]): Promise<string[]> {
		const response = await sdkCall('SendSms', { ...SEND, PhoneNumberSet: numbers, SessionContext: 'batch-1' });
		return response.SendStatusSet.map((row: { SerialNo: string }) => row.SerialNo);
	}

	test('PullSmsSendStatus hands out each receipt once, at most Limit per call', async () => {
		const [first, second] = await sendTo('+8613800138000', '+8613900139000');
		sandbox.deliver({ fail: (message) => message.phone === '+8613900139000', failCode: 'MK:0005' });

		const page = await sdkCall('PullSmsSendStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 1 });
		const rest = await sdkCall('PullSmsSendStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 100 });
		const drained = await sdkCall('PullSmsSendStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 100 });

		expect(page.PullSmsSendStatusSet).toEqual([
			{
				UserReceiveTime: expect.any(Number),
				CountryCode: '86',
				SubscriberNumber: '13800138000',
				PhoneNumber: '+8613800138000',
				SerialNo: first,
				ReportStatus: 'SUCCESS',
				Description: 'DELIVRD',
				SessionContext: 'batch-1',
			},
		]);
		expect(rest.PullSmsSendStatusSet).toEqual([
			expect.objectContaining({ SerialNo: second, ReportStatus: 'FAIL', Description: 'MK:0005' }),
		]);
		expect(drained.PullSmsSendStatusSet).toEqual([]);
	});

	test('PullSmsSendStatus refuses a Limit over 100', async () => {
		expect(await errorCodeOf('PullSmsSendStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 101 })).toBe(
			'InvalidParameterValue.LimitVerifyFail',
		);
	});

	test('PullSmsSendStatus is refused while pulling receipts is not activated, and hands nothing out', async () => {
		await sendTo('+8613800138000');
		sandbox.deliver();
		sandbox.setPullEnabled('tencent', 'receipts', false);

		expect(await errorCodeOf('PullSmsSendStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 100 })).toBe(
			'UnauthorizedOperation.RequestPermissionDeny',
		);
		expect(sandbox.pendingReceipts('tencent')).toBe(1);
	});

	test('PullSmsSendStatusByPhoneNumber lists the number’s receipts in the window, again on every call', async () => {
		await sendTo('+8613800138000', '+8613900139000');
		sandbox.deliver();
		const now = Math.floor(Date.now() / 1000);
		const query = {
			SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId,
			PhoneNumber: '+8613800138000',
			BeginTime: now - 60,
			EndTime: now + 60,
			Offset: 0,
			Limit: 100,
		};

		const first = await sdkCall('PullSmsSendStatusByPhoneNumber', query);
		const again = await sdkCall('PullSmsSendStatusByPhoneNumber', query);
		const before = await sdkCall('PullSmsSendStatusByPhoneNumber', {
			...query,
			BeginTime: now - 120,
			EndTime: now - 61,
		});

		expect(first.PullSmsSendStatusSet).toEqual([expect.objectContaining({ PhoneNumber: '+8613800138000' })]);
		expect(again.PullSmsSendStatusSet).toEqual(first.PullSmsSendStatusSet);
		expect(before.PullSmsSendStatusSet).toEqual([]);
		expect(sandbox.pendingReceipts('tencent')).toBe(2);
	});

	test.each([
		[
			'a BeginTime more than 7 days ago',
			{ BeginTime: Math.floor(Date.now() / 1000) - 8 * 86400 },
			'InvalidParameterValue.BeginTimeVerifyFail',
		],
		['an Offset other than 0', { Offset: 100 }, 'InvalidParameterValue.OffsetVerifyFail'],
		['an EndTime before the BeginTime', { EndTime: 1 }, 'InvalidParameterValue.EndTimeVerifyFail'],
		['a malformed number', { PhoneNumber: '+86123' }, 'InvalidParameterValue.IncorrectPhoneNumber'],
	])('PullSmsSendStatusByPhoneNumber refuses %s', async (_, override, code) => {
		const query = {
			SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId,
			PhoneNumber: '+8613800138000',
			BeginTime: Math.floor(Date.now() / 1000) - 60,
			Offset: 0,
			Limit: 100,
		};

		expect(await errorCodeOf('PullSmsSendStatusByPhoneNumber', { ...query, ...override })).toBe(code);
	});
});

describe('tencent replies', () => {
	test('PullSmsReplyStatus hands out each injected reply once, with the 2021-01-11 field names', async () => {
		const repliedAt = new Date('2026-03-01T10:00:00+08:00');
		sandbox.reply('tencent', '13800138000', '退订', { receivedAt: repliedAt, extendCode: '01' });

		const first = await sdkCall('PullSmsReplyStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 100 });
		const again = await sdkCall('PullSmsReplyStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 100 });

		expect(first.PullSmsReplyStatusSet).toEqual([
			{
				ExtendCode: '01',
				CountryCode: '86',
				PhoneNumber: '+8613800138000',
				SignName: TENCENT_ACCOUNT.signName,
				ReplyContent: '退订',
				ReplyTime: repliedAt.getTime() / 1000,
				SubscriberNumber: '13800138000',
			},
		]);
		expect(again.PullSmsReplyStatusSet).toEqual([]);
	});

	test('PullSmsReplyStatus is refused while pulling replies is not activated, and hands nothing out', async () => {
		sandbox.reply('tencent', '+8613800138000', 'R');
		sandbox.setPullEnabled('tencent', 'replies', false);

		expect(await errorCodeOf('PullSmsReplyStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 100 })).toBe(
			'UnauthorizedOperation.RequestPermissionDeny',
		);
		expect(sandbox.pendingReplies('tencent')).toBe(1);
	});

	test('reset forgets replies and activates both pulls again', async () => {
		sandbox.reply('tencent', '+8613800138000', 'R');
		sandbox.setPullEnabled('tencent', 'replies', false);

		sandbox.reset();

		expect(sandbox.pendingReplies('tencent')).toBe(0);
		expect(
			await errorCodeOf('PullSmsReplyStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 100 }),
		).toBeUndefined();
	});

	test('a vendor without pull activation says so', () => {
		expect(() => sandbox.setPullEnabled('aliyun', 'receipts', false)).toThrow(/aliyun/);
	});
});

describe('tencent templates and signatures', () => {
	test('DescribeSmsTemplateList reports the review state of the templates asked for by id', async () => {
		const response = await sdkCall('DescribeSmsTemplateList', {
			International: 0,
			TemplateIdSet: [100001, 100003, 100004],
		});

		expect(response.DescribeTemplateStatusSet).toEqual([
			{
				TemplateId: 100001,
				International: 0,
				StatusCode: 0,
				ReviewReply: '',
				TemplateName: expect.any(String),
				CreateTime: expect.any(Number),
				TemplateContent: '您好{1}，您的会员积分{2}即将到期。',
			},
			expect.objectContaining({ TemplateId: 100003, StatusCode: -1, ReviewReply: '营销内容' }),
			expect.objectContaining({ TemplateId: 100004, StatusCode: 1 }),
		]);
	});

	test('DescribeSmsTemplateList pages with Limit and Offset when no ids are given', async () => {
		const page = await sdkCall('DescribeSmsTemplateList', { International: 0, Limit: 2, Offset: 2 });

		expect(page.DescribeTemplateStatusSet.map((row: { TemplateId: number }) => row.TemplateId)).toEqual([
			100003, 100004,
		]);
	});

	test('DescribeSmsTemplateList lists no international templates', async () => {
		const page = await sdkCall('DescribeSmsTemplateList', { International: 1, Limit: 100, Offset: 0 });

		expect(page.DescribeTemplateStatusSet).toEqual([]);
	});

	test.each([
		['no International', { Limit: 10 }, 'MissingParameter'],
		['an International of 2', { International: 2, Limit: 10 }, 'InvalidParameterValue.InvalidInternational'],
		['a Limit over 100', { International: 0, Limit: 101 }, 'InvalidParameterValue.LimitVerifyFail'],
		['template ids as strings', { International: 0, TemplateIdSet: ['100001'] }, 'InvalidParameter'],
	])('DescribeSmsTemplateList refuses %s', async (_, params, code) => {
		expect(await errorCodeOf('DescribeSmsTemplateList', params)).toBe(code);
	});

	test('DescribeSmsSignList lists the approved signatures, ten per page unless Limit says otherwise', async () => {
		for (let index = 1; index <= 11; index += 1) sandbox.defineSignature('tencent', `签名${index}`);

		const first = await sdkCall('DescribeSmsSignList', { International: 0 });
		const last = await sdkCall('DescribeSmsSignList', { International: 0, Limit: 100, Offset: 10 });

		expect(first.DescribeSignListStatusSet).toHaveLength(10);
		expect(first.DescribeSignListStatusSet[0]).toEqual(
			expect.objectContaining({ SignId: 1, SignName: TENCENT_ACCOUNT.signName, StatusCode: 0, International: 0 }),
		);
		expect(last.DescribeSignListStatusSet.map((row: { SignName: string }) => row.SignName)).toEqual([
			'签名10',
			'签名11',
		]);
	});
});

describe('tencent package statistics', () => {
	/** `yyyymmddhh` in China time, as the window is written. */
	const chinaHour = (date: Date) =>
		new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 13).replace(/[-T]/g, '');
	const WINDOW = { BeginTime: '2019010100', EndTime: chinaHour(new Date()) };

	test('SmsPackagesStatistics lists the package and its usage', async () => {
		await sdkCall('SendSms', { ...SEND, PhoneNumberSet: ['+8613800138000'] });

		const response = await sdkCall('SmsPackagesStatistics', {
			SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId,
			Limit: 1,
			Offset: 0,
			...WINDOW,
		});

		expect(response.SmsPackagesStatisticsSet).toEqual([
			expect.objectContaining({ PackageId: 1, PackageAmount: expect.any(Number), CurrentUsage: 1 }),
		]);
	});

	test.each([
		[
			'an SmsSdkAppId of no application of the account',
			{ SmsSdkAppId: '1400999999' },
			'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
		],
		['no BeginTime', { BeginTime: undefined }, 'MissingParameter'],
		['an EndTime before the BeginTime', { EndTime: '2018010100' }, 'InvalidParameterValue.EndTimeVerifyFail'],
		[
			'an EndTime after the current hour',
			{ EndTime: chinaHour(new Date(Date.now() + 2 * 3600 * 1000)) },
			'InvalidParameterValue.EndTimeVerifyFail',
		],
	])('SmsPackagesStatistics refuses %s', async (_, override, code) => {
		const params = { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 1, Offset: 0, ...WINDOW, ...override };

		expect(await errorCodeOf('SmsPackagesStatistics', params)).toBe(code);
	});
});

describe('tencent faults', () => {
	const sendOne = () => sdkCall('SendSms', { ...SEND, PhoneNumberSet: ['+8613800138000'] });

	test('throttling answers RequestLimitExceeded in an HTTP 200 body and sends nothing', async () => {
		sandbox.injectFault('tencent', { kind: 'throttle', api: 'SendSms' });

		await expect(sendOne()).rejects.toMatchObject({ code: 'RequestLimitExceeded' });
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('an outage answers HTTP 503 and sends nothing', async () => {
		sandbox.injectFault('tencent', { kind: 'http5xx' });

		await expect(sendOne()).rejects.toMatchObject({ httpCode: 503 });
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('accept-then-drop sends the message and leaves the client without an answer', async () => {
		sandbox.injectFault('tencent', { kind: 'acceptThenDrop', api: 'SendSms' });

		await expect(sendOne()).rejects.toThrow();
		expect(sandbox.sent('tencent')).toHaveLength(1);
	});

	test('the request log names each call by its X-TC-Action', async () => {
		await sendOne();
		await sdkCall('PullSmsSendStatus', { SmsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId, Limit: 10 });

		expect(sandbox.requests('tencent').map((request) => request.api)).toEqual(['SendSms', 'PullSmsSendStatus']);
	});
});
