import {
	campaignSandbox,
	expectedText,
	callsFor,
	jsonOf,
	oneCallItems,
	mainlandNumber,
	quietHoursAroundNow,
	runSmsCampaign,
	sendRequests,
	sentMessages,
	VENDORS,
	type CampaignRun,
	type VendorCase,
} from '../helpers/sms-campaign';
import { runWorkflow } from '../helpers/n8n';

const sandbox = campaignSandbox();

describe.each(VENDORS)('Send Batch through $provider', (vendor: VendorCase) => {
	const sendBatch = (run: Omit<CampaignRun, 'vendor' | 'operation'>) =>
		runSmsCampaign(sandbox(), { vendor, operation: 'sendBatch', ...run });

	it('sends 2,500 recipients with their own variables in the fewest vendor calls', async () => {
		const items = Array.from({ length: 2500 }, (_, index) => ({
			phone: mainlandNumber(index),
			name: `用户${index}`,
			code: String(100000 + index),
		}));

		// Unpaced: a vendor that takes one set of values per call makes 2,500 calls.
		const { outputs, error } = await sendBatch({ items, options: { maxRequestsPerSecond: 0 } });

		expect(error).toBeUndefined();
		expect(sendRequests(sandbox(), vendor)).toHaveLength(callsFor(vendor, 2500));
		const sentTexts = new Map(sentMessages(sandbox(), vendor).map((message) => [message.phone, message.text]));
		expect(sentTexts.size).toBe(2500);
		expect(sentTexts.get(mainlandNumber(1234))).toBe(expectedText('用户1234', '101234'));
		expect(outputs[0]).toHaveLength(2500);
		expect(outputs[0][1234]).toMatchObject({
			json: {
				provider: vendor.provider,
				phone: `+86${mainlandNumber(1234)}`,
				status: 'accepted',
				parts: 1,
				content: expectedText('用户1234', '101234'),
				error: null,
			},
			pairedItem: { item: 1234 },
		});
		expect(jsonOf(outputs[0]).every((json) => json.status === 'accepted' && json.messageId && json.outId)).toBe(true);
	});

	it('rejects invalid and empty numbers, naming the item and the value, and sends the others', async () => {
		const { outputs } = await sendBatch({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: '12345', name: 'B', code: '2' },
				{ phone: '', name: 'C', code: '3' },
				{ phone: '+86 139 0000 0004', name: 'D', code: '4' },
			],
			onError: 'continueRegularOutput',
		});

		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['accepted', 'rejected', 'rejected', 'accepted']);
		expect(outputs[0][1].json).toMatchObject({
			phone: '12345',
			error: { code: 'INVALID_PHONE', message: '"12345" is not a valid phone number', retryable: false },
		});
		expect(outputs[0][2].json.error).toMatchObject({ code: 'INVALID_PHONE', message: 'The phone number is empty' });
		expect(
			sentMessages(sandbox(), vendor)
				.map((message) => message.phone)
				.sort(),
		).toEqual(['13900000001', '13900000004']);
	});

	it('rejects a recipient whose variable is missing before any call, naming the variable', async () => {
		const { outputs } = await sendBatch({
			items: [
				{ phone: '13900000001', name: 'A' },
				{ phone: '13900000002', name: 'B', code: '2' },
			],
			onError: 'continueRegularOutput',
		});

		expect(outputs[0][0].json).toMatchObject({
			status: 'rejected',
			error: { code: 'MISSING_VARIABLE', message: `Template variable "${vendor.variableName.code}" has no value` },
		});
		expect(sentMessages(sandbox(), vendor).map((message) => message.phone)).toEqual(['13900000002']);
	});

	it('delivers values with commas, semicolons, quotes and emoji exactly as given', async () => {
		const awkward = [
			{ phone: '13900000001', name: 'Li, Lei 😀', code: '12,34;56' },
			{ phone: '13900000002', name: '王"小"明 #1 & 2%', code: '{$var}' },
			{ phone: '13900000003', name: 'Plain', code: '789' },
		];

		const { outputs } = await sendBatch({ items: awkward });

		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		const sentTexts = new Map(sentMessages(sandbox(), vendor).map((message) => [message.phone, message.text]));
		for (const item of awkward) expect(sentTexts.get(item.phone)).toBe(expectedText(item.name, item.code));
	});

	it('sends a repeated number once and points the repeat at the first item', async () => {
		const { outputs } = await sendBatch({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: '+8613900000001', name: 'A', code: '1' },
			],
		});

		expect(outputs[0][1].json).toMatchObject({
			status: 'skipped',
			outId: outputs[0][0].json.outId,
			error: { code: 'DUPLICATE', message: 'Same number as item 0, which is sent once' },
		});
		expect(sentMessages(sandbox(), vendor)).toHaveLength(1);
	});

	it('renders and validates a dry run without sending anything', async () => {
		const { outputs } = await sendBatch({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: 'bad', name: 'B', code: '2' },
			],
			options: { dryRun: true },
			onError: 'continueRegularOutput',
		});

		expect(jsonOf(outputs[0])).toEqual([
			expect.objectContaining({ status: 'dryRun', content: expectedText('A', '1'), parts: 1, error: null }),
			expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ code: 'INVALID_PHONE' }) }),
		]);
		expect(sendRequests(sandbox(), vendor)).toHaveLength(0);
	});

	it('skips every recipient inside quiet hours, saying why', async () => {
		const { outputs } = await sendBatch({
			items: [{ phone: '13900000001', name: 'A', code: '1' }],
			options: { quietHours: quietHoursAroundNow() },
		});

		expect(outputs[0][0].json).toMatchObject({
			status: 'skipped',
			error: { code: 'QUIET_HOURS', retryable: true },
		});
		expect(sendRequests(sandbox(), vendor)).toHaveLength(0);
	});

	it('waits out the vendor throttling and then sends', async () => {
		sandbox().injectFault(vendor.provider, { kind: 'throttle', api: vendor.batchApi });

		const { outputs } = await sendBatch({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: '13900000002', name: 'B', code: '2' },
			],
		});

		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['accepted', 'accepted']);
		expect(sendRequests(sandbox(), vendor).map((request) => request.faulted)).toEqual(['throttle', undefined]);
		expect(sentMessages(sandbox(), vendor)).toHaveLength(2);
	});

	it('retries a call answered with HTTP 503 without a verdict, or leaves it unknown where the vendor warns it may have gone out', async () => {
		sandbox().injectFault(vendor.provider, { kind: 'http5xx', api: vendor.batchApi });

		const { outputs } = await sendBatch({
			items: oneCallItems(vendor, 2),
			onError: 'continueRegularOutput',
		});

		const retried = !vendor.serverErrorMayHaveSent;
		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(
			retried ? ['accepted', 'accepted'] : ['unknown', 'unknown'],
		);
		expect(sendRequests(sandbox(), vendor)).toHaveLength(retried ? 2 : 1);
	});

	it('reports a call that hangs past the timeout as unknown with its out id, and never resends it', async () => {
		sandbox().injectFault(vendor.provider, { kind: 'hang', api: vendor.batchApi });

		const { outputs, error } = await sendBatch({
			items: oneCallItems(vendor, 2),
			options: { timeout: 300 },
		});

		expect(error).toBeUndefined();
		for (const { json } of outputs[0]) {
			expect(json).toMatchObject({ status: 'unknown', messageId: '', error: { code: 'TIMEOUT', retryable: false } });
			expect(json.outId).toEqual(expect.any(String));
			expect(json.outId).not.toBe('');
		}
		expect(sendRequests(sandbox(), vendor)).toHaveLength(1);
	});

	it('marks every recipient of a call the vendor rejects as a whole with the vendor code', async () => {
		const { outputs } = await sendBatch({
			items: oneCallItems(vendor, 2),
			parameters: { signName: 'UnknownSignature' },
			onError: 'continueRegularOutput',
		});

		const errors = jsonOf(outputs[0]).map((json) => json.error as { code: string; retryable: boolean });
		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['rejected', 'rejected']);
		expect(errors[0].code).not.toBe('');
		expect(errors[1]).toEqual(errors[0]);
		expect(sentMessages(sandbox(), vendor)).toHaveLength(0);
	});

	it('routes rejected recipients to the error output with their input item and outcome', async () => {
		const { outputs } = await sendBatch({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: 'bad', name: 'B', code: '2', customer: 42 },
			],
			onError: 'continueErrorOutput',
		});

		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['accepted']);
		expect(outputs[1]).toEqual([
			{
				json: {
					name: 'B',
					code: '2',
					customer: 42,
					provider: vendor.provider,
					phone: 'bad',
					status: 'rejected',
					messageId: '',
					outId: expect.any(String),
					parts: 1,
					content: expectedText('B', '2'),
					error: { code: 'INVALID_PHONE', message: '"bad" is not a valid phone number', retryable: false },
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	it('succeeds without Continue On Fail once some recipients went out, each recipient with its item and a warning with the counts', async () => {
		const { error, outputs, hints } = await sendBatch({
			items: [
				{ phone: '13900000001', name: 'A', code: '1' },
				{ phone: '13900000002', name: 'B', code: '2' },
				{ phone: '13900000003', name: 'C' },
				{ phone: '13900000004', name: 'D', code: '4' },
			],
		});

		expect(error).toBeUndefined();
		expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['accepted', 'accepted', 'rejected', 'accepted']);
		expect(outputs[0][2].json.error).toEqual({
			code: 'MISSING_VARIABLE',
			message: `Template variable "${vendor.variableName.code}" has no value`,
			retryable: false,
		});
		expect(hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringContaining('3 accepted, 1 rejected, 0 unknown'),
			}),
		]);
		expect(sentMessages(sandbox(), vendor)).toHaveLength(3);
	});

	it('fails without Continue On Fail when every recipient was rejected and nothing went out, naming the first one', async () => {
		const { error, outputs } = await sendBatch({
			items: [
				{ phone: '12345', name: 'A', code: '1' },
				{ phone: '13900000002', name: 'B' },
			],
		});

		expect(outputs).toEqual([]);
		expect(error?.message).toBe('Item 0 (12345): "12345" is not a valid phone number [INVALID_PHONE]');
		expect(error?.description).toContain('nothing was sent');
		expect(sendRequests(sandbox(), vendor)).toHaveLength(0);
	});
});

