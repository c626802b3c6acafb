/**
 * The Aliyun simulators driven by the unmodified official SDK (Dysmsapi, Dybaseapi through the generic
 * OpenAPI core) and by raw MNS requests signed as MNS documents it.
 */
import * as http from 'node:http';

import Dysmsapi, * as $Dysmsapi from '@alicloud/dysmsapi20170525';
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';

import { signMnsRequest } from '../../nodes/providers/aliyun/mns';
import { ALIYUN_ACCOUNT } from './accounts';
import { ALIYUN_APIS, createAliyunSimulators } from './aliyun';
import { FaultBook, serveSimulator, type RunningServer } from './core';
import type { ParsedRequest, VendorSimulator } from './plugin';
import { createSandboxState } from './state';
import type { RequestRecord } from './types';

const TEMPLATE = { id: 'SMS_100', content: '您好${name}，验证码${code}' };
const RUNTIME = new $dara.RuntimeOptions({ readTimeout: 5000, connectTimeout: 5000 });
const TOKEN_TTL_SECONDS = 2;

const state = createSandboxState({ mnsTokenTtlSeconds: TOKEN_TTL_SECONDS });
const simulators = createAliyunSimulators(state, { mnsVisibilityTimeoutSeconds: 1 });
const faults = new FaultBook(1);
const requestLog: RequestRecord[] = [];
/** Every request as the simulators saw it, to inspect the wire format and replay requests. */
const captured: ParsedRequest[] = [];
let servers: Record<'sms' | 'dybase' | 'mns', RunningServer>;

const capturing = (simulator: VendorSimulator): VendorSimulator => ({
	...simulator,
	handle: (request) => {
		captured.push(request);
		return simulator.handle(request);
	},
});

beforeAll(async () => {
	const hooks = { faults, record: (request: RequestRecord) => void requestLog.push(request), latencyMs: () => 0 };
	const [sms, dybase, mns] = await Promise.all(
		[simulators.sms, simulators.dybase, simulators.mns].map((simulator) =>
			serveSimulator(capturing(simulator), 0, hooks),
		),
	);
	servers = { sms, dybase, mns };
	state.templates('aliyun').set(TEMPLATE.id, { ...TEMPLATE, status: 'approved' });
	state.templates('aliyun').set('SMS_PENDING', { id: 'SMS_PENDING', content: '稍后', status: 'pending' });
	state
		.templates('aliyun')
		.set('SMS_REJECTED', { id: 'SMS_REJECTED', content: '不行', status: 'rejected', reason: '内容违规' });
});
afterAll(() => Promise.all(Object.values(servers).map((server) => server.close())));
beforeEach(() => {
	captured.length = 0;
	faults.clear();
});

const hostOf = (url: string): string => new URL(url).host;

function config(url: string, overrides: Partial<$OpenApiUtil.Config> = {}): $OpenApiUtil.Config {
	return new $OpenApiUtil.Config({
		accessKeyId: ALIYUN_ACCOUNT.accessKeyId,
		accessKeySecret: ALIYUN_ACCOUNT.accessKeySecret,
		endpoint: hostOf(url),
		protocol: 'http',
		...overrides,
	});
}

const dysms = (overrides: Partial<$OpenApiUtil.Config> = {}) => new Dysmsapi(config(servers.sms.url, overrides));

async function sendSms(request: Partial<$Dysmsapi.SendSmsRequest>, client = dysms()) {
	const full = {
		phoneNumbers: '13800138000',
		signName: ALIYUN_ACCOUNT.signName,
		templateCode: TEMPLATE.id,
		templateParam: '{"name":"张三","code":"1234"}',
		...request,
	};
	return (await client.sendSmsWithOptions(new $Dysmsapi.SendSmsRequest(full), RUNTIME)).body;
}

