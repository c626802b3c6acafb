/**
 * Fault injection: Send Batch and the SMS Delivery Receipt Trigger against a sandbox that answers at
 * random, but reproducibly from a seed, with 5xx, throttling, latency spikes, hangs, connection resets,
 * malformed bodies and accepted-then-dropped connections; campaigns among them are also stopped halfway
 * (n8n's Stop) or run out of balance. Whatever happens, the invariants of helpers/invariants.ts hold,
 * judged by the sandbox's own records. The seed is in every test name:
 * `startSandbox({ seed })` replays the same faults.
 *
 * Calls run one at a time (concurrency 1) so that the order of requests, and with it which request
 * each fault lands on, depends on the seed alone.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	assertEachReceiptEmittedOnce,
	assertNoSecrets,
	assertOneOutcomePerRecipient,
	assertSentMatchesOutcomes,
	secretsOf,
} from '../helpers/invariants';
import type { RunningExecution, WorkflowRunResult } from '../helpers/n8n';
import { createPollTrigger, type PollTrigger } from '../helpers/poll';
import {
	jsonOf,
	mainlandNumber,
	runSmsCampaign,
	sendRequests,
	stopAfterSendRequests,
	VENDORS,
	type VendorCase,
} from '../helpers/sms-campaign';
import { startSandbox, type FaultKind, type FaultRule, type Sandbox, type SentMessage } from '../sandbox';

const RECIPIENTS = 60;
/** Three numbers per call: one run makes twenty vendor calls, each a fresh chance of a fault. */
const BATCH_SIZE = 3;
/** Short, so that a hung call costs little; a latency spike outlasts it. */
const TIMEOUT_MS = 300;
const LATENCY_SPIKE_MS = 500;

/** Every fault on every send-side request of the vendor (template reads included). */
const SEND_FAULTS: FaultRule[] = [
	{ kind: 'http5xx', probability: 0.07 },
	{ kind: 'throttle', probability: 0.07 },
	{ kind: 'latency', probability: 0.1, latencyMs: 50 },
	{ kind: 'latency', probability: 0.05, latencyMs: LATENCY_SPIKE_MS },
	{ kind: 'hang', probability: 0.05 },
	{ kind: 'reset', probability: 0.05 },
	{ kind: 'malformed', probability: 0.05 },
	{ kind: 'acceptThenDrop', probability: 0.05 },
];

describe.each(VENDORS)('Send Batch through $provider under random faults', (vendor: VendorCase) => {
	const metFaults = new Set<FaultKind>();

	describe.each(vendor.faultSeeds.send)('seed %i', (seed) => {
		let sandbox: Sandbox;
		let result: WorkflowRunResult;

		beforeAll(async () => {
			sandbox = await faultySandbox(vendor, seed);
			result = await sendBatchUnderFaults(sandbox, vendor, { concurrency: 1 });
			// A spiked call the client gave up on is still processed by the vendor once its delay is over.
			await delay(LATENCY_SPIKE_MS);
			for (const request of sandbox.requests(vendor.provider)) if (request.faulted) metFaults.add(request.faulted);
		});
		afterAll(async () => await sandbox.close());

		it('gives every recipient exactly one outcome', () => {
			expect(result.error).toBeUndefined();
			assertOneOutcomePerRecipient(result.outputs[0], RECIPIENTS);
		});

		it('has sent exactly the accepted recipients and some of the unknown ones, none twice', () => {
			assertSentMatchesOutcomes(sandbox.sent(vendor.provider), jsonOf(result.outputs[0]));
		});

		it('shows no secret in any output item or error', () => {
			assertNoSecrets(result.run.data.resultData, secretsOf(sandbox.credentials));
		});
	});

	// Runs after the seeds above (Jest runs blocks in order): guards the suite against faults that never fire.
	describe('all seeds together', () => {
		it('met every kind of fault', () => {
			expect([...metFaults].sort()).toEqual([...new Set(SEND_FAULTS.map((rule) => rule.kind))].sort());
		});
	});
});

/** The send request after which the execution is stopped, or after which the balance runs out. */
const STOP_AFTER_CALLS = 5;

