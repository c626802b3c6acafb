import axios, { type AxiosRequestConfig } from 'axios';
import * as http from 'node:http';

import { CHUANGLAN_ACCOUNT, YUNPIAN_ACCOUNT } from './accounts';
import { startSandbox, type Sandbox } from './index';
import { parseForm } from './shared';

const AUTH = { account: CHUANGLAN_ACCOUNT.account, password: CHUANGLAN_ACCOUNT.password };
const CHUANGLAN_TEXT = `【${CHUANGLAN_ACCOUNT.signName}】您的会员积分即将到期。`;
const YUNPIAN_TEXT = `【${YUNPIAN_ACCOUNT.signName}】张三您好，您的会员积分120即将到期。`;

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 3 });
	sandbox.defineTemplate('yunpian', { id: '100001', content: '#name#您好，您的会员积分#points#即将到期。' });
});
beforeEach(() => {
	sandbox.reset();
	sandbox.setLatency(0);
});
afterAll(() => sandbox.close());

function chuanglanSend(target: Sandbox = sandbox, phone = '13800138000', config: AxiosRequestConfig = {}) {
	return axios.post(
		`${target.urls.chuanglan}/msg/v1/send/json`,
		{ ...AUTH, msg: CHUANGLAN_TEXT, phone },
		{ validateStatus: () => true, ...config },
	);
}

const yunpianForm = () =>
	new URLSearchParams({ apikey: YUNPIAN_ACCOUNT.apiKey, mobile: '13800138000', text: YUNPIAN_TEXT }).toString();

function yunpianSend() {
	return axios.post(`${sandbox.urls.yunpian}/v2/sms/single_send.json`, yunpianForm());
}

function balance(target: Sandbox = sandbox) {
	return axios.post(`${target.urls.chuanglan}/msg/balance/json`, AUTH, { validateStatus: () => true });
}

/** The transport error code of a request that must fail below HTTP. */
async function transportFailure(request: Promise<unknown>): Promise<string | undefined> {
	const error = await request.then(
		() => undefined,
		(failure: { code?: string }) => failure,
	);
	if (!error) throw new Error('expected the request to fail below HTTP');
	return error.code;
}

