import { sleep } from 'n8n-workflow';

import { VendorError } from '../providers/types';

export interface RetryOptions {
	/** Attempts per call, the first included. */
	maxAttempts: number;
	/** Wait before the first retry; doubles with every further retry. */
	baseDelayMs: number;
	/** Longest wait between two attempts, whatever the backoff or the vendor's hint says. */
	maxDelayMs: number;
}

export interface PacingOptions extends RetryOptions {
	/** Calls in flight at once. */
	concurrency: number;
	/** Upper bound on request starts per second, retries included; 0 = no bound. */
	maxRequestsPerSecond: number;
}

export type CallOutcome<Result> =
	| { ok: true; result: Result; attempts: number }
	| { ok: false; error: VendorError; attempts: number };

/**
 * Runs every call with bounded concurrency and rate, retrying only what the vendor certainly did not
 * accept (`retryable && !maybeSent`: throttling, 5xx before acceptance). A call whose outcome is unknown
 * is never repeated. `calls` is consumed lazily: a generator keeps only the calls in flight, and as many
 * again built ahead, in memory. `settle` is told the outcome of each call exactly once.
 */
export async function runPaced<Call, Result>(
	calls: Iterable<Call>,
	execute: (call: Call) => Promise<Result>,
	settle: (call: Call, outcome: CallOutcome<Result>) => void,
	options: PacingOptions,
): Promise<void> {
	const concurrency = Math.max(1, options.concurrency);
	const queue = new CallQueue(calls[Symbol.iterator](), concurrency);
	const rate = new RateGate(options.maxRequestsPerSecond);
	const worker = async (index: number) => {
		// Taking a call may build a window of recipients first (see delivery.ts). Worker n takes its first
		// call n turns of the event loop after the first: each request then gets a turn to go out (a
		// 300 KB body takes more than one socket write) before the next window's build holds the thread.
		for (let turn = 0; turn < index; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
		for (let next = queue.take(); !next.done; next = queue.take()) {
			const call = next.value;
			const outcome = attemptWithRetry(async () => await execute(call), options, rate);
			queue.buildAhead();
			settle(call, await outcome);
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
	} finally {
		queue.close();
	}
}

/**
 * The calls still to run. While the workers wait on the vendor, up to `lookahead` calls are taken from
 * `source` ahead of them, one per turn of the event loop so that a reply arriving meanwhile is read
 * first: a call built ahead goes out the moment a worker is free, not after its window is built.
 */
class CallQueue<Call> {
	private readonly ready: Call[] = [];
	private exhausted = false;
	private failure: { error: unknown } | undefined;
	private building = false;

	constructor(
		private readonly source: Iterator<Call>,
		private readonly lookahead: number,
	) {}

	/** The next call; a failure to build one is thrown to the worker that asks next. */
	take(): IteratorResult<Call, undefined> {
		if (this.ready.length > 0) return { done: false, value: this.ready.shift() as Call };
		if (this.failure) throw this.failure.error;
		return this.pull();
	}

	buildAhead(): void {
		if (this.building || this.exhausted || this.ready.length >= this.lookahead) return;
		this.building = true;
		setImmediate(() => {
			this.building = false;
			try {
				const next = this.pull();
				if (!next.done) this.ready.push(next.value);
			} catch (error) {
				this.failure = { error };
				this.exhausted = true;
				return;
			}
			this.buildAhead();
		});
	}

	/** Nothing more is taken, e.g. after a worker failed. */
	close(): void {
		this.exhausted = true;
	}

	private pull(): IteratorResult<Call, undefined> {
		if (this.exhausted) return { done: true, value: undefined };
		// `next()` is synchronous, so each call is taken exactly once.
		const next = this.source.next();
		if (next.done) this.exhausted = true;
		return next.done ? { done: true, value: undefined } : next;
	}
}

/** One request (a template read, say) under the same retry rules as the sends. */
export async function callWithRetry<Result>(
	execute: () => Promise<Result>,
	options: RetryOptions,
): Promise<CallOutcome<Result>> {
	return await attemptWithRetry(execute, options, new RateGate(0));
}

async function attemptWithRetry<Result>(
	execute: () => Promise<Result>,
	options: RetryOptions,
	rate: RateGate,
): Promise<CallOutcome<Result>> {
	for (let attempt = 1; ; attempt++) {
		await rate.wait();
		try {
			return { ok: true, result: await execute(), attempts: attempt };
		} catch (caught) {
			const error = asVendorError(caught);
			const retry = error.info.retryable && !error.info.maybeSent && attempt < options.maxAttempts;
			if (!retry) return { ok: false, error, attempts: attempt };
			await sleep(retryDelayMs(attempt, error.retryAfterMs, options));
		}
	}
}

/** Exponential backoff, or the vendor's own hint when it is longer; never beyond `maxDelayMs`. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, options: RetryOptions): number {
	const backoff = options.baseDelayMs * 2 ** (attempt - 1);
	return Math.min(options.maxDelayMs, Math.max(backoff, retryAfterMs ?? 0));
}

/**
 * Providers throw only `VendorError`. Anything else is a defect found while the request may already
 * have been written, so it is treated as "may have been sent" and never retried.
 */
function asVendorError(caught: unknown): VendorError {
	if (caught instanceof VendorError) return caught;
	const detail = caught instanceof Error ? caught.message : String(caught);
	return new VendorError({
		code: 'INTERNAL_ERROR',
		message: `The call failed unexpectedly (${detail}); it may have reached the vendor, so it is not repeated.`,
		retryable: false,
		maybeSent: true,
	});
}

/** Spaces request starts evenly: one every 1000 / maxRequestsPerSecond ms across all workers. */
class RateGate {
	private readonly intervalMs: number;
	private nextStartAt = 0;

	constructor(maxRequestsPerSecond: number) {
		this.intervalMs = maxRequestsPerSecond > 0 ? 1000 / maxRequestsPerSecond : 0;
	}

	async wait(): Promise<void> {
		if (this.intervalMs === 0) return;
		const now = Date.now();
		const startAt = Math.max(now, this.nextStartAt);
		this.nextStartAt = startAt + this.intervalMs;
		if (startAt > now) await sleep(startAt - now);
	}
}