describe.each(VENDORS)('Send Batch through $provider stopped halfway under random faults', (vendor: VendorCase) => {
	let sandbox: Sandbox;
	let result: WorkflowRunResult;
	let stop: ReturnType<typeof stopAfterSendRequests>;
	const concurrency = 2;

	beforeAll(async () => {
		sandbox = await faultySandbox(vendor, vendor.faultSeeds.stop);
		stop = stopAfterSendRequests(sandbox, vendor, STOP_AFTER_CALLS);
		result = await sendBatchUnderFaults(sandbox, vendor, { concurrency }, stop.onStarted);
		await delay(LATENCY_SPIKE_MS);
	});
	afterAll(async () => await sandbox.close());

	it('starts no call after the stop but those already in flight', () => {
		expect(stop.requestsAtStop).toBeGreaterThanOrEqual(STOP_AFTER_CALLS);
		expect(sendRequests(sandbox, vendor).length).toBeLessThanOrEqual(stop.requestsAtStop + concurrency);
	});

	it('gives every recipient exactly one outcome, those never attempted skipped', () => {
		assertOneOutcomePerRecipient(result.outputs[0], RECIPIENTS);
		expect(
			jsonOf(result.outputs[0]).filter((json) => (json.error as IDataObject | null)?.code === 'CANCELLED').length,
		).toBeGreaterThan(0);
	});

	it('has sent exactly the accepted recipients and some of the unknown ones, none twice', () => {
		assertSentMatchesOutcomes(sandbox.sent(vendor.provider), jsonOf(result.outputs[0]));
	});
});

/** Messages the account can pay for: about half the campaign. */
const BALANCE = RECIPIENTS / 2;

describe.each(VENDORS)(
	'Send Batch through $provider whose balance runs out under random faults',
	(vendor: VendorCase) => {
		let sandbox: Sandbox;
		let result: WorkflowRunResult;

		beforeAll(async () => {
			sandbox = await faultySandbox(vendor, vendor.faultSeeds.balance);
			sandbox.setBalance(vendor.provider, BALANCE);
			result = await sendBatchUnderFaults(sandbox, vendor, { concurrency: 2 });
			await delay(LATENCY_SPIKE_MS);
		});
		afterAll(async () => await sandbox.close());

		it('gives every recipient exactly one outcome, those never attempted rejected with the balance error', () => {
			assertOneOutcomePerRecipient(result.outputs[0], RECIPIENTS);
			const notAttempted = jsonOf(result.outputs[0]).filter((json) =>
				String((json.error as IDataObject | null)?.message).includes(
					'Not attempted: the campaign stopped at this error.',
				),
			);
			expect(notAttempted.length).toBeGreaterThan(0);
		});

		it('has sent exactly the accepted recipients and some of the unknown ones, none twice', () => {
			assertSentMatchesOutcomes(sandbox.sent(vendor.provider), jsonOf(result.outputs[0]));
		});
	},
);

/**
 * The faults a vendor's receipt endpoints get. Hangs are left out: the trigger waits 30 s per request
 * and has no timeout option. A destructive pull deletes what it returns, so a pull whose answer is lost
 * after the vendor processed it (malformed, acceptThenDrop) destroys those receipts for any client; such
 * vendors get only the faults that leave the vendor untouched. A queue keeps a message until it is
 * deleted (Aliyun), so it gets them all, on receives, deletes and token requests alike.
 */
const UNPROCESSED: FaultKind[] = ['http5xx', 'throttle', 'reset', 'latency'];
const receiptFaults = (vendor: VendorCase): FaultKind[] =>
	vendor.receipts.destructive ? UNPROCESSED : [...UNPROCESSED, 'malformed', 'acceptThenDrop'];
/** Chance that a receipt request meets a fault, shared out among the vendor's fault kinds. */
const RECEIPT_FAULT_PROBABILITY = 0.3;
const RECEIPT_LATENCY_MS = 50;
/** With repeated receipts 1,000 wait: a poll (1,000 at most) reads ten Yunpian or Chuanglan pages, 63 Aliyun ones. */
const RECEIPT_RECIPIENTS = 500;
/** n8n polls at most once a minute; the Aliyun queue hides a received, undeleted message for 30 s. */
const POLL_INTERVAL_MS = 60_000;
const MAX_POLLS = 200;