describe('sandbox basics', () => {
	test('credentials point at the running loopback servers', () => {
		expect(sandbox.credentials.yunpianApi).toEqual({
			apiKey: YUNPIAN_ACCOUNT.apiKey,
			signName: YUNPIAN_ACCOUNT.signName,
			baseUrl: sandbox.urls.yunpian,
		});
		expect(sandbox.credentials.chuanglanApi.baseUrl).toBe(sandbox.urls.chuanglan);
		expect(sandbox.credentials.aliyunSmsApi).toMatchObject({
			baseUrl: sandbox.urls.aliyun,
			dybaseBaseUrl: sandbox.urls.aliyunDybase,
			mnsBaseUrl: sandbox.urls.aliyunMns,
		});
		expect(sandbox.credentials.tencentCloudSmsApi.baseUrl).toBe(sandbox.urls.tencent);
		const urls = Object.values(sandbox.urls);
		expect(new Set(urls).size).toBe(6);
		for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	test('logs every request by vendor and api', async () => {
		await chuanglanSend();
		await balance();
		await balance();

		expect(sandbox.requests('chuanglan')).toHaveLength(3);
		expect(sandbox.requests('chuanglan', '/msg/balance/json')).toHaveLength(2);
		expect(sandbox.requests('yunpian')).toHaveLength(0);
		expect(sandbox.requests()[0]).toEqual({ vendor: 'chuanglan', api: '/msg/v1/send/json', at: expect.any(Date) });
	});

	test('reassembles a chunked body split in the middle of a percent-escape', async () => {
		const body = Buffer.from(yunpianForm());
		const split = body.indexOf('%E5') + 4;
		const status = await new Promise<number>((resolve, reject) => {
			const request = http.request(`${sandbox.urls.yunpian}/v2/sms/single_send.json`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			});
			request.on('response', (response) => {
				response.resume();
				resolve(response.statusCode ?? 0);
			});
			request.on('error', reject);
			request.write(body.subarray(0, split));
			setTimeout(() => request.end(body.subarray(split)), 20);
		});

		expect(status).toBe(200);
		expect(sandbox.sent('yunpian')[0].text).toBe(YUNPIAN_TEXT);
	});

	test('reads a form body field by field exactly as URLSearchParams does, malformed escapes included', () => {
		const bodies = [
			'apikey=k&mobile=13800138000&text=%E3%80%90a%E3%80%91b+c%2Bd',
			'text=a%2Cb,c%25d&&mobile=1,2&empty=&bare',
			'=x&a=1=2&a=3&+=+',
			'?mobile=1',
			'text=100%&mobile=1',
			'text=%zz%E4%BD&mobile=%ED%A0%80',
		];
		for (const body of bodies) expect([...parseForm(body)]).toEqual([...new URLSearchParams(body)]);
	});

	test('keeps connections alive between requests', async () => {
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const first = await axios.post(`${sandbox.urls.chuanglan}/msg/balance/json`, AUTH, { httpAgent: agent });
		const second = await axios.post(`${sandbox.urls.chuanglan}/msg/balance/json`, AUTH, { httpAgent: agent });
		agent.destroy();

		expect(first.request.reusedSocket).toBe(false);
		expect(second.request.reusedSocket).toBe(true);
	});

	test('deliver turns each accepted message into a receipt once', async () => {
		await chuanglanSend(sandbox, '13800138000,13900139000');
		await yunpianSend();

		expect(sandbox.deliver()).toBe(3);
		expect(sandbox.deliver()).toBe(0);
		expect([sandbox.pendingReceipts('chuanglan'), sandbox.pendingReceipts('yunpian')]).toEqual([2, 1]);
	});

	test('reset forgets messages, requests, receipts and faults but keeps templates', async () => {
		await chuanglanSend();
		sandbox.deliver();
		sandbox.injectFault('chuanglan', { kind: 'http5xx' });
		sandbox.reset();

		expect([sandbox.sent().length, sandbox.requests().length, sandbox.pendingReceipts('chuanglan')]).toEqual([0, 0, 0]);
		expect((await chuanglanSend()).status).toBe(200);
		expect((await yunpianSend()).data.code).toBe(0);
	});
});

describe('latency', () => {
	test('setLatency delays every request', async () => {
		sandbox.setLatency(150);
		const started = Date.now();
		await balance();

		expect(Date.now() - started).toBeGreaterThanOrEqual(145);
	});

	test('a latency fault adds its delay, then answers normally', async () => {
		sandbox.injectFault('chuanglan', { kind: 'latency', latencyMs: 300 });
		const started = Date.now();
		const response = await chuanglanSend();

		expect(Date.now() - started).toBeGreaterThanOrEqual(295);
		expect(response.data.code).toBe('0');
		expect(sandbox.sent()).toHaveLength(1);
		expect(sandbox.requests()[0].faulted).toBe('latency');
	});
});

describe('faults that stop a request before processing', () => {
	test('http5xx answers 503 and sends nothing, once by default', async () => {
		sandbox.injectFault('chuanglan', { kind: 'http5xx' });

		const faulted = await chuanglanSend();
		const normal = await chuanglanSend();

		expect(faulted.status).toBe(503);
		expect(normal.status).toBe(200);
		expect(sandbox.sent()).toHaveLength(1);
		expect(sandbox.requests().map((request) => request.faulted)).toEqual(['http5xx', undefined]);
	});

	test('throttle answers with the vendor throttling reply and sends nothing', async () => {
		sandbox.injectFault('chuanglan', { kind: 'throttle' });
		sandbox.injectFault('yunpian', { kind: 'throttle' });

		const chuanglan = await chuanglanSend();
		const yunpian = await axios.post(`${sandbox.urls.yunpian}/v2/sms/single_send.json`, 'apikey=x', {
			validateStatus: () => true,
		});

		expect([chuanglan.status, chuanglan.data.code]).toEqual([200, '103']);
		expect([yunpian.status, yunpian.data.code]).toEqual([400, -5]);
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('hang never answers: the client times out and the sandbox saw the request once', async () => {
		sandbox.injectFault('chuanglan', { kind: 'hang' });

		const code = await transportFailure(chuanglanSend(sandbox, '13800138000', { timeout: 200 }));

		expect(code).toBe('ECONNABORTED');
		expect(sandbox.requests('chuanglan')).toEqual([expect.objectContaining({ faulted: 'hang' })]);
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('reset destroys the connection and sends nothing', async () => {
		sandbox.injectFault('chuanglan', { kind: 'reset' });

		const code = await transportFailure(chuanglanSend());

		expect(code).toBe('ECONNRESET');
		expect(sandbox.sent()).toHaveLength(0);
	});

	test('a fault for one api leaves the others alone', async () => {
		sandbox.injectFault('chuanglan', { kind: 'http5xx', api: '/msg/v1/send/json', times: 2 });

		const statuses = [];
		for (const call of [balance, chuanglanSend, chuanglanSend, chuanglanSend]) statuses.push((await call()).status);

		expect(statuses).toEqual([200, 503, 503, 200]);
	});
});

describe('faults after processing', () => {
	test('malformed answers 200 with a broken body, but the message was accepted', async () => {
		sandbox.injectFault('chuanglan', { kind: 'malformed' });

		const response = await chuanglanSend(sandbox, '13800138000', {
			responseType: 'text',
			transformResponse: (body: string) => body,
		});

		expect(response.status).toBe(200);
		expect(() => JSON.parse(response.data)).toThrow();
		expect(sandbox.sent()).toHaveLength(1);
	});

	test('acceptThenDrop records the message, then drops the connection', async () => {
		sandbox.injectFault('chuanglan', { kind: 'acceptThenDrop' });

		const code = await transportFailure(chuanglanSend());

		expect(code).toBe('ECONNRESET');
		expect(sandbox.sent('chuanglan')).toEqual([expect.objectContaining({ phone: '13800138000' })]);
	});
});

describe('probability faults', () => {
	async function faultPattern(seed: number): Promise<boolean[]> {
		const seeded = await startSandbox({ seed });
		try {
			seeded.injectFault('chuanglan', { kind: 'http5xx', probability: 0.5 });
			for (let call = 0; call < 20; call += 1) await balance(seeded);
			return seeded.requests().map((request) => request.faulted === 'http5xx');
		} finally {
			await seeded.close();
		}
	}

	test('the same seed faults the same requests', async () => {
		const first = await faultPattern(42);
		const second = await faultPattern(42);

		expect(second).toEqual(first);
		expect(first).toContain(true);
		expect(first).toContain(false);
	});
});

describe('close', () => {
	test('resolves quickly while a request hangs', async () => {
		const closing = await startSandbox();
		closing.injectFault('chuanglan', { kind: 'hang' });
		const hanging = transportFailure(chuanglanSend(closing));
		await new Promise((resolve) => setTimeout(resolve, 50));

		const started = Date.now();
		await closing.close();

		expect(Date.now() - started).toBeLessThan(500);
		expect(await hanging).toBe('ECONNRESET');
	});
});
