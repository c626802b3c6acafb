/**
 * Safe under n8n's own controls, run through n8n-core's WorkflowExecute with the node's real settings and
 * judged by what reached the sandbox: Retry On Fail never sends twice, Stop starts no further call, an
 * error every further call would meet stops the campaign.
 */
import type { IDataObject } from 'n8n-workflow';

import { assertOneOutcomePerRecipient, assertSentMatchesOutcomes } from '../helpers/invariants';
import {
	batchValues,
	campaignSandbox,
	jsonOf,
	mainlandNumber,
	runSmsCampaign,
	sendRequests,
	sentMessages,
	stopAfterSendRequests,
	VENDORS,
	type VendorCase,
} from '../helpers/sms-campaign';

const sandbox = campaignSandbox();

/** n8n's defaults once Retry On Fail is switched on, without the wait between tries. */
const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

/** Recipients that fill the vendor's batch calls (see batchValues). */
const recipients = (vendor: VendorCase, count: number): IDataObject[] =>
	Array.from({ length: count }, (_, index) => ({ phone: mainlandNumber(index), ...batchValues(vendor, index) }));

/** How often the sandbox accepted a message for each number. */
function timesSent(vendor: VendorCase): Map<string, number> {
	const counts = new Map<string, number>();
	for (const message of sentMessages(sandbox(), vendor))
		counts.set(message.phone, (counts.get(message.phone) ?? 0) + 1);
	return counts;
}

describe.each(VENDORS)('Retry On Fail with $provider', (vendor: VendorCase) => {
	describe.each(['send', 'sendBatch'] as const)('%s', (operation) => {
		it('sends each valid number once when the invalid number comes last', async () => {
			const items = [...recipients(vendor, 2), { phone: '12345', name: 'X', code: '9' }];

			const { error, outputs } = await runSmsCampaign(sandbox(), { vendor, operation, items, settings: RETRY_ON_FAIL });

			expect(error).toBeUndefined();
			expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['accepted', 'accepted', 'rejected']);
			expect(timesSent(vendor)).toEqual(
				new Map([
					[mainlandNumber(0), 1],
					[mainlandNumber(1), 1],
				]),
			);
		});

		it('sends each valid number once when the first output item is the rejected one, which n8n takes for a failure', async () => {
			const items = [{ phone: '12345', name: 'X', code: '9' }, ...recipients(vendor, 2)];

			const { error, outputs } = await runSmsCampaign(sandbox(), { vendor, operation, items, settings: RETRY_ON_FAIL });

			expect(error).toBeUndefined();
			expect(jsonOf(outputs[0]).map((json) => json.status)).toEqual(['rejected', 'accepted', 'accepted']);
			expect(timesSent(vendor)).toEqual(
				new Map([
					[mainlandNumber(0), 1],
					[mainlandNumber(1), 1],
				]),
			);
		});

		it("keeps the first try's warning on the run n8n shows after its retries", async () => {
			const items = [{ phone: '12345', name: 'X', code: '9' }, ...recipients(vendor, 1)];

			const { hints } = await runSmsCampaign(sandbox(), { vendor, operation, items, settings: RETRY_ON_FAIL });

			expect(hints).toEqual([expect.objectContaining({ message: expect.stringContaining('1 accepted, 1 rejected') })]);
		});
	});

	it('tries again a run that sent nothing, as often as the settings say', async () => {
		const { error } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: [{ phone: '12345', name: 'X', code: '9' }],
			settings: RETRY_ON_FAIL,
		});

		expect(error?.message).toContain('[INVALID_PHONE]');
		expect(sandbox().sent(vendor.provider)).toHaveLength(0);
	});
});

describe.each(VENDORS)("On Error's three modes with Retry On Fail and $provider", (vendor: VendorCase) => {
	it.each([undefined, 'continueRegularOutput', 'continueErrorOutput'] as const)(
		'with On Error %s, sends each valid number once, never the suppressed one, one outcome each',
		async (onError) => {
			const [first, second, optedOut] = recipients(vendor, 3);
			const items = [{ phone: '12345', name: 'X', code: '9' }, optedOut, first, second];

			const { error, outputs } = await runSmsCampaign(sandbox(), {
				vendor,
				operation: 'sendBatch',
				items,
				options: { suppressedNumbers: `+86 ${mainlandNumber(2)}` },
				settings: RETRY_ON_FAIL,
				onError,
			});

			expect(error).toBeUndefined();
			const statuses = outputs.flatMap((output) => jsonOf(output).map((json) => json.status));
			expect(statuses.sort()).toEqual(['accepted', 'accepted', 'rejected', 'skipped']);
			expect(timesSent(vendor)).toEqual(
				new Map([
					[mainlandNumber(0), 1],
					[mainlandNumber(1), 1],
				]),
			);
		},
	);
});

