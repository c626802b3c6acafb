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
	/** Once aborted, no request starts: not the next call, nor a retry. Requests under way settle as they settle. */
	signal?: AbortSignal;
}

export type CallOutcome<Result> =
	{ ok: true; result: Result; attempts: number } | { ok: false; error: VendorError; attempts: number };

/**
 * Tells the caller that a request's answer has arrived in full, before it is read. The caller may start
 * another request then; the returned promise lets it go out before the answer is read.
 */
export type Answered = () => Promise<void>;

/**
 * Runs every call with bounded concurrency and rate, retrying only what the vendor certainly did not
 * accept (`retryable && !maybeSent`: throttling, 5xx before acceptance). A call whose outcome is unknown
 * is never repeated. `calls` is consumed lazily: a generator keeps only the calls in flight, and as many
 * again built ahead, in memory. `settle` is told the outcome of each call that was attempted, exactly
 * once. After `signal` aborts, no request starts: a call never attempted, or stopped between retries of
 * an attempt the vendor certainly did not take, is not settled, and the calls not taken from `calls`
 * stay there.
 *
 * `concurrency` bounds the requests at the vendor: a request holds its slot until its answer has arrived
 * (`execute` calls `answered`) or it fails, so the next call goes out while an answer is still being read,
 * and a retry waits for a free slot again.
 */
export async function runPaced<Call, Result>(
	calls: Iterable<Call>,
	execute: (call: Call, answered: Answered) => Promise<Result>,
	settle: (call: Call, outcome: CallOutcome<Result>) => void,
	options: PacingOptions,
): Promise<void> {
	const concurrency = Math.max(1, Math.floor(options.concurrency) || 1);
	const queue = new CallQueue(calls[Symbol.iterator](), concurrency);
	const rate = new RateGate(options.maxRequestsPerSecond);
	const slots = new Slots(concurrency);
	const running = new Set<Promise<void>>();
	// A call that cannot be built, or whose outcome cannot be recorded, fails the run: no call starts
	// after it, and the calls already under way settle first.
	let failure: { error: unknown } | undefined;
	const fail = (error: unknown) => {
		failure ??= { error };
	};
	const stopped = () => failure !== undefined || options.signal?.aborted === true;
	try {
		for (let started = 0; ; started++) {
			await slots.acquire();
			// A call not built yet is built in the next turn of the event loop (buildAhead), after the request
			// just started has been written: built right here, its window would hold that request back.
			if (started > 0 && !queue.hasReady()) await nextTurn();
			let next: IteratorResult<Call, undefined> = { done: true, value: undefined };
			try {
				if (!stopped()) next = queue.take();
			} catch (error) {
				fail(error);
			}
			if (next.done) {
				// A call waiting out its backoff still needs a slot for its retry.
				slots.release();
				break;
			}
			const call = next.value;
			const task: Promise<void> = attemptWithRetry((answered) => execute(call, answered), options, rate, slots)
				.then((outcome) => outcome && settle(call, outcome))
				.catch(fail)
				.then(() => void running.delete(task));
			running.add(task);
			queue.buildAhead();
		}
		await Promise.all(running);
		if (failure) throw failure.error;
	} finally {
		queue.close();
	}
}

/** Requests at the vendor at once: `acquire` waits for a free slot, `release` frees one. */
class Slots {
	private readonly waiting: Array<() => void> = [];

	constructor(private free: number) {}

	async acquire(): Promise<void> {
		if (this.free > 0) {
			this.free--;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.free++;
	}
}

/**
 * The calls still to run. While calls are in flight, up to `lookahead` calls are taken from `source`
 * ahead, one per turn of the event loop so that an answer arriving meanwhile is read first: a call built
 * ahead goes out the moment a slot is free, not after its window is built.
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

	/** The next call; a failure to build one is thrown once the calls built before it are taken. */
	take(): IteratorResult<Call, undefined> {
		if (this.ready.length > 0) return { done: false, value: this.ready.shift() as Call };
		if (this.failure) throw this.failure.error;
		return this.pull();
	}

	hasReady(): boolean {
		return this.ready.length > 0;
	}

	buildAhead(): void {
		if (this.building || this.exhausted || this.ready.length >= this.lookahead) return;
		this.building = true;
		setImmediate(() => {
			this.building = false;
			this.buildOne();
			this.buildAhead();
		});
	}

	/** Nothing more is taken, e.g. after a call failed to build. */
	close(): void {
		this.exhausted = true;
	}

	/** One more call ready; a failure is kept for `take`. */
	private buildOne(): void {
		try {
			const next = this.pull();
			if (!next.done) this.ready.push(next.value);
		} catch (error) {
			this.failure = { error };
			this.exhausted = true;
		}
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
	const slots = new Slots(1);
	await slots.acquire();
	const outcome = await attemptWithRetry(execute, options, new RateGate(0), slots);
	return outcome ?? { ok: false, error: new VendorError(CANCELLED), attempts: 0 };
}

/** Why a request was not made: the execution was stopped first. */
export const CANCELLED = {
	code: 'CANCELLED',
	message: 'Not sent: the execution was stopped before this request started.',
	retryable: true,
	maybeSent: false,
};

/**
 * Attempts a call until it succeeds or must not be repeated. The caller holds a slot for the first
 * attempt; each attempt gives its slot back when its answer has arrived or it failed, and a retry takes
 * one again after its backoff. Undefined when `signal` stopped it before an attempt started.
 */
async function attemptWithRetry<Result>(
	execute: (answered: Answered) => Promise<Result>,
	options: RetryOptions & { signal?: AbortSignal },
	rate: RateGate,
	slots: Slots,
): Promise<CallOutcome<Result> | undefined> {
	const { signal } = options;
	for (let attempt = 1; ; attempt++) {
		if (attempt > 1) await slots.acquire();
		let holding = true;
		const giveBack = () => {
			if (holding) slots.release();
			holding = false;
		};
		const answered: Answered = async () => {
			giveBack();
			// A call waiting for the slot goes out before this answer is read.
			await nextTurn();
		};
		try {
			await rate.wait(signal);
			if (signal?.aborted) return undefined;
			return { ok: true, result: await execute(answered), attempts: attempt };
		} catch (caught) {
			const error = asVendorError(caught);
			const retry = error.info.retryable && !error.info.maybeSent && attempt < options.maxAttempts;
			if (!retry) return { ok: false, error, attempts: attempt };
			giveBack();
			await pause(retryDelayMs(attempt, error.retryAfterMs, options), signal);
			if (signal?.aborted) return undefined;
		} finally {
			giveBack();
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

	async wait(signal?: AbortSignal): Promise<void> {
		if (this.intervalMs === 0) return;
		const now = Date.now();
		const startAt = Math.max(now, this.nextStartAt);
		this.nextStartAt = startAt + this.intervalMs;
		if (startAt > now) await pause(startAt - now, signal);
	}
}

/** Waits `ms`, or less when `signal` aborts first. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (signal?.aborted) return;
	await new Promise<void>((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, { once: true });
	});
}

/** Resolves in the next turn of the event loop, after the I/O that is ready now. */
function nextTurn(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
