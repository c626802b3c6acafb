/**
 * Worker thread of the benchmark's sandbox process (bench/sandbox-server.ts): the loopback vendor sandbox,
 * answering at once (the front adds the latency), and the commands about its state.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

// Before anything loads n8n-core (the helpers do): keeps its instance settings away from ~/.n8n.
import '../test/helpers/env';
import { sendRequests, VENDORS } from '../test/helpers/sms-campaign';
import { startSandbox, type Sandbox } from '../test/sandbox';
import type { SendCounts, WorkerCommand, WorkerMessage } from './sandbox-server';

/** os.setPriority's lowest priority. */
const LOWEST_PRIORITY = 19;

function counts(sandbox: Sandbox, provider: string): SendCounts {
	const vendor = VENDORS.find((candidate) => candidate.provider === provider);
	if (!vendor) throw new Error(`Unknown vendor ${provider}`);
	const sends = sendRequests(sandbox, vendor);
	const callsByApi: Record<string, number> = {};
	for (const request of sends) callsByApi[request.api] = (callsByApi[request.api] ?? 0) + 1;
	const accepted = sandbox.sent(vendor.provider);
	return {
		sendCalls: sends.length,
		callsByApi,
		allRequests: sandbox.requests(vendor.provider).length,
		accepted: accepted.length,
		distinctTexts: new Set(accepted.map((message) => message.text)).size,
	};
}

/**
 * This thread only: the vendor's processing takes CPU the node leaves idle. Linux gives each thread its
 * own priority, addressed by its thread id; elsewhere the sandbox keeps the usual one.
 */
function lowerThisThreadsPriority(): void {
	try {
		const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
		setPriority(threadId, LOWEST_PRIORITY);
	} catch {
		console.warn(
			'The benchmark sandbox runs at normal priority (no /proc/thread-self): it shares the CPU with the node.',
		);
	}
}

async function main(): Promise<void> {
	const port = parentPort;
	if (!port) throw new Error('bench/sandbox-worker.ts runs as a worker thread of bench/sandbox-server.ts');
	lowerThisThreadsPriority();
	const sandbox = await startSandbox({ latencyMs: 0 });
	for (const vendor of VENDORS) vendor.define(sandbox);
	const post = (message: WorkerMessage) => port.postMessage(message);
	port.on('message', (command: WorkerCommand) => {
		try {
			if (command.kind === 'reset') {
				sandbox.reset();
				// The previous campaign's garbage is collected now, not in the middle of the next campaign.
				global.gc?.();
				post({ kind: 'reply', id: command.id, value: null });
			} else {
				post({ kind: 'reply', id: command.id, value: counts(sandbox, command.provider) });
			}
		} catch (error) {
			post({ kind: 'failed', id: command.id, message: (error as Error).message });
		}
	});
	post({ kind: 'ready', urls: sandbox.urls, credentials: sandbox.credentials });
}

main().catch((error: unknown) => {
	console.error('The benchmark sandbox could not start:', error);
	process.exit(1);
});
