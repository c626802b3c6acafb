/**
 * Suppressed Numbers on Send and Send Batch, through n8n's WorkflowExecute against the sandbox: a number
 * on the list, however it is written there or in the item, is skipped with OPTED_OUT and never sent.
 */
import {
	campaignSandbox,
	jsonOf,
	mainlandNumber,
	runSmsCampaign,
	sendRequests,
	VENDORS,
} from '../helpers/sms-campaign';

const sandbox = campaignSandbox();

const items = (count: number) =>
	Array.from({ length: count }, (_, index) => ({
		phone: mainlandNumber(index),
		name: `用户${index}`,
		code: String(100_000 + index),
	}));

describe.each(VENDORS)('$provider', (vendor) => {
	test('Send Batch skips the suppressed numbers, written as 139…, +86 139… or 0086139…, and sends the rest', async () => {
		const suppressed = [mainlandNumber(1), `+86 ${mainlandNumber(3)}`, `0086${mainlandNumber(5)}`];

		const { outputs, error } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: items(8),
			options: { suppressedNumbers: `={{ ${JSON.stringify(suppressed)} }}` },
		});

		expect(error).toBeUndefined();
		const results = jsonOf(outputs[0]);
		expect(results.map((result) => result.status)).toEqual([
			'accepted',
			'skipped',
			'accepted',
			'skipped',
			'accepted',
			'skipped',
			'accepted',
			'accepted',
		]);
		expect(results[1].error).toMatchObject({ code: 'OPTED_OUT', retryable: false });
		const sentTo = sandbox()
			.sent(vendor.provider)
			.map((message) => message.phone.replace(/^\+86/, ''));
		expect(sentTo.sort()).toEqual([0, 2, 4, 6, 7].map(mainlandNumber));
	});

	test('Send skips a suppressed number given as a text list, and sends nothing when it is the only one', async () => {
		const { outputs, error } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'send',
			items: items(1),
			options: { suppressedNumbers: `13700000000\n+86 ${mainlandNumber(0)}` },
		});

		expect(error).toBeUndefined();
		expect(jsonOf(outputs[0])).toEqual([
			expect.objectContaining({ status: 'skipped', error: expect.objectContaining({ code: 'OPTED_OUT' }) }),
		]);
		expect(sendRequests(sandbox(), vendor)).toHaveLength(0);
	});
});

test('a list with an entry that is not a number stops the campaign before anything is sent, naming the option', async () => {
	const vendor = VENDORS[0];

	const { error } = await runSmsCampaign(sandbox(), {
		vendor,
		operation: 'sendBatch',
		items: items(3),
		options: { suppressedNumbers: `={{ ["${mainlandNumber(1)}", "n/a"] }}` },
	});

	expect(error?.message).toBe('Suppressed Numbers cannot be read. Entry 2: "n/a" is not a valid phone number');
	expect(sendRequests(sandbox(), vendor)).toHaveLength(0);
});