describe.each(VENDORS.filter((vendor) => vendor.oneOutIdPerCall))(
	'Send Batch through $provider, which takes one out id per call',
	(vendor: VendorCase) => {
		const items = oneCallItems(vendor, 2);

		it('reports a call dropped after acceptance as unknown under the out id the vendor received', async () => {
			sandbox().injectFault(vendor.provider, { kind: 'acceptThenDrop', api: vendor.batchApi });

			const { outputs, error } = await runSmsCampaign(sandbox(), { vendor, operation: 'sendBatch', items });

			expect(error).toBeUndefined();
			const received = sentMessages(sandbox(), vendor).map((message) => message.outId);
			expect(received).toEqual([expect.any(String), received[0]]);
			expect(jsonOf(outputs[0])).toEqual([
				expect.objectContaining({
					status: 'unknown',
					outId: received[0],
					error: expect.objectContaining({ code: 'CONNECTION_RESET' }),
				}),
				expect.objectContaining({ status: 'unknown', outId: received[0] }),
			]);
		});

		it('points a skipped repeat at the out id its first recipient was sent with', async () => {
			const { outputs } = await runSmsCampaign(sandbox(), {
				vendor,
				operation: 'sendBatch',
				items: [items[0], items[1], { ...items[0] }],
			});

			const [received] = sentMessages(sandbox(), vendor);
			expect(jsonOf(outputs[0]).map((json) => [json.status, json.outId])).toEqual([
				['accepted', received.outId],
				['accepted', received.outId],
				['skipped', received.outId],
			]);
		});
	},
);

describe('Send Batch signature', () => {
	it('sends Chuanglan messages with the signature set on the node when the credential has none', async () => {
		const chuanglan = VENDORS.find((vendor) => vendor.provider === 'chuanglan')!;
		sandbox().defineSignature('chuanglan', '节点签名');

		const { outputs } = await runWorkflow({
			items: [{ phone: '13900000001', name: 'A', code: '1' }],
			node: {
				parameters: {
					provider: 'chuanglan',
					operation: 'sendBatch',
					phone: '={{ $json.phone }}',
					...chuanglan.template,
					signName: '节点签名',
				},
			},
			credentials: { chuanglanApi: { ...sandbox().credentials.chuanglanApi, signName: '' } },
		});

		expect(outputs[0][0].json).toMatchObject({ status: 'accepted' });
		expect(
			sandbox()
				.sent('chuanglan')
				.map((message) => message.text.startsWith('【节点签名】')),
		).toEqual([true]);
	});
});
