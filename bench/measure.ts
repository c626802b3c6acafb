/**
 * Time and memory of one task, in this process only (the sandbox runs in its own). They are measured in
 * separate runs: the forced GCs and the heap sampling a memory measurement needs would slow the task
 * down (a full GC also lets V8 drop optimised code), so timed runs do neither.
 */
import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often heap and RSS are sampled while the task runs; the GC profiler catches the peaks in between. */
const SAMPLE_INTERVAL_MS = 5;

export interface Timed<T> {
	value: T;
	wallMs: number;
	/** User + system CPU time of this process during the task (every thread, GC helpers included). */
	cpuMicros: number;
}

/** Heap and RSS growth above the state before the task, whose inputs the caller has already allocated. */
export interface MemoryUse<T> {
	value: T;
	/** Highest heap in use during the task, garbage not yet collected included. */
	peakHeapGrowthBytes: number;
	/**
	 * Highest heap left right after any GC during the task (or at its end): the memory the task really
	 * held, give or take old garbage that a minor GC does not reclaim.
	 */
	peakLiveHeapGrowthBytes: number;
	/** Heap still in use after the task and a full GC, with its result alive. */
	retainedHeapGrowthBytes: number;
	/** Highest resident set size sampled during the task. */
	peakRssGrowthBytes: number;
}

/** `global.gc` without requiring `node --expose-gc`. */
const collectGarbage: () => void = (() => {
	if (typeof global.gc === 'function') return global.gc;
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
})();

function fullGc(): void {
	// A second pass frees what the first one's finalizers released.
	collectGarbage();
	collectGarbage();
}

export async function timeTask<T>(task: () => Promise<T>): Promise<Timed<T>> {
	const cpuStart = process.cpuUsage();
	const wallStart = performance.now();
	const value = await task();
	const wallMs = performance.now() - wallStart;
	const cpu = process.cpuUsage(cpuStart);
	return { value, wallMs, cpuMicros: cpu.user + cpu.system };
}

/**
 * Runs `task` after a full GC. The peak heap in use is the larger of the samples and of the heap V8 saw
 * right before each GC; the peak live heap the largest heap V8 left after one.
 */
export async function measureMemory<T>(task: () => Promise<T>): Promise<MemoryUse<T>> {
	fullGc();
	const before = process.memoryUsage();
	let peakHeap = before.heapUsed;
	let peakRss = before.rss;
	const sample = () => {
		const now = process.memoryUsage();
		peakHeap = Math.max(peakHeap, now.heapUsed);
		peakRss = Math.max(peakRss, now.rss);
	};
	const sampler = setInterval(sample, SAMPLE_INTERVAL_MS);
	const gcProfiler = new GCProfiler();
	gcProfiler.start();

	const value = await task();

	clearInterval(sampler);
	sample();
	let peakLiveHeap = 0;
	for (const gc of gcProfiler.stop()?.statistics ?? []) {
		peakHeap = Math.max(peakHeap, gc.beforeGC.heapStatistics.usedHeapSize);
		peakLiveHeap = Math.max(peakLiveHeap, gc.afterGC.heapStatistics.usedHeapSize);
	}
	fullGc();
	const retainedHeap = process.memoryUsage().heapUsed;
	return {
		value,
		peakHeapGrowthBytes: peakHeap - before.heapUsed,
		peakLiveHeapGrowthBytes: Math.max(peakLiveHeap, retainedHeap) - before.heapUsed,
		retainedHeapGrowthBytes: retainedHeap - before.heapUsed,
		peakRssGrowthBytes: peakRss - before.rss,
	};
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
