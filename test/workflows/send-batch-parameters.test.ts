import {
	campaignSandbox,
	expectedText,
	runSmsCampaign,
	sendRequests,
	VENDORS,
	type VendorCase,
} from '../helpers/sms-campaign';

const sandbox = campaignSandbox();

describe('Send Batch parameters', () => {
	const [vendor] = VENDORS.filter((candidate) => candidate.provider === 'yunpian');

	it('evaluates a phone expression that is more than a field reference through n8n', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ contact: { mobile: ' 13900000001 ' }, name: 'A', code: '1' }],
			parameters: { phone: '={{ $json.contact.mobile.trim() }}' },
		});

		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', phone: '+8613900000001' });
	});

	it('reads a nested field reference straight from the item', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ contact: { mobile: '13900000001' }, name: 'A', code: '1' }],
			parameters: { phone: '={{ $json.contact.mobile }}' },
		});

		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', phone: '+8613900000001' });
	});

	it('fills variables defined below, with expressions', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '13900000001', first: 'Li', last: 'Lei', otp: 4321 }],
			parameters: {
				variablesMode: 'fields',
				templateVariables: {
					variable: [
						{ name: 'name', value: '={{ $json.first + " " + $json.last }}' },
						{ name: 'code', value: '={{ $json.otp }}' },
					],
				},
			},
		});

		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', content: expectedText('Li Lei', '4321') });
	});

	it('fills variables from a JSON object', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '13900000001', vars: { name: 'Li', code: 77 } }],
			parameters: { variablesMode: 'json', variablesJson: '={{ $json.vars }}' },
		});

		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', content: expectedText('Li', '77') });
	});

	it('uses the out id the item gives', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '13900000001', name: 'A', code: '1', order: 'order-7' }],
			parameters: { outId: '={{ $json.order }}' },
		});

		expect(outputs[0][0].json.outId).toBe('order-7');
	});
});

describe('Send Batch through chuanglan with positional placeholders', () => {
	const [vendor] = VENDORS.filter((candidate) => candidate.provider === 'chuanglan');

	it('fills {$var} slots in the order of the variables defined below', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '13900000001', who: 'Li', otp: '55' }],
			parameters: {
				templateContent: '您好{$var}，验证码{$var}',
				variablesMode: 'fields',
				templateVariables: {
					variable: [
						{ name: 'who', value: '={{ $json.who }}' },
						{ name: 'otp', value: '={{ $json.otp }}' },
					],
				},
			},
		});

		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', content: expectedText('Li', '55') });
		expect(sandbox().sent('chuanglan')[0].text).toBe(expectedText('Li', '55'));
	});

	it('appends the opt-out sentence to text-based sends when asked', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '13900000001', name: 'Li', code: '1' }],
			options: { appendOptOut: true },
		});

		expect(outputs[0][0].json.content).toBe(`${expectedText('Li', '1')}拒收请回复R`);
		expect(sandbox().sent('chuanglan')[0].text).toBe(`${expectedText('Li', '1')}拒收请回复R`);
	});
});

describe('Send Batch through tencent with numbered placeholders', () => {
	const [vendor] = VENDORS.filter((candidate) => candidate.provider === 'tencent');

	const entries = (...variable: Array<{ name: string; value: string }>) => ({ templateVariables: { variable } });

	it.each([
		[
			'the entries named 2 and 1, whatever their order',
			entries({ name: '2', value: '={{ $json.otp }}' }, { name: '1', value: '={{ $json.who }}' }),
		],
		[
			'the entry named 2, and for the slot no entry is named after, the entry named otherwise',
			entries({ name: '2', value: '={{ $json.otp }}' }, { name: 'who', value: '={{ $json.who }}' }),
		],
		[
			'Variables (JSON) by number first, whatever order the keys are written in',
			{ variablesMode: 'json', variablesJson: '={{ JSON.stringify({ who: $json.who, 2: $json.otp }) }}' },
		],
	])('fills {1} and {2} from %s', async (_how, parameters) => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '13900000001', who: 'Li', otp: '55' }],
			parameters,
		});

		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', content: expectedText('Li', '55') });
		expect(sandbox().sent('tencent')[0].variables).toEqual(['Li', '55']);
	});

	it('leaves a numbered slot that no entry fills missing, sending nothing to that recipient', async () => {
		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '13900000001', otp: '55' }],
			parameters: entries({ name: '2', value: '={{ $json.otp }}' }),
			onError: 'continueRegularOutput',
		});

		expect(outputs[0][0].json).toMatchObject({
			status: 'rejected',
			error: { code: 'MISSING_VARIABLE', message: 'Template variable "1" has no value' },
		});
		expect(sandbox().sent('tencent')).toEqual([]);
	});
});

describe.each(VENDORS.filter((vendor) => vendor.templateId))(
	'Send Batch through $provider with a template under review',
	(vendor: VendorCase) => {
		beforeEach(() => vendor.define(sandbox(), 'pending'));
		const items = [{ phone: '13900000001', name: 'A', code: '1' }];

		it('fails before sending anything', async () => {
			const { error } = await runSmsCampaign(sandbox(), { vendor, operation: 'sendBatch', items });

			expect(error?.message).toMatch(/^Template .+ is pending.* \[TEMPLATE_NOT_APPROVED\]$/);
			expect(error?.description).toBe('Nothing was sent. Check the template and the credential, then run again.');
			expect(sendRequests(sandbox(), vendor)).toHaveLength(0);
		});

		it('rejects every recipient with the reason under Continue On Fail', async () => {
			const { outputs } = await runSmsCampaign(sandbox(), {
				vendor,
				operation: 'sendBatch',
				items,
				onError: 'continueRegularOutput',
			});

			expect(outputs[0][0].json).toMatchObject({
				status: 'rejected',
				phone: '+8613900000001',
				error: { code: 'TEMPLATE_NOT_APPROVED', retryable: true },
			});
			expect(sendRequests(sandbox(), vendor)).toHaveLength(0);
		});
	},
);