describe.each(VENDORS)('Delivery receipts from $provider under random faults', (vendor: VendorCase) => {
	describe.each(vendor.faultSeeds.receipts)('seed %i', (seed) => {
		let sandbox: Sandbox;
		let delivered: SentMessage[];
		let poller: PollTrigger;
		const emitted: IDataObject[] = [];
		const pollErrors: unknown[] = [];

		beforeAll(async () => {
			sandbox = await startSandbox({ seed });
			vendor.define(sandbox);
			const sent = await runSmsCampaign(sandbox, {
				vendor,
				operation: 'sendBatch',
				items: recipients(RECEIPT_RECIPIENTS),
			});
			expect(sent.error).toBeUndefined();
			delivered = sandbox.sent(vendor.provider);
			// Every third message fails; every receipt is queued twice, as vendors repeat them.
			sandbox.deliver({ fail: (message) => Number(message.phone.slice(-1)) % 3 === 0, duplicate: true });

			const faults = receiptFaults(vendor);
			const probability = RECEIPT_FAULT_PROBABILITY / faults.length;
			for (const { vendor: target, api } of vendor.receipts.endpoints) {
				for (const kind of faults) {
					const latency = kind === 'latency' ? { latencyMs: RECEIPT_LATENCY_MS } : {};
					sandbox.injectFault(target, { kind, api, probability, ...latency });
				}
			}
			poller = createPollTrigger({
				parameters: { provider: vendor.provider, queueName: sandbox.aliyunQueueName },
				credentials: sandbox.credentials,
			});
			// Only Date is faked, to jump a minute between polls; sockets and timers stay real.
			jest.useFakeTimers({
				doNotFake: [
					'hrtime',
					'nextTick',
					'performance',
					'queueMicrotask',
					'setImmediate',
					'clearImmediate',
					'setInterval',
					'clearInterval',
					'setTimeout',
					'clearTimeout',
				],
				advanceTimers: true,
			});
			try {
				for (let poll = 0; poll < MAX_POLLS && sandbox.pendingReceipts(vendor.provider) > 0; poll++) {
					await poller.poll().then(
						(result) => emitted.push(...emittedBy(result)),
						(error: unknown) => pollErrors.push(error),
					);
					jest.setSystemTime(Date.now() + POLL_INTERVAL_MS);
				}
			} finally {
				jest.useRealTimers();
			}
		});
		afterAll(async () => await sandbox.close());

		it('emits every delivered message exactly once across polls', () => {
			assertEachReceiptEmittedOnce(emitted, delivered);
		});

		it('leaves no receipt waiting at the vendor', () => {
			expect(sandbox.pendingReceipts(vendor.provider)).toBe(0);
		});

		it('met polls that failed halfway, after pulling some receipts', () => {
			expect(poller.logs.some((entry) => entry.level === 'warn' && entry.message.includes('stopped early'))).toBe(true);
		});

		it('shows no secret in any receipt, poll error or log', () => {
			assertNoSecrets({ emitted, pollErrors, logs: poller.logs }, secretsOf(sandbox.credentials));
		});
	});
});

/** A sandbox that meets every send fault at random, reproducibly from `seed`. */
async function faultySandbox(vendor: VendorCase, seed: number): Promise<Sandbox> {
	const sandbox = await startSandbox({ seed });
	vendor.define(sandbox);
	for (const rule of SEND_FAULTS) sandbox.injectFault(vendor.provider, rule);
	return sandbox;
}

/** Send Batch of RECIPIENTS, BATCH_SIZE per call, with failures on the output. */
async function sendBatchUnderFaults(
	sandbox: Sandbox,
	vendor: VendorCase,
	{ concurrency }: { concurrency: number },
	onStarted?: (execution: RunningExecution) => void,
): Promise<WorkflowRunResult> {
	return await runSmsCampaign(sandbox, {
		vendor,
		operation: 'sendBatch',
		items: recipients(RECIPIENTS),
		options: { batchSize: BATCH_SIZE, timeout: TIMEOUT_MS, concurrency, maxRequestsPerSecond: 0 },
		onError: 'continueRegularOutput',
		onStarted,
	});
}

function recipients(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		phone: mainlandNumber(index),
		name: `用户${index}`,
		code: String(100_000 + index),
	}));
}

function emittedBy(result: INodeExecutionData[][] | null): IDataObject[] {
	return result === null ? [] : result[0].map((item) => item.json);
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
