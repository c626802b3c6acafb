import { runPaced, retryDelayMs, type CallOutcome, type PacingOptions } from '../../nodes/campaign/pacing';
import { VendorError } from '../../nodes/providers/types';

const fast: PacingOptions = { concurrency: 4, maxRequestsPerSecond: 0, maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 };

const throttled = (retryAfterMs?: number) =>
	new VendorError({ code: 'THROTTLED', message: 'slow down', retryable: true, maybeSent: false }, { retryAfterMs });
const timedOut = () => new VendorError({ code: 'TIMEOUT', message: 'no answer', retryable: false, maybeSent: true });

async function run<Call>(calls: Call[], execute: (call: Call) => Promise<string>, options = fast) {
	const outcomes = new Map<Call, CallOutcome<string>>();
	await runPaced(calls, execute, (call, outcome) => outcomes.set(call, outcome), options);
	return outcomes;
}

describe('runPaced', () => {
	it('settles every call exactly once with its result', async () => {
		const outcomes = await run([1, 2, 3], async (call) => `sent ${call}`);
		expect([...outcomes.entries()]).toEqual([
			[1, { ok: true, result: 'sent 1', attempts: 1 }],
			[2, { ok: true, result: 'sent 2', attempts: 1 }],
			[3, { ok: true, result: 'sent 3', attempts: 1 }],
		]);
	});

	/** The most requests that were at the vendor at once, for 12 calls of 5 ms each. */
	async function peakAtVendor(concurrency: number): Promise<number> {
		let atVendor = 0;
		let peak = 0;
		await run(
			Array.from({ length: 12 }, (_, i) => i),
			async () => {
				peak = Math.max(peak, ++atVendor);
				await new Promise((resolve) => setTimeout(resolve, 5));
				atVendor--;
				return 'ok';
			},
			{ ...fast, concurrency },
		);
		return peak;
	}

	it('never has more requests at the vendor at once than the concurrency', async () => {
		expect(await peakAtVendor(3)).toBe(3);
	});

	it('takes a fractional concurrency as the whole number below it', async () => {
		expect(await peakAtVendor(1.5)).toBe(1);
	});

	it('sends the next call once an answer has arrived, while that answer is still being read', async () => {
		const events: string[] = [];
		await runPaced(
			[1, 2],
			async (call, answered) => {
				events.push(`send ${call}`);
				await new Promise((resolve) => setTimeout(resolve, 5));
				await answered();
				events.push(`read ${call}`);
				return 'ok';
			},
			() => undefined,
			{ ...fast, concurrency: 1 },
		);
		expect(events).toEqual(['send 1', 'send 2', 'read 1', 'read 2']);
	});

	it('counts a throttled call waiting to retry against nothing, and its retry against the concurrency', async () => {
		let atVendor = 0;
		let peak = 0;
		const tries = new Map<number, number>();
		const outcomes = await run(
			[1, 2, 3],
			async (call) => {
				peak = Math.max(peak, ++atVendor);
				await new Promise((resolve) => setTimeout(resolve, 2));
				atVendor--;
				tries.set(call, (tries.get(call) ?? 0) + 1);
				if (call === 1 && tries.get(call) === 1) throw throttled(20);
				return 'ok';
			},
			{ ...fast, concurrency: 1 },
		);
		expect(peak).toBe(1);
		expect(outcomes.get(1)).toMatchObject({ ok: true, attempts: 2 });
		// Calls 2 and 3 went out while call 1 waited out its backoff.
		expect([...tries.keys()]).toEqual([1, 2, 3]);
	});

	it('starts no more requests per second than allowed', async () => {
		const starts: number[] = [];
		await run(
			Array.from({ length: 5 }, (_, i) => i),
			async () => {
				starts.push(Date.now());
				return 'ok';
			},
			{ ...fast, maxRequestsPerSecond: 50 },
		);
		// 5 starts at 50/s take at least 4 intervals of 20 ms.
		expect(starts[4] - starts[0]).toBeGreaterThanOrEqual(78);
	});

	it('retries a call the vendor throttled, then succeeds', async () => {
		let attempts = 0;
		const outcomes = await run(['call'], async () => {
			if (++attempts < 3) throw throttled();
			return 'sent';
		});
		expect(outcomes.get('call')).toEqual({ ok: true, result: 'sent', attempts: 3 });
	});

	it('gives up after the last attempt and reports the vendor error', async () => {
		const error = throttled();
		const outcomes = await run(['call'], async () => {
			throw error;
		});
		expect(outcomes.get('call')).toEqual({ ok: false, error, attempts: 3 });
	});

	it('never repeats a call whose outcome is unknown', async () => {
		let attempts = 0;
		const outcomes = await run(['call'], async () => {
			attempts++;
			throw timedOut();
		});
		expect(attempts).toBe(1);
		expect(outcomes.get('call')).toMatchObject({ ok: false, error: { info: { code: 'TIMEOUT' } } });
	});

	it('treats an unexpected exception as possibly sent and does not retry it', async () => {
		let attempts = 0;
		const outcomes = await run(['call'], async () => {
			attempts++;
			throw new TypeError('boom');
		});
		expect(attempts).toBe(1);
		expect(outcomes.get('call')).toMatchObject({
			ok: false,
			error: { info: { code: 'INTERNAL_ERROR', maybeSent: true, retryable: false } },
		});
	});

	it('takes calls from a generator lazily: those in flight and as many again built ahead', async () => {
		let produced = 0;
		let maxAhead = 0;
		let settled = 0;
		function* calls() {
			for (let i = 0; i < 20; i++) {
				produced++;
				maxAhead = Math.max(maxAhead, produced - settled);
				yield i;
			}
		}
		await runPaced(
			calls(),
			async () => await new Promise((resolve) => setTimeout(() => resolve('ok'), 2)),
			() => settled++,
			{
				...fast,
				concurrency: 2,
			},
		);
		expect(settled).toBe(20);
		expect(maxAhead).toBeLessThanOrEqual(4);
	});

	it('builds the next call while a call is in flight, so a free worker need not wait for it', async () => {
		const built: number[] = [];
		let builtWhileFirstInFlight = 0;
		function* calls() {
			for (let i = 0; i < 3; i++) {
				built.push(i);
				yield i;
			}
		}
		await runPaced(
			calls(),
			async (call) => {
				if (call === 0) {
					await new Promise((resolve) => setTimeout(resolve, 20));
					builtWhileFirstInFlight = built.length;
				}
				return 'ok';
			},
			() => undefined,
			{ ...fast, concurrency: 1 },
		);
		expect(builtWhileFirstInFlight).toBe(2);
	});

	it('stops starting calls when an outcome cannot be recorded, and fails once the calls under way have settled', async () => {
		const executed: number[] = [];
		const settled: number[] = [];
		const unhandled: unknown[] = [];
		const noteUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', noteUnhandled);
		try {
			const run = runPaced(
				Array.from({ length: 10 }, (_, i) => i),
				async (call) => {
					executed.push(call);
					await new Promise((resolve) => setTimeout(resolve, 2));
					return 'ok';
				},
				(call) => {
					if (call === 0) throw new Error('the outcome store is gone');
					settled.push(call);
				},
				{ ...fast, concurrency: 1 },
			);
			await expect(run).rejects.toThrow('the outcome store is gone');
			await new Promise((resolve) => setTimeout(resolve, 10));
		} finally {
			process.off('unhandledRejection', noteUnhandled);
		}
		expect(executed.length).toBeLessThanOrEqual(2);
		expect(settled).toEqual(executed.slice(1));
		expect(unhandled).toEqual([]);
	});

	it('hands a failure to build a call ahead to the caller, after settling the calls built before it', async () => {
		const settledCalls: number[] = [];
		function* calls() {
			yield 0;
			yield 1;
			throw new Error('item 2 cannot be read');
		}
		const slowly = async () => await new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 5));
		await expect(
			runPaced(calls(), slowly, (call) => settledCalls.push(call), { ...fast, concurrency: 1 }),
		).rejects.toThrow('item 2 cannot be read');
		expect(settledCalls).toEqual([0, 1]);
	});
});

describe('retryDelayMs', () => {
	const options = { ...fast, baseDelayMs: 100, maxDelayMs: 1000 };

	it('doubles with every retry up to the maximum', () => {
		expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, undefined, options))).toEqual([
			100, 200, 400, 800, 1000,
		]);
	});

	it('waits as long as the vendor asks when that is longer, within the maximum', () => {
		expect(retryDelayMs(1, 700, options)).toBe(700);
		expect(retryDelayMs(3, 100, options)).toBe(400);
		expect(retryDelayMs(1, 60_000, options)).toBe(1000);
	});
});
