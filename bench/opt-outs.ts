/**
 * `npm run bench:opt-outs`: what opt-outs and a campaign's receipts cost. Prints the tables and writes them
 * to bench/opt-outs-results.md.
 *
 *   npm run bench:opt-outs -- --size 100000 --latency 50 --vendors aliyun,yunpian,chuanglan
 *
 * - Suppressed Numbers: Send Batch dry runs of `size` recipients through n8n-core's WorkflowExecute, with
 *   and without a suppression list of `size` numbers (half of them recipients, written as 139…, +86 139…
 *   and 0086139… in turn, half other numbers), read by an expression from the first item as a workflow
 *   reading a table hands it over. Node time per recipient is n8n's execution time of the node / size.
 * - Receipts: `size` messages sent and delivered by the in-process sandbox, then the SMS Delivery Receipt
 *   Trigger with its default options polled through n8n-core's PollContext (each request answered after
 *   `latency` ms) until a poll emits nothing: polls needed, receipts per second while polling.
 */
// Before n8n-core loads: keeps its instance settings away from ~/.n8n.
import '../test/helpers/env';

import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { createPollTrigger } from '../test/helpers/poll';
import { mainlandNumber, VENDORS, type VendorCase } from '../test/helpers/sms-campaign';
import { startSandbox, type Sandbox } from '../test/sandbox';
import { median } from './measure';
import { campaignItems, outcomeSummary, runCampaign } from './scenarios';

const FLAGS = ['size', 'latency', 'vendors', 'repeat', 'out'];
/** The node-time target per recipient (README "Performance"). */
const TARGET_MICROS_PER_RECIPIENT = 20;
const MAX_POLLS = 5;

function readFlags(argv: string[]) {
	const flags = new Map<string, string>();
	for (let index = 0; index < argv.length; index++) {
		const [name, inline] = argv[index].replace(/^--/, '').split('=', 2);
		if (!FLAGS.includes(name)) throw new Error(`Unknown flag ${argv[index]}; the flags are --${FLAGS.join(', --')}`);
		flags.set(name, inline ?? argv[++index] ?? '');
	}
	const vendors = (flags.get('vendors') ?? VENDORS.map((vendor) => vendor.provider).join(',')).split(',');
	return {
		size: Number(flags.get('size') ?? 100_000),
		latencyMs: Number(flags.get('latency') ?? 50),
		repeat: Number(flags.get('repeat') ?? 3),
		vendors: VENDORS.filter((vendor) => vendors.includes(vendor.provider)),
		outFile: flags.get('out') ?? join(__dirname, 'opt-outs-results.md'),
	};
}

/** `size` numbers: every other recipient in one of three written forms, and as many numbers that are not recipients. */
function suppressionList(size: number): string[] {
	const forms = [(n: string) => n, (n: string) => `+86 ${n}`, (n: string) => `0086${n}`];
	return Array.from({ length: size }, (_, index) =>
		index % 2 === 0 ? forms[(index / 2) % 3](mainlandNumber(index)) : mainlandNumber(10_000_000 + index),
	);
}

async function dryRunMicrosPerRecipient(
	sandbox: Sandbox,
	vendor: VendorCase,
	size: number,
	suppressed: string[] | undefined,
): Promise<{ micros: number; skipped: number }> {
	const items = campaignItems(vendor, size, 'autoMap', 'own');
	if (suppressed) items[0] = { ...items[0], optOuts: suppressed };
	const result = await runCampaign(sandbox.credentials, {
		vendor,
		operation: 'sendBatch',
		items,
		source: 'autoMap',
		options: { dryRun: true, ...(suppressed ? { suppressedNumbers: '={{ $json.optOuts }}' } : {}) },
	});
	const { statuses, firstError } = outcomeSummary(result);
	const skipped = statuses.skipped ?? 0;
	if ((statuses.dryRun ?? 0) + skipped !== size) throw new Error(`${vendor.provider} dry run: ${firstError}`);
	return { micros: (result.executionTimeMs * 1000) / size, skipped };
}

async function suppressionRows(sandbox: Sandbox, settings: ReturnType<typeof readFlags>): Promise<string[]> {
	const list = suppressionList(settings.size);
	const rows: string[] = [];
	for (const vendor of settings.vendors) {
		// The first runs warm V8 up and fill the template cache; they are not counted.
		await dryRunMicrosPerRecipient(sandbox, vendor, 5000, list.slice(0, 5000));
		await dryRunMicrosPerRecipient(sandbox, vendor, 5000, undefined);
		const without: number[] = [];
		const withList: number[] = [];
		let skipped = 0;
		for (let run = 0; run < settings.repeat; run++) {
			without.push((await dryRunMicrosPerRecipient(sandbox, vendor, settings.size, undefined)).micros);
			const suppressedRun = await dryRunMicrosPerRecipient(sandbox, vendor, settings.size, list);
			withList.push(suppressedRun.micros);
			skipped = suppressedRun.skipped;
		}
		const verdict = median(withList) <= TARGET_MICROS_PER_RECIPIENT ? 'yes' : '**no**';
		rows.push(
			`| ${vendor.provider} | ${settings.size.toLocaleString('en')} | ${list.length.toLocaleString('en')} | ${skipped.toLocaleString('en')} | ${median(without).toFixed(1)} | ${median(withList).toFixed(1)} | ${verdict} |`,
		);
		console.log(rows[rows.length - 1]);
	}
	return rows;
}

