/**
 * `npm run bench`: Send Batch against the loopback sandbox (fixed per-request latency, the vendors' real
 * batch limits) next to the naive per-recipient way and the ideal, for every vendor and size. Prints
 * the tables and writes them to bench/results.md.
 *
 *   npm run bench -- --sizes 1000,10000 --vendors yunpian --repeat 1
 *
 * Flags: --sizes (default 1000,10000,100000), --vendors (every vendor of the registry), --latency ms (50),
 * --concurrency (5), --repeat (5; small sizes get up to 5× as many runs), --naive-size (1000), --rate (50, the
 * node's default: calls per second of the personalised campaign, timed once, on a vendor that takes one set of
 * values per call), --personalised-size (10000), --out (bench/results.md).
 */
// Before n8n-core loads: keeps its instance settings away from ~/.n8n.
import '../test/helpers/env';

import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

import type { WorkflowRunResult } from '../test/helpers/n8n';
import { VENDORS, type VendorCase } from '../test/helpers/sms-campaign';
import { measureMemory, median, timeTask, type Timed } from './measure';
import { renderReport, type BenchSettings, type NaiveRow, type NodeTimeRow, type SendRow } from './report';
import { SandboxProcess, type SendStats } from './sandbox-process';
import { createProvider } from '../nodes/providers';
import {
	campaignItems,
	outcomeSummary,
	runCampaign,
	type CampaignRun,
	type CampaignValues,
	type ValueSource,
} from './scenarios';

const FLAGS = [
	'sizes',
	'vendors',
	'latency',
	'concurrency',
	'repeat',
	'naive-size',
	'rate',
	'personalised-size',
	'out',
];

/** Recipients and rounds of the unmeasured runs that let V8 optimise the node before it is measured. */
const WARM_UP = { size: 5000, rounds: 3 };

