/**
 * The template and signature pickers: SMS Campaign's listSearch methods called through n8n-core's
 * load-options context against the sandbox, as n8n's server calls them when the editor opens a list;
 * and saved workflows that name the template as a plain string or as a resource locator sending alike.
 */
import type { INodeParameters } from 'n8n-workflow';

import { clearTemplateCache } from '../../nodes/campaign/templateCache';
import { vendorNamed, type ProviderName } from '../../nodes/providers';
import { runWorkflow, searchList, type TestCredentials } from '../helpers/n8n';
import { jsonOf } from '../helpers/sms-campaign';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;

/** 55 plain notices, then the templates the specs look for: Aliyun lists 50 a page, so these are on page 2. */
const NOTICES = 55;

beforeAll(async () => {
	sandbox = await startSandbox();
	for (let notice = 1; notice <= NOTICES; notice++) {
		sandbox.defineTemplate('aliyun', {
			id: `SMS_3${String(notice).padStart(5, '0')}`,
			name: `Notice ${notice}`,
			content: `您好\${name}，这是第${notice}号通知`,
		});
	}
	sandbox.defineTemplate('aliyun', {
		id: 'SMS_310001',
		name: 'Order shipped',
		content: 'Your order ${order} has shipped',
	});
	sandbox.defineTemplate('aliyun', {
		id: 'SMS_310002',
		name: 'Delivery delay',
		content: 'Your parcel ${order} is late',
		status: 'pending',
	});
	sandbox.defineTemplate('aliyun', {
		id: 'SMS_310003',
		name: 'Lucky draw',
		content: '恭喜${name}中奖',
		status: 'rejected',
		reason: '模板内容含有营销链接',
	});
	sandbox.defineSignature('aliyun', 'Shop Online');
	sandbox.defineTemplate('yunpian', { id: '2001', content: '#name#您好，验证码#code#' });
	sandbox.defineTemplate('yunpian', { id: '2002', content: '您的订单#order#已发货', status: 'pending' });
	sandbox.defineTemplate('yunpian', {
		id: '2003',
		content: '恭喜#name#中奖',
		status: 'rejected',
		reason: '模板内容不符合规范',
	});
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	clearTemplateCache();
});

async function search(
	provider: ProviderName,
	method: 'searchTemplates' | 'searchSignatures',
	options: { filter?: string; paginationToken?: string; credentials?: TestCredentials; timeout?: number } = {},
) {
	return await searchList({
		parameters: { provider, operation: 'sendBatch', options: options.timeout ? { timeout: options.timeout } : {} },
		credentials: options.credentials ?? { ...sandbox.credentials },
		method,
		filter: options.filter,
		paginationToken: options.paginationToken,
	});
}

const valuesOf = (result: { results: Array<{ value: string | number | boolean }> }) =>
	result.results.map((entry) => entry.value);