/** SendBatchSms to `phones`, every one signed with the account's signature unless `signs` says otherwise. */
async function sendBatchSms(phones: string[], signs = phones.map(() => ALIYUN_ACCOUNT.signName)) {
	const request = new $Dysmsapi.SendBatchSmsRequest({
		phoneNumberJson: JSON.stringify(phones),
		signNameJson: JSON.stringify(signs),
		templateCode: TEMPLATE.id,
		templateParamJson: JSON.stringify(phones.map(() => ({ name: 'a', code: '1' }))),
	});
	return (await dysms().sendBatchSmsWithOptions(request, RUNTIME)).body;
}

async function sdkError(
	promise: Promise<unknown>,
): Promise<{ code: string; statusCode: number; data: Record<string, unknown> }> {
	const error = await promise.then(
		() => undefined,
		(reason: unknown) => reason,
	);
	expect(error).toMatchObject({ code: expect.any(String), statusCode: expect.any(Number) });
	return error as { code: string; statusCode: number; data: Record<string, unknown> };
}

/** Sends a captured request again, byte for byte (optionally with changed headers). */
function replay(
	request: ParsedRequest,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
	const url = new URL(`${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`, servers.sms.url);
	// Framing headers are recomputed by Node for the body actually sent.
	const { 'content-length': _length, 'transfer-encoding': _encoding, ...original } = request.headers;
	return new Promise((resolve, reject) => {
		const outgoing = http.request(url, { method: request.method, headers: { ...original, ...headers } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
			);
		});
		outgoing.on('error', reject);
		outgoing.end(request.body);
	});
}