function readSettings(argv: string[]): BenchSettings {
	const flags = new Map<string, string>();
	for (let index = 0; index < argv.length; index++) {
		const [name, inline] = argv[index].replace(/^--/, '').split('=', 2);
		if (!FLAGS.includes(name)) throw new Error(`Unknown flag ${argv[index]}; the flags are --${FLAGS.join(', --')}`);
		flags.set(name, inline ?? argv[++index] ?? '');
	}
	const list = (name: string, fallback: string) =>
		(flags.get(name) ?? fallback).split(',').map((value) => value.trim());
	const number = (name: string, fallback: number) => {
		const value = Number(flags.get(name) ?? fallback);
		if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, not "${flags.get(name)}"`);
		return value;
	};
	const vendors = list('vendors', VENDORS.map((vendor) => vendor.provider).join(','));
	const unknown = vendors.filter((name) => !VENDORS.some((vendor) => vendor.provider === name));
	if (unknown.length > 0) throw new Error(`Unknown vendor(s): ${unknown.join(', ')}`);
	const sizes = list('sizes', '1000,10000,100000')
		.map(Number)
		.sort((a, b) => a - b);
	if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--sizes must be positive integers');
	return {
		sizes,
		vendors,
		latencyMs: number('latency', 50),
		concurrency: Math.max(1, number('concurrency', 5)),
		repeat: Math.max(1, number('repeat', 5)),
		naiveSize: Math.min(number('naive-size', 1000), sizes[0]),
		rate: number('rate', 50),
		personalisedSize: number('personalised-size', 10_000),
		outFile: flags.get('out') ?? join(__dirname, 'results.md'),
		machine: {
			cores: cpus().length,
			cpuModel: cpus()[0]?.model ?? 'unknown',
			memoryGb: totalmem() / 2 ** 30,
			node: process.version,
			loadAverage: loadavg()[0],
		},
		startedAt: new Date(),
	};
}

/** What a campaign left behind, as numbers only, so that its outputs can be collected. */
interface CampaignOutcome {
	/** n8n's execution time of the SMS Campaign node. */
	nodeTimeMs: number;
	stats: SendStats;
	sandboxCpuMicros: number;
	problem?: string;
}

const VALUE_SOURCE_ORDER: ValueSource[] = ['autoMap', 'jsonReference', 'expression'];

type Campaign = Omit<CampaignRun, 'items'> & { values: CampaignValues };

/**
 * The values of a campaign meant to fill the vendor's calls: each recipient's own, unless a call carries
 * only one set of values (Tencent), where a campaign of own values takes a call per recipient.
 */
const fillingValues = (vendor: VendorCase): CampaignValues => (vendor.batchLimit > 1 ? 'own' : 'shared');

/** The most recipients one call carries when they share their values. */
const sharedLimit = (vendor: VendorCase): number => createProvider(vendor.provider, {}).maxRecipientsPerCall;
type TimedCampaign = Omit<Timed<WorkflowRunResult>, 'value'> & CampaignOutcome;

class Bench {
	constructor(
		private readonly settings: BenchSettings,
		private readonly sandbox: SandboxProcess,
	) {}

	/** Timed runs per figure: more for small campaigns, whose few milliseconds the machine's noise blurs. */
	private runsFor(size: number): number {
		const { repeat } = this.settings;
		return Math.max(repeat, Math.min(repeat * 5, Math.round((repeat * 20_000) / size)));
	}

	/** Pacing of every real send: the ideal assumes `concurrency` calls in flight and, unless given, no rate bound. */
	private sendOptions(concurrency = this.settings.concurrency, rate = 0) {
		return { concurrency, maxRequestsPerSecond: rate };
	}

	private async timedCampaign(campaign: Campaign, size: number, expectedStatus: string): Promise<TimedCampaign> {
		return await this.runCampaign(campaign, size, expectedStatus, timeTask);
	}

	private async campaignMemory(campaign: Campaign, size: number, expectedStatus: string) {
		return await this.runCampaign(campaign, size, expectedStatus, measureMemory);
	}

	/** One campaign under `measurer`, against a freshly reset sandbox so that its counts are this campaign's. */
	private async runCampaign<Costs extends { value: WorkflowRunResult }>(
		campaign: Campaign,
		size: number,
		expectedStatus: string,
		measurer: (task: () => Promise<WorkflowRunResult>) => Promise<Costs>,
	): Promise<Omit<Costs, 'value'> & CampaignOutcome> {
		const items = campaignItems(campaign.vendor, size, campaign.source, campaign.values);
		await this.sandbox.reset();
		const sandboxCpuBefore = await this.sandbox.cpuMicros();
		const { value, ...costs } = await measurer(
			async () => await runCampaign(this.sandbox.credentials, { ...campaign, items }),
		);
		const sandboxCpuMicros = (await this.sandbox.cpuMicros()) - sandboxCpuBefore;
		const stats = await this.sandbox.stats(campaign.vendor.provider);
		const { statuses, firstError } = outcomeSummary(value);
		let problem: string | undefined;
		if (statuses[expectedStatus] !== size) {
			problem = `expected ${size} ${expectedStatus}, got ${JSON.stringify(statuses)} (${firstError})`;
		} else if (
			expectedStatus === 'accepted' &&
			campaign.operation === 'sendBatch' &&
			stats.distinctTexts !== (campaign.values === 'own' ? size : 1)
		) {
			problem = `${stats.distinctTexts} distinct texts reached the vendor for ${size} recipients (${campaign.values} values)`;
		}
		if (problem) console.warn(`  ! ${campaign.vendor.provider} ${campaign.operation} ${size}: ${problem}`);
		return { ...costs, nodeTimeMs: value.executionTimeMs, stats, sandboxCpuMicros, problem };
	}

	/** JIT and lazy loading happen here, not in the first measured run. */
	async warmUp(vendor: VendorCase): Promise<void> {
		for (let round = 0; round < WARM_UP.rounds; round++) {
			await this.sandbox.setLatency(0);
			for (const source of VALUE_SOURCE_ORDER) {
				await this.timedCampaign(
					{ vendor, operation: 'sendBatch', source, values: 'own', options: { dryRun: true } },
					WARM_UP.size,
					'dryRun',
				);
			}
			await this.sandbox.setLatency(this.settings.latencyMs);
			const send: Campaign = {
				vendor,
				operation: 'sendBatch',
				source: 'autoMap',
				values: fillingValues(vendor),
				options: this.sendOptions(),
			};
			await this.timedCampaign(send, WARM_UP.size, 'accepted');
		}
	}

	/** The node's own time without vendor calls (dry run, latency 0 for the one template read). */
	async nodeTime(vendor: VendorCase, size: number, source: ValueSource): Promise<NodeTimeRow> {
		await this.sandbox.setLatency(0);
		const runs: TimedCampaign[] = [];
		for (let run = 0; run < this.runsFor(size); run++) {
			runs.push(
				await this.timedCampaign(
					{ vendor, operation: 'sendBatch', source, values: 'own', options: { dryRun: true } },
					size,
					'dryRun',
				),
			);
		}
		return {
			provider: vendor.provider,
			size,
			source,
			runs: runs.length,
			nodeMicrosPerRecipient: (median(runs.map((run) => run.nodeTimeMs)) * 1000) / size,
			cpuMicrosPerRecipient: median(runs.map((run) => run.cpuMicros)) / size,
			problem: runs.find((run) => run.problem)?.problem,
		};
	}

	/**
	 * Timed runs for calls, wall and CPU, then one more run for memory. A `rate` bounds the calls per second,
	 * and the ideal wall is then the longer of the latency rounds and the calls at that rate; such a campaign
	 * is timed once, its wall being set by the rate.
	 */
	async sendBatch(vendor: VendorCase, size: number, values: CampaignValues, rate = 0): Promise<SendRow> {
		await this.sandbox.setLatency(this.settings.latencyMs);
		const campaign: Campaign = {
			vendor,
			operation: 'sendBatch',
			source: 'autoMap',
			values,
			options: this.sendOptions(this.settings.concurrency, rate),
		};
		const runs: TimedCampaign[] = [];
		const timedRuns = rate > 0 ? 1 : this.runsFor(size);
		for (let run = 0; run < timedRuns; run++) runs.push(await this.timedCampaign(campaign, size, 'accepted'));
		const memory = await this.campaignMemory(campaign, size, 'accepted');
		const middle = (pick: (run: TimedCampaign) => number) => median(runs.map(pick));
		const idealCalls = Math.ceil(size / (values === 'own' ? vendor.batchLimit : sharedLimit(vendor)));
		const roundsMs = Math.ceil(idealCalls / this.settings.concurrency) * this.settings.latencyMs;
		return {
			provider: vendor.provider,
			values,
			rate,
			size,
			runs: runs.length,
			calls: Math.max(...runs.map((run) => run.stats.sendCalls)),
			callsByApi: runs[0].stats.callsByApi,
			otherRequests: runs[0].stats.allRequests - runs[0].stats.sendCalls,
			idealCalls,
			idealWallMs: Math.max(roundsMs, rate > 0 ? (idealCalls / rate) * 1000 : 0),
			nodeWallMs: middle((run) => run.nodeTimeMs),
			nodeWallRangeMs: [Math.min(...runs.map((run) => run.nodeTimeMs)), Math.max(...runs.map((run) => run.nodeTimeMs))],
			sendSpanMs: middle((run) => run.stats.sendSpanMs),
			cpuMicrosPerRecipient: middle((run) => run.cpuMicros) / size,
			sandboxCpuMs: middle((run) => run.sandboxCpuMicros) / 1000,
			peakHeapBytesPerRecipient: memory.peakHeapGrowthBytes / size,
			peakLiveBytesPerRecipient: memory.peakLiveHeapGrowthBytes / size,
			retainedBytesPerRecipient: memory.retainedHeapGrowthBytes / size,
			peakRssGrowthBytes: memory.peakRssGrowthBytes,
			problem: [...runs, memory].find((run) => run.problem)?.problem,
		};
	}

	/** One vendor call per recipient, one after the other, as a per-item SMS node makes them. */
	async naive(vendor: VendorCase): Promise<NaiveRow> {
		const size = this.settings.naiveSize;
		await this.sandbox.setLatency(this.settings.latencyMs);
		const run = await this.timedCampaign(
			{ vendor, operation: 'send', source: 'autoMap', values: 'own', options: this.sendOptions(1) },
			size,
			'accepted',
		);
		return {
			provider: vendor.provider,
			size,
			calls: run.stats.sendCalls,
			api: Object.keys(run.stats.callsByApi).join(', '),
			nodeWallMs: run.nodeTimeMs,
			perCallMs: run.nodeTimeMs / Math.max(1, run.stats.sendCalls),
			cpuMicrosPerRecipient: run.cpuMicros / size,
			problem: run.problem,
		};
	}
}

function logSend(row: SendRow): void {
	console.log(
		`${row.provider} ${row.size} sendBatch (${row.values} values${row.rate ? `, ${row.rate}/s` : ''}): ` +
			`${row.calls} calls, ${row.nodeWallMs} ms (${row.nodeWallRangeMs.join('–')} over ${row.runs} runs; ideal ${row.idealWallMs} ms)`,
	);
}

async function main(): Promise<void> {
	const settings = readSettings(process.argv.slice(2));
	const vendors = VENDORS.filter((vendor) => settings.vendors.includes(vendor.provider));
	console.log(
		`SMS Campaign benchmark: ${vendors.map((vendor) => vendor.provider).join(', ')}; sizes ${settings.sizes.join(', ')}; ` +
			`latency ${settings.latencyMs} ms; concurrency ${settings.concurrency}; at least ${settings.repeat} run(s) each; ` +
			`${settings.machine.cores} cores`,
	);
	const sandbox = await SandboxProcess.start(settings.latencyMs);
	const bench = new Bench(settings, sandbox);
	const sends: SendRow[] = [];
	const nodeTimes: NodeTimeRow[] = [];
	const naive: NaiveRow[] = [];
	const started = performance.now();
	try {
		for (const vendor of vendors) {
			console.log(`${vendor.provider}: warming up`);
			await bench.warmUp(vendor);
			for (const size of settings.sizes) {
				for (const source of VALUE_SOURCE_ORDER) {
					const row = await bench.nodeTime(vendor, size, source);
					nodeTimes.push(row);
					console.log(
						`${vendor.provider} ${size} dry run ${source}: ${row.nodeMicrosPerRecipient.toFixed(1)} µs/recipient (${row.runs} runs)`,
					);
				}
				sends.push(await bench.sendBatch(vendor, size, fillingValues(vendor)));
				logSend(sends[sends.length - 1]);
			}
			if (fillingValues(vendor) === 'shared') {
				console.log(`${vendor.provider}: personalised, one call per recipient at ${settings.rate}/s`);
				sends.push(await bench.sendBatch(vendor, settings.personalisedSize, 'own', settings.rate));
				logSend(sends[sends.length - 1]);
			}
			console.log(`${vendor.provider}: naive baseline, ${settings.naiveSize} sequential calls`);
			const row = await bench.naive(vendor);
			naive.push(row);
			console.log(`${vendor.provider} naive ${row.size}: ${row.calls} calls, ${row.nodeWallMs} ms`);
		}
	} finally {
		await sandbox.close();
	}
	const report = renderReport(settings, { sends, nodeTimes, naive, durationS: (performance.now() - started) / 1000 });
	writeFileSync(settings.outFile, report);
	console.log(`\n${report}\nWritten to ${settings.outFile}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