async function drainRows(sandbox: Sandbox, settings: ReturnType<typeof readFlags>): Promise<string[]> {
	const rows: string[] = [];
	for (const vendor of settings.vendors) {
		sandbox.reset();
		sandbox.setLatency(0);
		vendor.define(sandbox);
		// A vendor whose calls carry one set of values (Tencent) sends the same values to all, in full calls.
		const values = vendor.batchLimit > 1 ? 'own' : 'shared';
		const sent = await runCampaign(sandbox.credentials, {
			vendor,
			operation: 'sendBatch',
			items: campaignItems(vendor, settings.size, 'autoMap', values),
			source: 'autoMap',
			options: { concurrency: 10, maxRequestsPerSecond: 0 },
		});
		const { statuses, firstError } = outcomeSummary(sent);
		if (statuses.accepted !== settings.size) throw new Error(`${vendor.provider} send: ${firstError}`);
		const delivered = sandbox.deliver();
		sandbox.setLatency(settings.latencyMs);
		const poller = createPollTrigger({
			parameters: { provider: vendor.provider, queueName: sandbox.aliyunQueueName },
			credentials: sandbox.credentials,
		});
		const perPoll: number[] = [];
		const started = performance.now();
		for (let poll = 0; poll < MAX_POLLS + 1; poll++) {
			const result = await poller.poll();
			const count = result?.[0].length ?? 0;
			if (count === 0) break;
			perPoll.push(count);
		}
		const seconds = (performance.now() - started) / 1000;
		const emitted = perPoll.reduce((total, count) => total + count, 0);
		const stateBytes = JSON.stringify(poller.staticData).length;
		rows.push(
			`| ${vendor.provider} | ${delivered.toLocaleString('en')} | ${perPoll.length} (${perPoll.map((count) => count.toLocaleString('en')).join(' + ')}) | ${emitted === delivered && perPoll.length <= MAX_POLLS ? 'yes' : '**no**'} | ${seconds.toFixed(1)} s | ${Math.round(emitted / seconds).toLocaleString('en')} | ${sandbox.pendingReceipts(vendor.provider)} | ${(stateBytes / 1024).toFixed(0)} KB |`,
		);
		console.log(rows[rows.length - 1]);
	}
	return rows;
}

async function main(): Promise<void> {
	const settings = readFlags(process.argv.slice(2));
	const sandbox = await startSandbox();
	try {
		for (const vendor of VENDORS) vendor.define(sandbox);
		const startedAt = new Date();
		console.log('Suppressed Numbers (dry run, node time per recipient)');
		const suppression = await suppressionRows(sandbox, settings);
		console.log(`Receipt backlog (default options, ${settings.latencyMs} ms per vendor request)`);
		const drain = await drainRows(sandbox, settings);
		const report = [
			'# Opt-outs and receipts benchmark',
			'',
			`Run ${startedAt.toISOString()} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. Command: \`npm run bench:opt-outs -- --size ${settings.size} --latency ${settings.latencyMs} --repeat ${settings.repeat}\`. The sandbox runs in the same process (bench/opt-outs.ts says what each table measures).`,
			'',
			'## Suppressed Numbers',
			'',
			`Send Batch dry runs through n8n-core's WorkflowExecute; node time = n8n's execution time of the SMS Campaign node / recipients, median of ${settings.repeat} runs. The list is read by an expression (\`{{ $json.optOuts }}\`) from the first item; half of it are recipients, written as 139…, +86 139… and 0086139… in turn. Target: ≤ ${TARGET_MICROS_PER_RECIPIENT} µs per recipient.`,
			'',
			'| Vendor | Recipients | Suppressed numbers | Skipped (OPTED_OUT) | µs / recipient without list | µs / recipient with list | Within target |',
			'| --- | --- | --- | --- | --- | --- | --- |',
			...suppression,
			'',
			'## Receipt backlog',
			'',
			`${settings.size.toLocaleString('en')} messages sent and delivered, then the SMS Delivery Receipt Trigger with its default options (25,000 per poll) polled through n8n-core's PollContext until a poll emits nothing; each vendor request is answered ${settings.latencyMs} ms after it arrives. Receipts per second = receipts emitted / time of all the polls (acknowledgements and the last, empty poll included). Static data = the trigger's seen keys as saved with the workflow.`,
			'',
			`| Vendor | Receipts waiting | Polls (per poll) | Drained within ${MAX_POLLS} polls | Time | Receipts / s | Left at the vendor | Static data |`,
			'| --- | --- | --- | --- | --- | --- | --- | --- |',
			...drain,
			'',
		].join('\n');
		writeFileSync(settings.outFile, report);
		console.log(`\nWritten to ${settings.outFile}`);
	} finally {
		await sandbox.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