describe('Dysmsapi gateway', () => {
	it('accepts the SDK default ACS3-HMAC-SHA256 signature and answers one BizId per request', async () => {
		const body = await sendSms({
			phoneNumbers: '13800138000,+8613800138001,008613800138002,8613800138003',
			outId: 'o-1',
		});
		expect(body).toMatchObject({ code: 'OK', message: 'OK', bizId: expect.stringMatching(/^\d+\^0$/) });
		const sent = state.sent('aliyun').slice(-4);
		expect(new Set(sent.map((message) => message.messageId))).toEqual(new Set([body?.bizId]));
		expect(sent[0]).toMatchObject({ api: 'SendSms', outId: 'o-1', text: '【沙箱测试】您好张三，验证码1234' });
		expect(captured[0].headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=/);
	});

	it('accepts the legacy V2 HMAC-SHA1 signature', async () => {
		const body = await sendSms({ phoneNumbers: '13800138000' }, dysms({ signatureAlgorithm: 'v2' }));
		expect(body?.code).toBe('OK');
		expect(captured[0].query.get('SignatureMethod')).toBe('HMAC-SHA1');
	});

	it.each([
		['ACS3', {}],
		['V2', { signatureAlgorithm: 'v2' }],
	])('answers a wrong secret (%s) with HTTP 400 SignatureDoesNotMatch in the real error shape', async (_, signing) => {
		const error = await sdkError(
			sendSms({ phoneNumbers: '13800138000' }, dysms({ accessKeySecret: 'wrong', ...signing })),
		);
		expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
		expect(Object.keys(error.data).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
	});

	it('answers an unknown AccessKey ID with HTTP 404 InvalidAccessKeyId.NotFound', async () => {
		const error = await sdkError(sendSms({ phoneNumbers: '13800138000' }, dysms({ accessKeyId: 'LTAI-unknown' })));
		expect(error).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
	});

	it('refuses a replayed nonce and a stale x-acs-date', async () => {
		await sendSms({ phoneNumbers: '13800138000' });
		const [original] = captured;
		expect(JSON.parse((await replay(original)).body)).toMatchObject({ Code: 'SignatureNonceUsed' });
		const stale = new Date(Date.now() - 16 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		expect(JSON.parse((await replay(original, { 'x-acs-date': stale })).body)).toMatchObject({
			Code: 'InvalidTimeStamp.Expired',
		});
	});

	it('checks x-acs-content-sha256 against the body', async () => {
		await sendSms({ phoneNumbers: '13800138000' });
		const tampered = { ...captured[0], body: Buffer.from('PhoneNumbers=1') };
		const reply = await replay(tampered, { 'content-type': 'application/x-www-form-urlencoded' });
		expect(reply.status).toBe(400);
		expect(JSON.parse(reply.body)).toMatchObject({ Code: 'SignatureDoesNotMatch' });
	});

	it('answers the throttle fault like Aliyun flow control', async () => {
		faults.inject('aliyun', { kind: 'throttle' });
		const error = await sdkError(sendSms({ phoneNumbers: '13800138000' }));
		expect(error).toMatchObject({ name: 'ThrottlingError', code: 'Throttling.User', statusCode: 400 });
		expect(error.data.Message).toBe('Request was denied due to user flow control.');
	});
});

describe('SendSms and SendBatchSms rules', () => {
	it.each([
		['a variable that is not a string', { templateParam: '{"name":"张三","code":1234}' }, 'isv.INVALID_JSON_PARAM'],
		['a missing variable', { templateParam: '{"name":"张三"}' }, 'isv.TEMPLATE_MISSING_PARAMETERS'],
		['a template under review', { templateCode: 'SMS_PENDING', templateParam: undefined }, 'isv.SMS_TEMPLATE_ILLEGAL'],
		['an unknown template', { templateCode: 'SMS_404' }, 'isv.SMS_TEMPLATE_ILLEGAL'],
		['an unknown signature', { signName: '别人的签名' }, 'isv.SMS_SIGNATURE_ILLEGAL'],
		['an invalid number', { phoneNumbers: '12345' }, 'isv.MOBILE_NUMBER_ILLEGAL'],
		['an international number with +', { phoneNumbers: '+85291234567' }, 'isv.MOBILE_NUMBER_ILLEGAL'],
		[
			'1,001 numbers',
			{ phoneNumbers: Array.from({ length: 1001 }, () => '13800138000').join(',') },
			'isv.MOBILE_COUNT_OVER_LIMIT',
		],
	])('rejects %s with HTTP 200 and a business code', async (_, request, code) => {
		const before = state.sent('aliyun').length;
		expect(await sendSms(request)).toMatchObject({ code });
		expect(state.sent('aliyun')).toHaveLength(before);
	});

	it('accepts international numbers as country code + number', async () => {
		expect(await sendSms({ phoneNumbers: '85291234567' })).toMatchObject({ code: 'OK' });
	});

	it('receives SendBatchSms arrays in a chunked form body and keeps every value intact', async () => {
		const tricky = '引号"反斜杠\\表情😀';
		const request = new $Dysmsapi.SendBatchSmsRequest({
			phoneNumberJson: JSON.stringify(['13800138000', '13800138001']),
			signNameJson: JSON.stringify([ALIYUN_ACCOUNT.signName, ALIYUN_ACCOUNT.signName]),
			templateCode: TEMPLATE.id,
			templateParamJson: JSON.stringify([
				{ name: tricky, code: '1' },
				{ name: 'b', code: '2' },
			]),
			outId: 'batch-1',
		});
		const body = (await dysms().sendBatchSmsWithOptions(request, RUNTIME)).body;
		expect(body).toMatchObject({ code: 'OK', bizId: expect.stringMatching(/\^0$/) });
		expect(captured[0].headers['transfer-encoding']).toBe('chunked');
		expect(captured[0].query.has('PhoneNumberJson')).toBe(false);
		const sent = state.sent('aliyun').slice(-2);
		expect(sent.map((message) => [message.api, message.variables])).toEqual([
			['SendBatchSms', { name: tricky, code: '1' }],
			['SendBatchSms', { name: 'b', code: '2' }],
		]);
	});

	it('rejects SendBatchSms arrays of different lengths and more than 100 numbers', async () => {
		expect((await sendBatchSms(['13800138000', '13800138001'], [ALIYUN_ACCOUNT.signName]))?.code).toBe(
			'isv.INVALID_PARAMETERS',
		);
		expect((await sendBatchSms(Array.from({ length: 101 }, () => '13800138000')))?.code).toBe(
			'isv.MOBILE_COUNT_OVER_LIMIT',
		);
	});
});

describe('balance exhaustion (setBalance)', () => {
	afterEach(() => state.setBalance('aliyun', undefined));

	it('refuses a SendSms to more numbers than the balance has left with isv.AMOUNT_NOT_ENOUGH, accepting none', async () => {
		state.setBalance('aliyun', 2);
		const before = state.sent('aliyun').length;
		expect(await sendSms({ phoneNumbers: '13800138000,13800138001,13800138002' })).toMatchObject({
			code: 'isv.AMOUNT_NOT_ENOUGH',
		});
		expect(state.sent('aliyun')).toHaveLength(before);
	});

	it('refuses a SendBatchSms beyond the balance as a whole', async () => {
		state.setBalance('aliyun', 1);
		const before = state.sent('aliyun').length;
		expect(await sendBatchSms(['13800138000', '13800138001'])).toMatchObject({ code: 'isv.AMOUNT_NOT_ENOUGH' });
		expect(state.sent('aliyun')).toHaveLength(before);
	});

	it('accepts sends up to the balance, one unit per number whatever its parts, then refuses the next', async () => {
		state.setBalance('aliyun', 3);
		const long = JSON.stringify({ name: '长'.repeat(100), code: '1' });
		expect(await sendSms({ phoneNumbers: '13800138000,13800138001', templateParam: long })).toMatchObject({
			code: 'OK',
		});
		expect(await sendBatchSms(['13800138002'])).toMatchObject({ code: 'OK' });
		expect(await sendSms({ phoneNumbers: '13800138003' })).toMatchObject({ code: 'isv.AMOUNT_NOT_ENOUGH' });
		expect(
			state
				.sent('aliyun')
				.slice(-3)
				.map((message) => message.phone),
		).toEqual(['13800138000', '13800138001', '13800138002']);
	});

	it('leaves read-only APIs working when the balance is used up', async () => {
		state.setBalance('aliyun', 0);
		const list = await dysms().querySmsTemplateListWithOptions(
			new $Dysmsapi.QuerySmsTemplateListRequest({ pageSize: 1 }),
			RUNTIME,
		);
		expect(list.body?.code).toBe('OK');
	});

	it('is unlimited again after reset()', async () => {
		state.setBalance('aliyun', 0);
		state.reset();
		expect(await sendSms({ phoneNumbers: '13800138000,13800138001' })).toMatchObject({ code: 'OK' });
	});
});

describe('QuerySendDetails and templates', () => {
	const chinaDay = (offsetDays = 0) =>
		new Date(Date.now() + 8 * 3600 * 1000 - offsetDays * 86400 * 1000).toISOString().slice(0, 10).replace(/-/g, '');
	const query = (request: Partial<$Dysmsapi.QuerySendDetailsRequest>) =>
		dysms().querySendDetailsWithOptions(
			new $Dysmsapi.QuerySendDetailsRequest({
				phoneNumber: '13900000009',
				sendDate: chinaDay(),
				pageSize: 50,
				currentPage: 1,
				...request,
			}),
			RUNTIME,
		);

	it('shows a send as waiting (1) until delivered, then delivered (3) or failed (2), with China dates', async () => {
		const { bizId } = (await sendSms({ phoneNumbers: '13900000009,13900000008' })) ?? {};
		const waiting = (await query({ bizId })).body;
		expect(waiting).toMatchObject({ code: 'OK', totalCount: '1' });
		expect(waiting?.smsSendDetailDTOs?.smsSendDetailDTO?.[0]).toMatchObject({ phoneNum: '13900000009', sendStatus: 1 });
		simulators.sms.deliver!(state.takeUndelivered('aliyun'), { fail: (message) => message.phone === '13900000008' });
		const [delivered] = (await query({ bizId })).body?.smsSendDetailDTOs?.smsSendDetailDTO ?? [];
		expect(delivered).toMatchObject({
			sendStatus: 3,
			errCode: 'DELIVERED',
			content: '【沙箱测试】您好张三，验证码1234',
		});
		expect(delivered.sendDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		const [failed] =
			(await query({ phoneNumber: '13900000008', bizId })).body?.smsSendDetailDTOs?.smsSendDetailDTO ?? [];
		expect(failed).toMatchObject({ sendStatus: 2, errCode: 'MK:0001' });
	});

	it('enforces PageSize 1–50 and the 30-day window', async () => {
		expect((await query({ pageSize: 51 })).body?.code).toBe('isv.INVALID_PARAMETERS');
		expect((await query({ sendDate: chinaDay(31) })).body?.code).toBe('isv.INVALID_PARAMETERS');
	});

	it('reports template review states through GetSmsTemplate, QuerySmsTemplate and QuerySmsTemplateList', async () => {
		const get = async (templateCode: string) =>
			(await dysms().getSmsTemplateWithOptions(new $Dysmsapi.GetSmsTemplateRequest({ templateCode }), RUNTIME)).body;
		expect(await get(TEMPLATE.id)).toMatchObject({ templateStatus: '1', templateContent: TEMPLATE.content });
		expect(await get('SMS_REJECTED')).toMatchObject({ templateStatus: '2', auditInfo: { rejectInfo: '内容违规' } });
		const legacy = await dysms().querySmsTemplateWithOptions(
			new $Dysmsapi.QuerySmsTemplateRequest({ templateCode: 'SMS_PENDING' }),
			RUNTIME,
		);
		expect(legacy.body).toMatchObject({ templateStatus: 0, reason: '无审批备注' });
		const list = await dysms().querySmsTemplateListWithOptions(
			new $Dysmsapi.QuerySmsTemplateListRequest({ pageSize: 1 }),
			RUNTIME,
		);
		expect(list.body).toMatchObject({ code: 'OK', totalCount: 3 });
		expect(list.body?.smsTemplateList).toHaveLength(1);
	});

	it('pages QuerySmsTemplateList by PageIndex and names each template', async () => {
		const page = async (pageIndex: number) =>
			(
				await dysms().querySmsTemplateListWithOptions(
					new $Dysmsapi.QuerySmsTemplateListRequest({ pageIndex, pageSize: 2 }),
					RUNTIME,
				)
			).body;
		const [first, second] = [await page(1), await page(2)];
		expect(first).toMatchObject({ code: 'OK', totalCount: 3, currentPage: 1, pageSize: 2 });
		expect(second?.smsTemplateList).toHaveLength(1);
		expect(first?.smsTemplateList?.[0]).toMatchObject({
			templateCode: TEMPLATE.id,
			templateName: TEMPLATE.id,
			auditStatus: 'AUDIT_STATE_PASS',
		});
	});

	it("lists the account's signatures with QuerySmsSignList, paged", async () => {
		state.signatures('aliyun').add('Second Shop');
		const page = async (pageIndex: number) =>
			(
				await dysms().querySmsSignListWithOptions(
					new $Dysmsapi.QuerySmsSignListRequest({ pageIndex, pageSize: 1 }),
					RUNTIME,
				)
			).body;
		const [first, second] = [await page(1), await page(2)];
		expect(first).toMatchObject({ code: 'OK', totalCount: 2, currentPage: 1, pageSize: 1 });
		expect(first?.smsSignList).toEqual([
			expect.objectContaining({
				signName: ALIYUN_ACCOUNT.signName,
				auditStatus: 'AUDIT_STATE_PASS',
				businessType: '通用',
			}),
		]);
		expect(second?.smsSignList?.map((sign) => sign.signName)).toEqual(['Second Shop']);
	});
});

describe('receipt queue (Dybaseapi token + MNS)', () => {
	async function token(messageType = 'SmsReport', queueName = ALIYUN_ACCOUNT.queueName) {
		const client = new OpenApi(config(servers.dybase.url));
		const params = new $OpenApiUtil.Params({
			action: 'QueryTokenForMnsQueue',
			version: '2017-05-25',
			protocol: 'HTTPS',
			pathname: '/',
			method: 'POST',
			authType: 'AK',
			style: 'RPC',
			reqBodyType: 'formData',
			bodyType: 'json',
		});
		const query = { MessageType: messageType, QueueName: queueName };
		const response = await client.callApi(params, new $OpenApiUtil.OpenApiRequest({ query }), RUNTIME);
		return response.body.MessageTokenDTO as {
			AccessKeyId: string;
			AccessKeySecret: string;
			SecurityToken: string;
			ExpireTime: string;
		};
	}

	type Token = Awaited<ReturnType<typeof token>>;

	async function mns(
		auth: Token,
		method: 'GET' | 'DELETE',
		query: string,
		body = '',
		queue = ALIYUN_ACCOUNT.queueName,
	) {
		const resource = `/queues/${queue}/messages${query}`;
		const headers: Record<string, string> = {
			'content-type': 'text/xml',
			date: new Date().toUTCString(),
			'x-mns-version': '2015-06-06',
			'x-mns-security-token': auth.SecurityToken,
		};
		headers.authorization = signMnsRequest(method, resource, headers, {
			accessKeyId: auth.AccessKeyId,
			accessKeySecret: auth.AccessKeySecret,
		});
		const response = await fetch(`${servers.mns.url}${resource}`, { method, headers, body: body || undefined });
		return { status: response.status, text: await response.text() };
	}

	const handlesOf = (xml: string) => [...xml.matchAll(/<ReceiptHandle>([^<]+)</g)].map((match) => match[1]);

	beforeEach(() => simulators.mns.reset!());

	it('issues a token with a China-time ExpireTime and receives, hides, peeks and deletes receipts', async () => {
		const auth = await token();
		expect(auth.ExpireTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		await sendSms({ phoneNumbers: '13700000001,13700000002' });
		simulators.sms.deliver!(state.takeUndelivered('aliyun'), { duplicate: true });
		expect(simulators.mns.pendingReceipts!()).toBe(4);

		const peeked = await mns(auth, 'GET', '?peekonly=true&numOfMessages=16');
		expect(handlesOf(peeked.text)).toHaveLength(0);
		const body = /<MessageBody>([^<]+)</.exec(peeked.text)?.[1] ?? '';
		expect(JSON.parse(Buffer.from(body, 'base64').toString('utf8'))).toMatchObject({
			phone_number: '13700000001',
			success: true,
		});

		const received = await mns(auth, 'GET', '?numOfMessages=3&waitseconds=0');
		const handles = handlesOf(received.text);
		expect(handles).toHaveLength(3);
		expect(handlesOf((await mns(auth, 'GET', '?numOfMessages=16')).text)).toHaveLength(1);
		expect(await mns(auth, 'GET', '?numOfMessages=16')).toMatchObject({
			status: 404,
			text: expect.stringContaining('MessageNotExist'),
		});

		const batchDelete = `<?xml version="1.0" encoding="UTF-8"?><ReceiptHandles xmlns="http://mns.aliyuncs.com/doc/v1/">${handles
			.slice(0, 2)
			.map((handle) => `<ReceiptHandle>${handle}</ReceiptHandle>`)
			.join('')}</ReceiptHandles>`;
		expect((await mns(auth, 'DELETE', '', batchDelete)).status).toBe(204);
		expect((await mns(auth, 'DELETE', `?ReceiptHandle=${encodeURIComponent(handles[2])}`)).status).toBe(204);
		expect(await mns(auth, 'DELETE', `?ReceiptHandle=${encodeURIComponent(handles[2])}`)).toMatchObject({
			status: 404,
		});
		expect(simulators.mns.pendingReceipts!()).toBe(1);
	});

	it('shows received but undeleted messages again after the visibility timeout', async () => {
		const auth = await token();
		await sendSms({ phoneNumbers: '13700000003' });
		simulators.sms.deliver!(state.takeUndelivered('aliyun'), {});
		const [first] = handlesOf((await mns(auth, 'GET', '?numOfMessages=16')).text);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const [again] = handlesOf((await mns(auth, 'GET', '?numOfMessages=16')).text);
		expect(again).not.toBe(first);
		expect(await mns(auth, 'DELETE', `?ReceiptHandle=${encodeURIComponent(first)}`)).toMatchObject({ status: 400 });
	});

	it('serves replies from the SmsUp queue, with its own token, in the fields Alicom documents', async () => {
		const auth = await token('SmsUp', ALIYUN_ACCOUNT.replyQueueName);
		simulators.mns.reply!({ phone: '13700000004', text: '退订', extendCode: '12', receivedAt: new Date() });
		expect(simulators.mns.pendingReplies!()).toBe(1);
		expect(simulators.mns.pendingReceipts!()).toBe(0);

		const received = await mns(auth, 'GET', '?numOfMessages=16', '', ALIYUN_ACCOUNT.replyQueueName);
		const body = /<MessageBody>([^<]+)</.exec(received.text)?.[1] ?? '';
		expect(JSON.parse(Buffer.from(body, 'base64').toString('utf8'))).toEqual({
			phone_number: '13700000004',
			content: '退订',
			sign_name: `【${ALIYUN_ACCOUNT.signName}】`,
			send_time: expect.stringMatching(/^\d{14}$/),
			dest_code: '12',
			sequence_id: expect.any(Number),
		});
		const [handle] = handlesOf(received.text);
		expect(
			(await mns(auth, 'DELETE', `?ReceiptHandle=${encodeURIComponent(handle)}`, '', ALIYUN_ACCOUNT.replyQueueName))
				.status,
		).toBe(204);
		expect(simulators.mns.pendingReplies!()).toBe(0);
		// A receipt queue token does not open the reply queue.
		const receiptToken = await token();
		expect(await mns(receiptToken, 'GET', '?numOfMessages=1', '', ALIYUN_ACCOUNT.replyQueueName)).toMatchObject({
			status: 403,
		});
	});

	it('refuses a wrong signature, another queue and an expired token', async () => {
		const auth = await token();
		expect(await mns({ ...auth, AccessKeySecret: 'wrong' }, 'GET', '?numOfMessages=1')).toMatchObject({
			status: 403,
			text: expect.stringContaining('SignatureDoesNotMatch'),
		});
		expect(await mns(auth, 'GET', '?numOfMessages=1', '', 'Alicom-Queue-999-SmsReport')).toMatchObject({
			status: 404,
			text: expect.stringContaining('QueueNotExist'),
		});
		await new Promise((resolve) => setTimeout(resolve, TOKEN_TTL_SECONDS * 1000 + 100));
		expect(await mns(auth, 'GET', '?numOfMessages=1')).toMatchObject({
			status: 403,
			text: expect.stringContaining('AccessDenied'),
		});
	});
});

it('logs every request under the documented API names', () => {
	const names = new Map<string, readonly string[]>(Object.entries(ALIYUN_APIS));
	const unnamed = requestLog.filter((request) => !names.get(request.vendor)?.includes(request.api));
	expect(unnamed).toEqual([]);
	expect(new Set(requestLog.map((request) => request.vendor))).toEqual(
		new Set(['aliyun', 'aliyunDybase', 'aliyunMns']),
	);
});
