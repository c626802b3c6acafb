/**
 * Bad input to Send Batch: every item still gets one clear result (accepted with exactly what was sent,
 * or rejected with a code and a message that names the problem) and the node never crashes, hangs or
 * drops an item. Every run is also held to the invariants of helpers/invariants.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	assertNoSecrets,
	assertOneOutcomePerRecipient,
	assertSentMatchesOutcomes,
	secretsOf,
} from '../helpers/invariants';
import {
	batchValues,
	campaignSandbox,
	expectedText,
	GREETING,
	jsonOf,
	mainlandNumber,
	runSmsCampaign,
	sendRequests,
	SIGNATURE,
	VENDORS,
	type CampaignRun,
	type VendorCase,
} from '../helpers/sms-campaign';

/** A long message is billed in parts of 67 characters. */
const MULTIPART_LENGTH = 67;

const sandbox = campaignSandbox();

/** Runs Send Batch with Continue On Fail, checks the invariants, and returns one outcome per item. */
async function sendBatch(
	vendor: VendorCase,
	items: IDataObject[],
	run: Pick<CampaignRun, 'parameters' | 'options'> = {},
): Promise<IDataObject[]> {
	const result = await runSmsCampaign(sandbox(), {
		vendor,
		operation: 'sendBatch',
		items,
		onError: 'continueRegularOutput',
		...run,
	});
	expect(result.error).toBeUndefined();
	const output = result.outputs[0] ?? [];
	assertOneOutcomePerRecipient(output, items.length);
	assertSentMatchesOutcomes(sandbox().sent(vendor.provider), jsonOf(output));
	assertNoSecrets(result.run.data.resultData, secretsOf(sandbox().credentials));
	return jsonOf(output);
}