describe('Aliyun template picker', () => {
	test('lists one Aliyun page of 50 templates and a token for the next, which reads the rest', async () => {
		const first = await search('aliyun', 'searchTemplates');
		const second = await search('aliyun', 'searchTemplates', { paginationToken: first.paginationToken });

		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		expect(second.results).toHaveLength(NOTICES + 3 - 50);
		expect(second.paginationToken).toBeUndefined();
		expect(new Set([...valuesOf(first), ...valuesOf(second)]).size).toBe(NOTICES + 3);
		expect(sandbox.requests('aliyun', 'QuerySmsTemplateList')).toHaveLength(2);
	});

	test('shows name, code and text; pending and rejected templates are marked, a rejection with its reason', async () => {
		const { results } = await search('aliyun', 'searchTemplates', { filter: 'SMS_3100' });

		expect(results).toEqual([
			{
				name: 'Order shipped (SMS_310001) — Your order ${order} has shipped',
				value: 'SMS_310001',
				description: 'Your order ${order} has shipped',
			},
			{
				name: '[Pending review] Delivery delay (SMS_310002) — Your parcel ${order} is late',
				value: 'SMS_310002',
				description: 'Your parcel ${order} is late',
			},
			{
				name: '[Rejected] Lucky draw (SMS_310003) — 恭喜${name}中奖 · 模板内容含有营销链接',
				value: 'SMS_310003',
				description: '恭喜${name}中奖 · 模板内容含有营销链接',
			},
		]);
	});

	test.each([
		['its name', 'order SHIPPED', ['SMS_310001']],
		['its code', 'sms_310003', ['SMS_310003']],
		['its text', 'PARCEL', ['SMS_310002']],
	])('finds a template by %s, ignoring case, on whatever page it is', async (_what, filter, expected) => {
		const result = await search('aliyun', 'searchTemplates', { filter });

		expect(valuesOf(result)).toEqual(expected);
		expect(result.paginationToken).toBeUndefined();
	});

	test('a search that matches nothing lists nothing', async () => {
		const result = await search('aliyun', 'searchTemplates', { filter: 'no such template' });

		expect(result).toEqual({ results: [], paginationToken: undefined });
	});

	test('a wrong AccessKey Secret fails the list with the words of the credential test, and no secret', async () => {
		const credentials = { aliyunSmsApi: { ...sandbox.credentials.aliyunSmsApi, accessKeySecret: 'wrong-secret-123' } };
		const check = await vendorNamed('aliyun').create(credentials.aliyunSmsApi).testCredentials();

		const listing = search('aliyun', 'searchTemplates', { credentials });

		expect(check.ok).toBe(false);
		await expect(listing).rejects.toThrow(`Could not list the templates: ${check.message}`);
		await expect(listing).rejects.not.toThrow('wrong-secret-123');
	});
	test('a list the vendor never answers fails after the Timeout option, naming the timeout', async () => {
		sandbox.injectFault('aliyun', { kind: 'hang', api: 'QuerySmsTemplateList' });
		const started = Date.now();

		const listing = search('aliyun', 'searchTemplates', { timeout: 300 });

		await expect(listing).rejects.toThrow(/^Could not list the templates: .+\[TIMEOUT\]$/);
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

describe('Aliyun signature picker', () => {
	test("lists the account's signatures with their scenario", async () => {
		const { results, paginationToken } = await search('aliyun', 'searchSignatures');

		expect(results).toEqual([
			{ name: '沙箱测试 — 通用', value: '沙箱测试', description: '通用' },
			{ name: 'Shop Online — 通用', value: 'Shop Online', description: '通用' },
		]);
		expect(paginationToken).toBeUndefined();
		expect(sandbox.requests('aliyun', 'QuerySmsSignList')).toHaveLength(1);
	});

	test('finds a signature by its name, ignoring case', async () => {
		const result = await search('aliyun', 'searchSignatures', { filter: 'shop' });

		expect(valuesOf(result)).toEqual(['Shop Online']);
	});
});

describe('Yunpian template picker', () => {
	test('lists every template of the account at once, with its signed text and review state', async () => {
		const { results, paginationToken } = await search('yunpian', 'searchTemplates');

		expect(results.map((entry) => entry.name)).toEqual([
			'2001 — 【沙箱测试】#name#您好，验证码#code#',
			'[Pending review] 2002 — 【沙箱测试】您的订单#order#已发货',
			'[Rejected] 2003 — 【沙箱测试】恭喜#name#中奖 · 模板内容不符合规范',
		]);
		expect(paginationToken).toBeUndefined();
	});

	test('finds a template by its text', async () => {
		const result = await search('yunpian', 'searchTemplates', { filter: '订单' });

		expect(valuesOf(result)).toEqual(['2002']);
	});

	test('a wrong API key fails the list with the words of the credential test, and no key', async () => {
		const credentials = {
			yunpianApi: { ...sandbox.credentials.yunpianApi, apiKey: 'wrong0apikey0000000000000000001' },
		};
		const check = await vendorNamed('yunpian').create(credentials.yunpianApi).testCredentials();

		const listing = search('yunpian', 'searchTemplates', { credentials });

		expect(check.ok).toBe(false);
		await expect(listing).rejects.toThrow(`Could not list the templates: ${check.message}`);
		await expect(listing).rejects.not.toThrow('wrong0apikey');
	});
});

describe('Tencent pickers', () => {
	test('list domestic templates with their review state, then international ones on the next page', async () => {
		sandbox.defineTemplate('tencent', { id: '300001', name: '发货通知', content: '您的订单{1}已发货' });
		sandbox.defineTemplate('tencent', {
			id: '300002',
			name: '中奖通知',
			content: '恭喜{1}中奖',
			status: 'rejected',
			reason: '模板内容含有营销链接',
		});

		const domestic = await search('tencent', 'searchTemplates', { filter: '通知' });

		expect(domestic.results.map((entry) => entry.name)).toEqual([
			'发货通知 (300001) — 您的订单{1}已发货',
			'[Rejected] 中奖通知 (300002) — 恭喜{1}中奖 · 模板内容含有营销链接',
		]);
		expect(sandbox.requests('tencent', 'DescribeSmsTemplateList').length).toBeGreaterThanOrEqual(1);
	});

	test("list the account's signatures", async () => {
		const result = await search('tencent', 'searchSignatures');

		expect(valuesOf(result)).toContain('沙箱测试');
	});

	test('a wrong SecretKey fails the list with the words of the credential test, and no key', async () => {
		const credentials = {
			tencentCloudSmsApi: { ...sandbox.credentials.tencentCloudSmsApi, secretKey: 'wrong-tencent-secret-key' },
		};
		const check = await vendorNamed('tencent').create(credentials.tencentCloudSmsApi).testCredentials();

		const listing = search('tencent', 'searchTemplates', { credentials });

		expect(check.ok).toBe(false);
		await expect(listing).rejects.toThrow(`Could not list the templates: ${check.message}`);
		await expect(listing).rejects.not.toThrow('wrong-tencent-secret-key');
	});
});

test('Chuanglan, which has no template API, has no list to pick from', async () => {
	await expect(search('chuanglan', 'searchTemplates')).rejects.toThrow('This provider has no list of templates');
});

describe('Saved workflows', () => {
	const items = [
		{ phone: '13900000001', order: 'A-1' },
		{ phone: '13900000002', order: 'B-2' },
	];

	async function sentWith(template: INodeParameters): Promise<Array<[string, string]>> {
		sandbox.reset();
		clearTemplateCache();
		const { error } = await runWorkflow({
			items,
			node: { parameters: { provider: 'aliyun', operation: 'sendBatch', phone: '={{ $json.phone }}', ...template } },
			credentials: { aliyunSmsApi: sandbox.credentials.aliyunSmsApi },
		});
		expect(error).toBeUndefined();
		return sandbox.sent('aliyun').map((message) => [message.phone, message.text]);
	}

	test('a template saved as a plain string and one picked from the list send the same messages', async () => {
		const plain = await sentWith({ templateId: 'SMS_310001' });
		const picked = await sentWith({
			templateId: { __rl: true, mode: 'list', value: 'SMS_310001', cachedResultName: 'Order shipped' },
		});

		expect(plain).toEqual([
			['13900000001', '【沙箱测试】Your order A-1 has shipped'],
			['13900000002', '【沙箱测试】Your order B-2 has shipped'],
		]);
		expect(picked).toEqual(plain);
	});

	test('a template given by ID as an expression, and a picked signature, send as their plain strings do', async () => {
		const plain = await sentWith({ templateId: '={{ "SMS_" + "310001" }}', signName: 'Shop Online' });
		const located = await sentWith({
			templateId: { __rl: true, mode: 'id', value: '={{ "SMS_" + "310001" }}' },
			signName: { __rl: true, mode: 'list', value: 'Shop Online' },
		});

		expect(plain[0]).toEqual(['13900000001', '【Shop Online】Your order A-1 has shipped']);
		expect(located).toEqual(plain);
	});

	test("Check Template reads each item's template from a resource locator's expression", async () => {
		const { outputs, error } = await runWorkflow({
			items: [{ template: 'SMS_310001' }, { template: 'SMS_310002' }],
			node: {
				parameters: {
					provider: 'aliyun',
					operation: 'checkTemplate',
					templateId: { __rl: true, mode: 'id', value: '={{ $json.template }}' },
				},
			},
			credentials: { aliyunSmsApi: sandbox.credentials.aliyunSmsApi },
		});

		expect(error).toBeUndefined();
		expect(jsonOf(outputs[0]).map(({ templateId, status }) => [templateId, status])).toEqual([
			['SMS_310001', 'approved'],
			['SMS_310002', 'pending'],
		]);
	});
});
