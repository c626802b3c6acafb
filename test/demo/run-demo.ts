/**
 * `npm run demo [-- --provider aliyun|yunpian|chuanglan|tencent]`: a small campaign through n8n's own engine,
 * against the loopback sandbox — no vendor account, no network.
 *
 * The segment CSV goes through SMS Campaign (Send Batch) in an n8n-core workflow run, the sandbox
 * delivers the accepted messages (two handsets are switched off), and the SMS Delivery Receipt Trigger
 * is polled through n8n-core's PollContext. Receipts are joined to recipients by message id and phone.
 */
import '../helpers/env';

import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { isProviderName, VENDORS, type ProviderName } from '../../nodes/providers';
import { createPollTrigger } from '../helpers/poll';
import { startSandbox } from '../sandbox';
import { credentialsFor, deliverSegment, sendSegment } from './campaign';
import { defineDemoTemplates } from './templates';

const SEND_STATUSES = ['accepted', 'rejected', 'unknown', 'skipped', 'dryRun'];
const DELIVERY_STATUSES = ['delivered', 'failed', 'no receipt'];

export interface RecipientLine {
	/** The input item (segment row) it came from, counted from 0 as n8n does. */
	item: number;
	phone: string;
	status: string;
	messageId: string;
	/** `delivered` | `failed` | `no receipt` for accepted messages; empty for the others. */
	delivery: string;
	/** Why it was not sent, or the vendor's failure code. */
	note: string;
}

export interface DemoResult {
	lines: RecipientLine[];
	/** `recipients` and a count per send status and per delivery status (missing = 0). */
	counts: Record<string, number>;
	summary: string;
}

export async function runDemo(provider: ProviderName = 'aliyun'): Promise<DemoResult> {
	const sandbox = await startSandbox();
	try {
		defineDemoTemplates(sandbox);
		const outcomes = await sendSegment(sandbox, provider);
		deliverSegment(sandbox);
		const trigger = createPollTrigger({
			parameters: { provider, queueName: sandbox.aliyunQueueName, options: {} },
			credentials: credentialsFor(sandbox, provider),
		});
		const [receipts = []] = (await trigger.poll()) ?? [];

		const lines = recipientLines(outcomes, receipts);
		const counts = countLines(lines);
		return { lines, counts, summary: summarise(counts) };
	} finally {
		await sandbox.close();
	}
}

function recipientLines(outcomes: INodeExecutionData[], receipts: INodeExecutionData[]): RecipientLine[] {
	const receiptOf = new Map(receipts.map(({ json }) => [receiptKey(json), json]));
	return outcomes.map(({ json, pairedItem }) => {
		const receipt = json.status === 'accepted' ? receiptOf.get(receiptKey(json)) : undefined;
		const error = json.error as IDataObject | null;
		return {
			item: (pairedItem as IPairedItemData).item,
			phone: String(json.phone),
			status: String(json.status),
			messageId: String(json.messageId ?? ''),
			delivery: json.status !== 'accepted' ? '' : String(receipt?.status ?? 'no receipt'),
			note: String(error?.message ?? receipt?.errorCode ?? ''),
		};
	});
}

const receiptKey = (json: IDataObject) => `${String(json.messageId)}|${String(json.phone)}`;

function countLines(lines: RecipientLine[]): Record<string, number> {
	const counts: Record<string, number> = { recipients: lines.length };
	for (const { status, delivery } of lines) {
		counts[status] = (counts[status] ?? 0) + 1;
		if (delivery) counts[delivery] = (counts[delivery] ?? 0) + 1;
	}
	return counts;
}

/** `20 recipients: 18 accepted, 1 rejected, 1 skipped — 16 delivered, 2 failed` */
function summarise(counts: Record<string, number>): string {
	const list = (statuses: string[]) =>
		statuses.flatMap((status) => (counts[status] ? [`${counts[status]} ${status}`] : [])).join(', ');
	return `${counts.recipients} recipients: ${list(SEND_STATUSES)} — ${list(DELIVERY_STATUSES) || 'nothing delivered'}`;
}

export function formatTable(lines: RecipientLine[]): string {
	const cells = [
		['Item', 'Phone', 'Status', 'Message ID', 'Delivery', 'Note'],
		...lines.map((line) => [
			String(line.item),
			line.phone,
			line.status,
			line.messageId || '-',
			line.delivery || '-',
			line.note,
		]),
	];
	const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)));
	return cells
		.map((row) =>
			row
				.map((cell, column) => cell.padEnd(widths[column]))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

/** `--provider yunpian` or `--provider=yunpian`; default aliyun; undefined when the value is not a provider. */
function providerFromArguments(args: string[]): ProviderName | undefined {
	const flag = args.findIndex((arg) => arg === '--provider' || arg.startsWith('--provider='));
	const value = flag === -1 ? 'aliyun' : (args[flag].split('=')[1] ?? args[flag + 1]);
	return value !== undefined && isProviderName(value) ? value : undefined;
}

async function main(): Promise<void> {
	const provider = providerFromArguments(process.argv.slice(2));
	if (!provider) {
		console.error(`Usage: npm run demo -- [--provider ${VENDORS.map((vendor) => vendor.name).join('|')}]`);
		process.exitCode = 2;
		return;
	}
	console.log(`SMS campaign demo — provider ${provider}, sandbox on 127.0.0.1, n8n-core workflow engine\n`);
	const { lines, summary } = await runDemo(provider);
	console.log(formatTable(lines));
	console.log(`\n${summary}`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error('The demo failed:', error);
		process.exitCode = 1;
	});
}