describe.each(VENDORS)('Stop during a $provider campaign', (vendor: VendorCase) => {
	const COUNT = 300;
	const CONCURRENCY = 2;

	it('starts no call after the stop and reports every recipient not attempted as skipped, cancelled', async () => {
		sandbox().setLatency(20);
		const stop = stopAfterSendRequests(sandbox(), vendor, 5);

		const { outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: recipients(vendor, COUNT),
			options: { batchSize: 10, concurrency: CONCURRENCY },
			onError: 'continueRegularOutput',
			onStarted: stop.onStarted,
		});

		expect(stop.requestsAtStop).toBeGreaterThanOrEqual(5);
		expect(sendRequests(sandbox(), vendor).length).toBeLessThanOrEqual(stop.requestsAtStop + CONCURRENCY);
		assertOneOutcomePerRecipient(outputs[0], COUNT);
		assertSentMatchesOutcomes(sandbox().sent(vendor.provider), jsonOf(outputs[0]));
		const skipped = jsonOf(outputs[0]).filter((json) => json.status === 'skipped');
		expect(skipped.length).toBeGreaterThan(COUNT / 2);
		expect(skipped.every((json) => (json.error as IDataObject).code === 'CANCELLED')).toBe(true);
	});
});

describe.each(VENDORS)('An account-wide refusal from $provider', (vendor: VendorCase) => {
	it('starts no call once its answer is in, and rejects every recipient not attempted with that error', async () => {
		const { error, outputs } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: recipients(vendor, 50),
			parameters: { signName: 'UnknownSignature' },
			options: { batchSize: 5, concurrency: 1 },
			onError: 'continueRegularOutput',
		});

		expect(error).toBeUndefined();
		// The next call may leave while the first answer is read: at most one per concurrency slot.
		expect(sendRequests(sandbox(), vendor).length).toBeLessThanOrEqual(2);
		const outcomes = jsonOf(outputs[0]);
		expect(outcomes.every((json) => json.status === 'rejected')).toBe(true);
		const [attempted, notAttempted] = [outcomes[0].error, outcomes[49].error] as IDataObject[];
		expect(notAttempted.code).toBe(attempted.code);
		expect(notAttempted.message).toBe(
			`${String(attempted.message)} Not attempted: the campaign stopped at this error.`,
		);
	});
});

describe.each(VENDORS)('A $provider balance used up mid-campaign', (vendor: VendorCase) => {
	const COUNT = 200;
	const BATCH = 10;
	const CONCURRENCY = 2;
	const PAID = 20;

	it('makes no more calls than those in flight once the balance error arrives, and rejects the rest with it', async () => {
		sandbox().setBalance(vendor.provider, PAID);

		const { error, outputs, hints } = await runSmsCampaign(sandbox(), {
			vendor,
			operation: 'sendBatch',
			items: recipients(vendor, COUNT),
			options: { batchSize: BATCH, concurrency: CONCURRENCY },
		});

		expect(error).toBeUndefined();
		const callsThatFitTheBalance = PAID / BATCH;
		expect(sendRequests(sandbox(), vendor).length).toBeLessThanOrEqual(callsThatFitTheBalance + 1 + CONCURRENCY);
		assertOneOutcomePerRecipient(outputs[0], COUNT);
		assertSentMatchesOutcomes(sandbox().sent(vendor.provider), jsonOf(outputs[0]));
		const outcomes = jsonOf(outputs[0]);
		expect(outcomes.filter((json) => json.status === 'accepted')).toHaveLength(PAID);
		const notAttempted = outcomes[COUNT - 1].error as IDataObject;
		expect(outcomes[COUNT - 1].status).toBe('rejected');
		expect(notAttempted.message).toMatch(/balance|quota|messages left/i);
		expect(notAttempted.message).toContain('Not attempted: the campaign stopped at this error.');
		expect(hints[0].message).toContain(`${PAID} accepted, ${COUNT - PAID} rejected`);
	});
});
