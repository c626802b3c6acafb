/**
 * The benchmark's results as Markdown: settings, the tables, and each target with PASS or FAIL.
 */
import { VENDORS } from '../test/helpers/sms-campaign';
import { KEPT_OPTIMISATIONS, REMOVED_OPTIMISATIONS } from './optimisations';
import { VALUE_SOURCES, type ValueSource } from './scenarios';

export const TARGETS = {
	wallRatio: 1.3,
	nodeMicrosPerRecipient: 20,
	bytesPerRecipient: 2048,
};

export interface BenchSettings {
	sizes: number[];
	vendors: string[];
	latencyMs: number;
	concurrency: number;
	repeat: number;
	naiveSize: number;
	/** Calls per second of the personalised campaign on a vendor that takes one set of values per call. */
	rate: number;
	personalisedSize: number;
	outFile: string;
	machine: {
		cores: number;
		cpuModel: string;
		memoryGb: number;
		node: string;
		/** One-minute load average when the run started: CPU other processes were taking. */
		loadAverage: number;
	};
	startedAt: Date;
}

export interface SendRow {
	provider: string;
	/** Whether each recipient had its own values or all shared them (see bench/scenarios.ts). */
	values: 'own' | 'shared';
	/** The campaign's bound on calls per second; 0: none. */
	rate: number;
	size: number;
	/** Timed runs behind the medians; memory comes from one more run. */
	runs: number;
	calls: number;
	callsByApi: Record<string, number>;
	/** Requests that sent nothing: the template read. */
	otherRequests: number;
	idealCalls: number;
	idealWallMs: number;
	/** n8n's execution time of the SMS Campaign node: median, and the fastest and slowest run. */
	nodeWallMs: number;
	nodeWallRangeMs: [number, number];
	sendSpanMs: number;
	cpuMicrosPerRecipient: number;
	peakHeapBytesPerRecipient: number;
	peakLiveBytesPerRecipient: number;
	retainedBytesPerRecipient: number;
	peakRssGrowthBytes: number;
	sandboxCpuMs: number;
	problem?: string;
}

export interface NodeTimeRow {
	provider: string;
	size: number;
	source: ValueSource;
	runs: number;
	nodeMicrosPerRecipient: number;
	cpuMicrosPerRecipient: number;
	problem?: string;
}

export interface NaiveRow {
	provider: string;
	size: number;
	calls: number;
	api: string;
	nodeWallMs: number;
	perCallMs: number;
	cpuMicrosPerRecipient: number;
	problem?: string;
}

export interface BenchResults {
	sends: SendRow[];
	nodeTimes: NodeTimeRow[];
	naive: NaiveRow[];
	durationS: number;
}

const number = (value: number, digits = 0) =>
	value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function duration(ms: number): string {
	if (ms < 10_000) return `${number(ms)} ms`;
	if (ms < 3_600_000) return `${number(ms / 1000, 1)} s`;
	return `${number(ms / 3_600_000, 1)} h`;
}

