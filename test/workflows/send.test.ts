import {
	campaignSandbox,
	expectedText,
	jsonOf,
	runSmsCampaign,
	sendRequests,
	sentMessages,
	VENDORS,
	type CampaignRun,
	type VendorCase,
} from '../helpers/sms-campaign';

const sandbox = campaignSandbox();

describe.each(VENDORS)('Send through $provider', (vendor: VendorCase) => {
	const send = (run: Omit<CampaignRun, 'vendor' | 'operation'>) =>
		runSmsCampaign(sandbox(), { vendor, operation: 'send', ...run });

	it("makes one vendor call per input item, each with the item's variables", async () => {
		const { outputs, error } = await send({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: '13900000002', name: 'B', code: '2' },
				{ phone: '13900000003', name: 'C', code: '3' },
			],
		});

		expect(error).toBeUndefined();
		expect(sendRequests(sandbox(), vendor)).toHaveLength(3);
		expect(jsonOf(outputs[0])).toEqual([
			expect.objectContaining({ status: 'accepted', phone: '+8613900000001', content: expectedText('A', '1') }),
			expect.objectContaining({ status: 'accepted', phone: '+8613900000002', content: expectedText('B', '2') }),
			expect.objectContaining({ status: 'accepted', phone: '+8613900000003', content: expectedText('C', '3') }),
		]);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('sends the comma-separated numbers of one item in one call, sharing its variables', async () => {
		const { outputs } = await send({
			items: [{ phone: '13900000001, +86 139 0000 0002', name: 'A', code: '1' }],
		});

		expect(sendRequests(sandbox(), vendor)).toHaveLength(1);
		expect(outputs[0]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ phone: '+8613900000001', status: 'accepted' }),
				pairedItem: { item: 0 },
			}),
			expect.objectContaining({
				json: expect.objectContaining({ phone: '+8613900000002', status: 'accepted' }),
				pairedItem: { item: 0 },
			}),
		]);
		expect(sentMessages(sandbox(), vendor).map((message) => message.text)).toEqual([
			expectedText('A', '1'),
			expectedText('A', '1'),
		]);
	});

	it('sends a repeated number again unless dedupe is on', async () => {
		const items = [
			{ phone: '13900000001', name: 'A', code: '1' },
			{ phone: '13900000001', name: 'A', code: '2' },
		];

		await send({ items });
		expect(sentMessages(sandbox(), vendor)).toHaveLength(2);

		sandbox().reset();
		vendor.define(sandbox());
		const { outputs } = await send({ items, options: { dedupe: true } });
		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['accepted', 'skipped']);
		expect(sentMessages(sandbox(), vendor)).toHaveLength(1);
	});

	it('reports an item whose call hangs as unknown and sends the other items', async () => {
		sandbox().injectFault(vendor.provider, { kind: 'hang', api: vendor.itemApi });

		const { outputs } = await send({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: '13900000002', name: 'B', code: '2' },
			],
			options: { timeout: 300, concurrency: 1 },
		});

		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['unknown', 'accepted']);
		expect(sendRequests(sandbox(), vendor)).toHaveLength(2);
		expect(sentMessages(sandbox(), vendor).map((message) => message.phone)).toEqual(['13900000002']);
	});

	it('fails without Continue On Fail on a vendor rejection, naming the item and the vendor code', async () => {
		const { error } = await send({
			items: [{ phone: '13900000001', name: 'A', code: '1' }],
			parameters: { signName: 'UnknownSignature' },
		});

		expect(error?.message).toMatch(/^Item 0 \(\+8613900000001\): .+ \[.+\]$/);
		expect(error?.description).toContain('nothing was sent');
	});

	it('routes the rejected recipients of an item to the error output and the accepted ones to the main output', async () => {
		const { outputs } = await send({
			items: [{ phone: '13900000001,bad', name: 'A', code: '1' }],
			onError: 'continueErrorOutput',
		});

		expect(jsonOf(outputs[0])).toEqual([expect.objectContaining({ phone: '+8613900000001', status: 'accepted' })]);
		expect(outputs[1]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					phone: 'bad',
					status: 'rejected',
					error: expect.objectContaining({ code: 'INVALID_PHONE' }),
				}),
				pairedItem: { item: 0 },
			}),
		]);
	});
});
