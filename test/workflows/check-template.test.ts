/**
 * Check Template through n8n-core against the sandbox: the vendor's review state for each vendor, the
 * local check where the vendor has no template query, and each item's missing variables.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { ProviderName } from '../../nodes/providers';
import { runWorkflow, type OnError } from '../helpers/n8n';
import { jsonOf } from '../helpers/sms-campaign';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

async function checkTemplate(
	provider: ProviderName,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	onError?: OnError,
) {
	return await runWorkflow({
		items,
		node: { parameters: { provider, operation: 'checkTemplate', ...parameters }, onError },
		credentials: { ...sandbox.credentials },
	});
}

async function checkedJson(provider: ProviderName, parameters: INodeParameters, items?: IDataObject[]) {
	const { outputs, error } = await checkTemplate(provider, parameters, items);
	expect(error).toBeUndefined();
	return jsonOf(outputs[0]);
}

describe('Aliyun', () => {
	test('an approved template gives its text and ${var} names', async () => {
		sandbox.defineTemplate('aliyun', { id: 'SMS_200001', content: '您的验证码是${code}，${minutes}分钟内有效' });

		const [result] = await checkedJson('aliyun', { templateId: 'SMS_200001' }, [{ code: '1234', minutes: '5' }]);

		expect(result).toEqual({
			provider: 'aliyun',
			templateId: 'SMS_200001',
			status: 'approved',
			reason: '',
			content: '您的验证码是${code}，${minutes}分钟内有效',
			variables: ['code', 'minutes'],
			missingVariables: [],
			checkedLocally: false,
		});
	});

	test("a rejected template comes with the reviewer's reason", async () => {
		sandbox.defineTemplate('aliyun', {
			id: 'SMS_200002',
			content: '点击领取${prize}',
			status: 'rejected',
			reason: '模板内容含有营销链接',
		});

		const [result] = await checkedJson('aliyun', { templateId: 'SMS_200002' });

		expect(result).toMatchObject({ status: 'rejected', reason: '模板内容含有营销链接' });
	});

	test.each(['pending', 'cancelled'] as const)('a %s template says so', async (status) => {
		sandbox.defineTemplate('aliyun', { id: 'SMS_200003', content: '您好${name}', status });

		const [result] = await checkedJson('aliyun', { templateId: 'SMS_200003' });

		expect(result.status).toBe(status);
	});

	test("an unknown template fails the item with the vendor's code", async () => {
		const { error } = await checkTemplate('aliyun', { templateId: 'SMS_404' });

		expect(error?.message).toMatch(/^Could not check template SMS_404: .+\[isv\.SMS_TEMPLATE_ILLEGAL\]$/);
	});
});

describe('Yunpian', () => {
	test('an approved template gives its #var# names', async () => {
		sandbox.defineTemplate('yunpian', { id: '2001', content: '您的验证码是#code#，#minutes#分钟内有效' });

		const [result] = await checkedJson('yunpian', { templateId: '2001' }, [{ code: '1234' }]);

		expect(result).toMatchObject({
			provider: 'yunpian',
			templateId: '2001',
			status: 'approved',
			variables: ['code', 'minutes'],
			missingVariables: ['minutes'],
			checkedLocally: false,
		});
	});

	test("a rejected template comes with the reviewer's reason", async () => {
		sandbox.defineTemplate('yunpian', {
			id: '2002',
			content: '点击领取#prize#',
			status: 'rejected',
			reason: '含有营销链接',
		});

		const [result] = await checkedJson('yunpian', { templateId: '2002' });

		expect(result).toMatchObject({ status: 'rejected', reason: '含有营销链接' });
	});

	test('a template under review is pending', async () => {
		sandbox.defineTemplate('yunpian', { id: '2003', content: '您好#name#', status: 'pending' });

		const [result] = await checkedJson('yunpian', { templateId: '2003' });

		expect(result.status).toBe('pending');
	});
});

describe('Tencent', () => {
	test('an approved template gives its numbered variables, filled from the entries named 1 and 2', async () => {
		sandbox.defineTemplate('tencent', { id: '300001', content: '您的验证码是{1}，{2}分钟内有效' });

		const [result] = await checkedJson(
			'tencent',
			{
				templateId: '300001',
				variablesMode: 'fields',
				templateVariables: { variable: [{ name: '1', value: '={{ $json.code }}' }] },
			},
			[{ code: '1234' }],
		);

		expect(result).toMatchObject({
			provider: 'tencent',
			templateId: '300001',
			status: 'approved',
			content: '您的验证码是{1}，{2}分钟内有效',
			variables: ['1', '2'],
			missingVariables: ['2'],
			checkedLocally: false,
		});
	});

	test("a rejected template comes with the reviewer's reply", async () => {
		sandbox.defineTemplate('tencent', {
			id: '300002',
			content: '点击领取{1}',
			status: 'rejected',
			reason: '含有营销链接',
		});

		const [result] = await checkedJson('tencent', { templateId: '300002' });

		expect(result).toMatchObject({ status: 'rejected', reason: '含有营销链接' });
	});
});

describe('Chuanglan', () => {
	test('has no template query, so the text is checked locally and not marked approved', async () => {
		const [result] = await checkedJson('chuanglan', { templateContent: '您好{$name}，验证码{$code}' }, [
			{ name: '李雷', code: '1234' },
		]);

		expect(result).toMatchObject({
			provider: 'chuanglan',
			status: 'notChecked',
			variables: ['name', 'code'],
			missingVariables: [],
			checkedLocally: true,
		});
		expect(sandbox.requests('chuanglan')).toHaveLength(0);
	});

	test('a local rule that fails rejects the template and names the rule', async () => {
		const [result] = await checkedJson('chuanglan', {
			templateContent: '双十一全场五折',
			options: { requireOptOut: true },
		});

		expect(result.status).toBe('rejected');
		expect(result.reason).toContain('拒收请回复R');
		expect(result.checkedLocally).toBe(true);
	});

	test('positional {$var} slots are filled in the order of the variables defined below', async () => {
		const [result] = await checkedJson(
			'chuanglan',
			{
				templateContent: '您好{$var}，验证码{$var}',
				variablesMode: 'fields',
				templateVariables: { variable: [{ name: 'name', value: '={{ $json.name }}' }] },
			},
			[{ name: '李雷' }],
		);

		expect(result.variables).toEqual(['var1', 'var2']);
		expect(result.missingVariables).toEqual(['var2']);
	});
});

describe('missing variables', () => {
	beforeEach(() => {
		sandbox.defineTemplate('aliyun', { id: 'SMS_300001', content: '您好${name}，验证码${code}' });
	});

	test('Map Automatically lists, per item, the placeholders without a field of that name', async () => {
		const results = await checkedJson('aliyun', { templateId: 'SMS_300001' }, [
			{ name: '李雷', code: '1234' },
			{ name: '韩梅梅' },
			{ name: '', code: null },
		]);

		expect(results.map((result) => result.missingVariables)).toEqual([[], ['code'], ['name', 'code']]);
	});

	test('Define Below lists the placeholders whose value is empty or not defined', async () => {
		const results = await checkedJson(
			'aliyun',
			{
				templateId: 'SMS_300001',
				variablesMode: 'fields',
				templateVariables: { variable: [{ name: 'name', value: '={{ $json.customer }}' }] },
			},
			[{ customer: '李雷' }, {}],
		);

		expect(results.map((result) => result.missingVariables)).toEqual([['code'], ['name', 'code']]);
	});

	test('JSON lists the placeholders the object has no value for', async () => {
		const results = await checkedJson(
			'aliyun',
			{ templateId: 'SMS_300001', variablesMode: 'json', variablesJson: '={{ $json.vars }}' },
			[{ vars: { name: '李雷', code: '1' } }, { vars: { code: '2' } }],
		);

		expect(results.map((result) => result.missingVariables)).toEqual([[], ['name']]);
	});

	test('every output item is paired with its input item', async () => {
		const { outputs } = await checkTemplate('aliyun', { templateId: 'SMS_300001' }, [{}, {}, {}]);

		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('template lookups', () => {
	beforeEach(() => {
		sandbox.defineTemplate('aliyun', { id: 'SMS_400001', content: '您好${name}' });
		sandbox.defineTemplate('aliyun', { id: 'SMS_400002', content: '验证码${code}' });
	});

	test('happen once per distinct template per execution, not once per item', async () => {
		const items = Array.from({ length: 50 }, (_, index) => ({ template: index % 2 ? 'SMS_400001' : 'SMS_400002' }));

		const results = await checkedJson('aliyun', { templateId: '={{ $json.template }}' }, items);

		expect(results).toHaveLength(50);
		expect(results[1]).toMatchObject({ templateId: 'SMS_400001', variables: ['name'] });
		expect(results[2]).toMatchObject({ templateId: 'SMS_400002', variables: ['code'] });
		expect(sandbox.requests('aliyun', 'GetSmsTemplate')).toHaveLength(2);
	});

	test('a failed lookup fails only the items using that template when failures continue', async () => {
		const { outputs } = await checkTemplate(
			'aliyun',
			{ templateId: '={{ $json.template }}' },
			[{ template: 'SMS_404' }, { template: 'SMS_400001' }, { template: 'SMS_404' }],
			'continueRegularOutput',
		);

		const results = jsonOf(outputs[0]);
		expect(results[0]).toMatchObject({
			templateId: 'SMS_404',
			status: 'notChecked',
			error: { code: 'isv.SMS_TEMPLATE_ILLEGAL' },
		});
		expect(results[1].status).toBe('approved');
		expect(results[2]).toMatchObject({
			templateId: 'SMS_404',
			status: 'notChecked',
			error: { code: 'isv.SMS_TEMPLATE_ILLEGAL' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sandbox.requests('aliyun', 'GetSmsTemplate')).toHaveLength(2);
	});
});