const table = (header: string[], rows: string[][]) =>
	[header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

const verdict = (pass: boolean) => (pass ? '**PASS**' : '**FAIL**');

/** The vendor, and how the campaign differs from the usual one of own values without a rate bound. */
function campaignLabel(row: SendRow): string {
	const notes = [row.values === 'shared' ? 'shared values' : '', row.rate > 0 ? `${number(row.rate)}/s` : ''];
	const said = notes.filter(Boolean).join(', ');
	return said ? `${row.provider} (${said})` : row.provider;
}

/** The naive campaign of `size`: measured at its own size, otherwise scaled from the measured per-call time. */
function naiveAt(
	naive: NaiveRow | undefined,
	size: number,
): { calls: number; wallMs: number; extrapolated: boolean } | undefined {
	if (!naive) return undefined;
	if (naive.size === size) return { calls: naive.calls, wallMs: naive.nodeWallMs, extrapolated: false };
	return { calls: size, wallMs: size * naive.perCallMs, extrapolated: true };
}

function callsTable(results: BenchResults): string {
	const rows = results.sends.map((row) => {
		const naive = naiveAt(
			results.naive.find((candidate) => candidate.provider === row.provider),
			row.size,
		);
		const naiveWall = naive
			? `${naive.extrapolated ? '~' : ''}${duration(naive.wallMs)}${naive.extrapolated ? ' (extrapolated)' : ''}`
			: '–';
		const [fastest, slowest] = row.nodeWallRangeMs;
		return [
			campaignLabel(row),
			number(row.size),
			`${number(row.calls)} (${Object.entries(row.callsByApi)
				.map(([api, calls]) => `${api} ${number(calls)}`)
				.join(', ')})`,
			number(row.idealCalls),
			naive ? number(naive.calls) : '–',
			`${duration(row.nodeWallMs)} (${number(fastest)}–${number(slowest)})`,
			duration(row.idealWallMs),
			`**${number(row.nodeWallMs / row.idealWallMs, 2)}×**`,
			`${duration(row.sendSpanMs)} (${number(row.sendSpanMs / row.idealWallMs, 2)}×)`,
			naiveWall,
			naive ? `${number(naive.wallMs / row.nodeWallMs)}×` : '–',
		];
	});
	return table(
		[
			'Vendor',
			'Recipients',
			'Calls (ours)',
			'Ideal calls',
			'Naive calls',
			'Wall (ours), range',
			'Ideal wall',
			'Ours / ideal',
			'Send span (/ ideal)',
			'Naive wall',
			'Naive / ours',
		],
		rows,
	);
}

/** Where the wall time above the ideal goes: requests before sending, the node's work around the sends, the sends. */
function overheadTable(results: BenchResults, latencyMs: number): string {
	const rows = results.sends.map((row) => {
		const templateReadMs = row.otherRequests * latencyMs;
		return [
			campaignLabel(row),
			number(row.size),
			duration(row.nodeWallMs - row.idealWallMs),
			`${duration(templateReadMs)} (${row.otherRequests})`,
			duration(row.nodeWallMs - row.sendSpanMs - templateReadMs),
			duration(row.sendSpanMs - row.idealWallMs),
			duration(row.sandboxCpuMs),
		];
	});
	return table(
		[
			'Vendor',
			'Recipients',
			'Wall − ideal',
			'Template read (requests)',
			'Node work outside the sends',
			'Sends − ideal',
			'Sandbox CPU',
		],
		rows,
	);
}

function costTable(results: BenchResults): string {
	const rows = results.sends.map((row) => [
		campaignLabel(row),
		number(row.size),
		number(row.cpuMicrosPerRecipient, 1),
		number(row.peakLiveBytesPerRecipient),
		number(row.peakHeapBytesPerRecipient),
		number(row.retainedBytesPerRecipient),
		number(row.peakRssGrowthBytes / 2 ** 20, 1),
	]);
	return table(
		[
			'Vendor',
			'Recipients',
			'CPU µs / recipient',
			'Peak live heap B / recipient',
			'Peak heap in use B / recipient',
			'Retained B / recipient',
			'Peak RSS growth MB',
		],
		rows,
	);
}

function nodeTimeTable(results: BenchResults): string {
	const sources = Object.keys(VALUE_SOURCES) as ValueSource[];
	const keys = [...new Set(results.nodeTimes.map((row) => `${row.provider}|${row.size}`))];
	const rows = keys.map((key) => {
		const [provider, size] = key.split('|');
		const cells = sources.map((source) => {
			const row = results.nodeTimes.find(
				(candidate) => `${candidate.provider}|${candidate.size}` === key && candidate.source === source,
			);
			return row ? `${number(row.nodeMicrosPerRecipient, 1)} (${number(row.cpuMicrosPerRecipient, 1)})` : '–';
		});
		return [provider, number(Number(size)), ...cells];
	});
	return table(['Vendor', 'Recipients', ...sources.map((source) => VALUE_SOURCES[source].label)], rows);
}

function naiveTable(results: BenchResults): string {
	const rows = results.naive.map((row) => [
		row.provider,
		number(row.size),
		row.api,
		number(row.calls),
		duration(row.nodeWallMs),
		`${number(row.perCallMs, 1)} ms`,
		number(row.cpuMicrosPerRecipient, 1),
	]);
	return table(['Vendor', 'Recipients', 'API', 'Calls', 'Wall', 'Per call', 'CPU µs / recipient'], rows);
}

/** Bytes per extra recipient between consecutive sizes of one vendor: flat when memory grows linearly. */
function marginalBytes(sends: SendRow[]): Array<{ provider: string; from: number; to: number; bytes: number }> {
	return sends.flatMap((row, index) => {
		const previous = sends
			.slice(0, index)
			.reverse()
			.find((candidate) => campaignLabel(candidate) === campaignLabel(row));
		if (!previous) return [];
		const grown = row.peakLiveBytesPerRecipient * row.size - previous.peakLiveBytesPerRecipient * previous.size;
		return [
			{ provider: campaignLabel(row), from: previous.size, to: row.size, bytes: grown / (row.size - previous.size) },
		];
	});
}

function targetsTable(results: BenchResults): string {
	const describe = (row: { provider: string; size: number }) =>
		`${'values' in row ? campaignLabel(row as SendRow) : row.provider} ${number(row.size)}`;
	const wrongCalls = results.sends.filter((row) => row.calls !== row.idealCalls);
	const ratios = results.sends.map((row) => ({ row, ratio: row.nodeWallMs / row.idealWallMs }));
	const slowWalls = ratios.filter(({ ratio }) => ratio > TARGETS.wallRatio);
	const plain = results.nodeTimes.filter((row) => row.source !== 'expression');
	const slowNodes = plain.filter((row) => row.nodeMicrosPerRecipient >= TARGETS.nodeMicrosPerRecipient);
	const worstNode = Math.max(...plain.map((row) => row.nodeMicrosPerRecipient));
	const expression = results.nodeTimes.filter((row) => row.source === 'expression');
	const heavy = results.sends.filter((row) => row.peakLiveBytesPerRecipient > TARGETS.bytesPerRecipient);
	const margins = marginalBytes(results.sends);
	const steep = margins.filter((margin) => margin.bytes > TARGETS.bytesPerRecipient);
	const list = (rows: string[]) => (rows.length > 0 ? rows.join('; ') : 'none');
	return table(
		['Target', 'Result', 'Evidence'],
		[
			[
				'Vendor calls equal to the ideal',
				verdict(wrongCalls.length === 0),
				`off: ${list(wrongCalls.map((row) => `${describe(row)}: ${row.calls} vs ${row.idealCalls}`))}`,
			],
			[
				`Wall time ≤ ${TARGETS.wallRatio}× the ideal`,
				verdict(slowWalls.length === 0),
				`over: ${list(slowWalls.map(({ row, ratio }) => `${describe(row)} ${number(ratio, 2)}×`))} (see where the time goes)`,
			],
			[
				`Node's own time < ${TARGETS.nodeMicrosPerRecipient} µs / recipient (autoMap, \`$json\` references)`,
				verdict(slowNodes.length === 0),
				`worst ${number(worstNode, 1)} µs; non-trivial expression (for comparison): ${number(Math.min(...expression.map((row) => row.nodeMicrosPerRecipient)), 1)}–${number(Math.max(...expression.map((row) => row.nodeMicrosPerRecipient)), 1)} µs`,
			],
			[
				`Peak live heap ≤ ${TARGETS.bytesPerRecipient} B / recipient beyond the input items, growing linearly`,
				verdict(heavy.length === 0 && steep.length === 0),
				`over: ${list(heavy.map((row) => `${describe(row)} ${number(row.peakLiveBytesPerRecipient)} B`))}; marginal B per extra recipient: ${list(margins.map((margin) => `${margin.provider} ${number(margin.from)}→${number(margin.to)} ${number(margin.bytes)}`))}`,
			],
		],
	);
}

export function renderReport(settings: BenchSettings, results: BenchResults): string {
	const { machine } = settings;
	const limits = VENDORS.filter((vendor) => settings.vendors.includes(vendor.provider))
		.map((vendor) => `${vendor.provider} \`${vendor.batchApi}\` ${number(vendor.batchLimit)}`)
		.join(', ');
	const problems = [...results.sends, ...results.nodeTimes, ...results.naive].filter((row) => row.problem);
	return [
		'# SMS Campaign benchmark',
		'',
		`Run ${settings.startedAt.toISOString()} on **${machine.cores} cores** (${machine.cpuModel}), ${number(machine.memoryGb, 1)} GB RAM, Node ${machine.node}, load average ${number(machine.loadAverage, 2)} when it started (other processes' CPU use, which the n8n and sandbox processes measured here had to share the cores with; 0 on an idle machine); the whole run took ${number(results.durationS / 60, 1)} min. Command: \`npm run bench\` (medians of at least ${settings.repeat} timed runs per figure, up to ${settings.repeat * 5} for small sizes).`,
		'',
		`- The vendor sandbox (test/sandbox) stands in for a remote vendor and runs in its own process (bench/sandbox-server.ts). A front thread reads each request as it arrives and answers it **${settings.latencyMs} ms** after the arrival, as a vendor that works on concurrent requests in parallel does; the sandbox itself processes the requests meanwhile in a worker thread at the lowest CPU priority, so that on this machine it takes only CPU the node leaves idle, as a vendor's own machines would (a reply is later only when that processing is not done within the latency). It collects its garbage between campaigns. CPU time and heap below are the n8n process's only.`,
		"- Each campaign runs Start → Items → SMS Campaign through n8n-core's `WorkflowExecute`; every recipient has its own mainland number and variables (`用户<i>`, `<100000+i>`), so every text differs — except on a vendor whose call carries one set of values for all its numbers (Tencent's TemplateParamSet), where the recipients share them (*shared values*: ideal calls = ⌈N / numbers per call⌉), and its *personalised* campaign of own values, one call per recipient, runs at the rate shown (ideal wall = the longer of the latency rounds and calls ÷ rate).",
		`- Send Batch: concurrency ${settings.concurrency}, no rate bound (\`maxRequestsPerSecond: 0\`; the default 50/s would itself cap the calls below what the ideal assumes), default batch size. Wall = n8n's execution time of the SMS Campaign node, template read included where there is one: the node keeps an approved template for 5 minutes (nodes/campaign/templateCache.ts), so the timed runs, which follow the warm-up, read none; an execution that has to read it takes one round trip (the latency) longer.`,
		`- Ideal: calls = ⌈N / vendor limit⌉ (${limits}); wall = ⌈calls / concurrency⌉ × latency (calls × latency / concurrency in full rounds), sends only: no template read, no processing time.`,
		`- Naive: the \`send\` operation (one vendor call per item) with concurrency 1, i.e. one call per recipient one after another as a per-item SMS node makes them. Measured for ${number(settings.naiveSize)} recipients; larger sizes are **extrapolated** from the measured time per call (marked ~).`,
		'',
		'## Vendor calls and wall time',
		'',
		"Wall: median of the timed runs, fastest–slowest in brackets. Send span: from the first send request's arrival at the sandbox to the last reply, i.e. the wall time without the template read and the work before the first call and after the last.",
		'',
		callsTable(results),
		'',
		'### Where the time above the ideal goes',
		'',
		"Template read = the requests before the first send × latency (the ideal counts sends only). Node work outside the sends = wall − send span − template read: the work of n8n and of building the first window of recipients before the first call, and after the last answer reading it, the output items of its recipients and n8n's own handling of the output. Sends − ideal = send span − ideal: the first round's calls go out one after another, each once its window (1,000 recipients for Yunpian and Chuanglan, 100 for Aliyun) is built and encoded on the node's one thread; a call of a later round, built ahead while the calls were in flight, goes out once an earlier call's answer has arrived, before that answer is read; GC pauses land in both. Sandbox CPU: the front's and the simulators' work, the latter done within the latency.",
		'',
		overheadTable(results, settings.latencyMs),
		'',
		'## CPU and memory during the sends',
		'',
		'CPU = user + system time of the n8n process for the whole workflow (all threads, GC included), HTTP client included. Heap figures are above the heap with the input items already allocated: peak live = highest heap left after any GC during the run (what the run really holds; the memory target is judged on it); peak in use = highest heap sampled every 5 ms or seen before a GC, garbage V8 had not collected yet included; retained = still in use after a full GC with the outputs alive. Memory comes from one extra run with forced GCs and sampling; the other figures from runs without either.',
		'',
		costTable(results),
		'',
		"## Node's own time per recipient (dry run, no vendor calls)",
		'',
		"µs per recipient from n8n's execution time of the SMS Campaign node (parameter resolution included), the workflow's CPU time in parentheses (n8n's time has 1 ms resolution: ±1 µs at 1,000 recipients). The template comes from the node's cache, as in every run after the warm-up.",
		'',
		nodeTimeTable(results),
		'',
		'## Naive baseline (measured)',
		'',
		naiveTable(results),
		'',
		'## Optimisations kept, and what each measured',
		'',
		table(
			['Optimisation', 'Where', 'Measured when it was made'],
			KEPT_OPTIMISATIONS.map((row) => [...row]),
		),
		'',
		REMOVED_OPTIMISATIONS,
		'',
		'## Targets',
		'',
		targetsTable(results),
		...(problems.length > 0
			? ['', '## Problems seen', '', ...problems.map((row) => `- ${row.provider} ${number(row.size)}: ${row.problem}`)]
			: []),
		'',
	].join('\n');
}