describe.each(VENDORS)('Send Batch through $provider given bad input', (vendor: VendorCase) => {
	it('does nothing for an empty input: no output and no vendor call', async () => {
		const outcomes = await sendBatch(vendor, []);

		expect(outcomes).toEqual([]);
		expect(sandbox().requests(vendor.provider)).toEqual([]);
	});

	it('rejects items without a phone field, saying the number is empty, and sends the others', async () => {
		const outcomes = await sendBatch(vendor, [
			{ name: 'A', code: '1' },
			{ mobile: '13900000002', name: 'B', code: '2' },
			{ phone: '13900000003', name: 'C', code: '3' },
		]);

		expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'accepted']);
		expect(outcomes[0].error).toEqual({
			code: 'INVALID_PHONE',
			message: 'The phone number is empty',
			retryable: false,
		});
		expect(outcomes[1].error).toEqual(outcomes[0].error);
	});

	it('rejects numbers with letters in them, quoting each value', async () => {
		const numbers = ['139ABCD0000', '+86 139-0000-000X', '1390000000O'];

		const outcomes = await sendBatch(
			vendor,
			numbers.map((phone) => ({ phone, name: 'A', code: '1' })),
		);

		expect(outcomes.map((outcome) => outcome.error)).toEqual(
			numbers.map((phone) => ({
				code: 'INVALID_PHONE',
				message: `"${phone}" is not a valid phone number`,
				retryable: false,
			})),
		);
		expect(sandbox().sent(vendor.provider)).toEqual([]);
	});

	it('rejects 30-digit numbers, quoting each value', async () => {
		const numbers = ['123456789012345678901234567890', '+861390000000000000000000000000'];

		const outcomes = await sendBatch(
			vendor,
			numbers.map((phone) => ({ phone, name: 'A', code: '1' })),
		);

		expect(outcomes.map((outcome) => outcome.error)).toEqual(
			numbers.map((phone) => ({
				code: 'INVALID_PHONE',
				message: `"${phone}" is not a valid phone number`,
				retryable: false,
			})),
		);
		expect(sandbox().sent(vendor.provider)).toEqual([]);
	});

	it('rejects a recipient whose variable is null, naming the variable', async () => {
		const outcomes = await sendBatch(vendor, [{ phone: '13900000001', name: 'A', code: null }]);

		expect(outcomes[0]).toMatchObject({
			status: 'rejected',
			phone: '+8613900000001',
			error: {
				code: 'MISSING_VARIABLE',
				message: `Template variable "${vendor.variableName.code}" has no value`,
				retryable: false,
			},
		});
	});

	it('sends object and array variables as their JSON text', async () => {
		const outcomes = await sendBatch(vendor, [{ phone: '13900000001', name: { first: 'Li' }, code: [1, 2] }]);

		const text = expectedText('{"first":"Li"}', '[1,2]');
		expect(outcomes[0]).toMatchObject({ status: 'accepted', content: text });
		expect(
			sandbox()
				.sent(vendor.provider)
				.map((message) => message.text),
		).toEqual([text]);
	});

	it('rejects an item whose Variables (JSON) is null or not JSON, saying what it must be', async () => {
		const outcomes = await sendBatch(
			vendor,
			[
				{ phone: '13900000001', variables: null },
				{ phone: '13900000002', variables: 'name=Li' },
			],
			{ parameters: { variablesMode: 'json', variablesJson: '={{ $json.variables }}' } },
		);

		expect(outcomes.map((outcome) => outcome.error)).toEqual([
			{
				code: 'INVALID_PARAMETER',
				message: 'Variables (JSON) must be an object such as {"name": "Li Lei"}',
				retryable: false,
			},
			{
				code: 'INVALID_PARAMETER',
				message: expect.stringMatching(/^Variables \(JSON\) is not valid JSON: /),
				retryable: false,
			},
		]);
		expect(sandbox().sent(vendor.provider)).toEqual([]);
	});

	it('sends a 10 KB variable value whole and billed by its parts, or refuses it before calling the vendor', async () => {
		const longName = '长'.repeat(10_240);
		const text = expectedText(longName, '1');

		const [outcome] = await sendBatch(vendor, [{ phone: '13900000001', name: longName, code: '1' }]);

		expect(outcome).toMatchObject({ content: text, parts: Math.ceil(text.length / MULTIPART_LENGTH) });
		if (outcome.status === 'accepted') {
			expect(
				sandbox()
					.sent(vendor.provider)
					.map((message) => message.text),
			).toEqual([text]);
		} else {
			expect(outcome.status).toBe('rejected');
			expect(sendRequests(sandbox(), vendor)).toEqual([]);
		}
	});

	it('sends a template without variables to every recipient as it is, whatever fields the items carry', async () => {
		const outcomes = await sendBatch(vendor, [{ phone: '13900000001', name: 'unused' }, { phone: '13900000002' }], {
			parameters: vendor.greeting,
		});

		const text = `【${SIGNATURE}】${GREETING}`;
		expect(outcomes).toEqual([
			expect.objectContaining({ status: 'accepted', content: text }),
			expect.objectContaining({ status: 'accepted', content: text }),
		]);
		expect(
			sandbox()
				.sent(vendor.provider)
				.map((message) => message.text),
		).toEqual([text, text]);
	});

	it('sends unicode and emoji exactly as given, and reads a number written in full-width digits', async () => {
		const items = [
			{ phone: '１３９００００００01', name: '王小明 👨‍👩‍👧‍👦', code: '𝟙𝟚𝟛' },
			{ phone: '13900000002', name: 'مرحبا Zoë e\u0301', code: '🎉' },
		];

		const outcomes = await sendBatch(vendor, items);

		const texts = items.map((item) => expectedText(item.name, item.code));
		expect(outcomes).toEqual([
			expect.objectContaining({ status: 'accepted', phone: '+8613900000001', content: texts[0] }),
			expect.objectContaining({ status: 'accepted', phone: '+8613900000002', content: texts[1] }),
		]);
		expect(
			sandbox()
				.sent(vendor.provider)
				.map((message) => message.text),
		).toEqual(texts);
	});
});

describe('Send Batch of 100,000 recipients', () => {
	const RECIPIENTS = 100_000;
	/** About 2 s of sending and 3 s of checking on a 2-core machine; the bound leaves room for a busy test run. */
	const TIME_BOUND_MS = 30_000;

	it.each(VENDORS)('through $provider sends every one within the time bound', async (vendor: VendorCase) => {
		// Values of their own where the vendor carries several sets per call; Tencent's one set per call is shared.
		const items = Array.from({ length: RECIPIENTS }, (_, index) => ({
			phone: mainlandNumber(index),
			...batchValues(vendor, index),
		}));

		const startedAt = performance.now();
		// The sandbox has no rate limit; at the default 50 calls/s Aliyun's 1,000 calls alone would take 20 s.
		const outcomes = await sendBatch(vendor, items, { options: { maxRequestsPerSecond: 0 } });

		expect(performance.now() - startedAt).toBeLessThan(TIME_BOUND_MS);
		expect(outcomes.every((outcome) => outcome.status === 'accepted')).toBe(true);
		expect(sandbox().sent(vendor.provider)).toHaveLength(RECIPIENTS);
	});
});
