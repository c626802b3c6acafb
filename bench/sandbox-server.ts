/**
 * Child process of the benchmark: the loopback vendor sandbox with the test templates, answering the
 * commands of bench/sandbox-process.ts. Exits when the benchmark disconnects.
 */
// Before anything loads n8n-core (the helpers do): keeps its instance settings away from ~/.n8n.
import '../test/helpers/env';
import { sendRequests, VENDORS } from '../test/helpers/sms-campaign';
import { startSandbox, type Sandbox } from '../test/sandbox';
import type { SandboxCommand, SandboxMessage, SendStats } from './sandbox-process';

function stats(sandbox: Sandbox, provider: string, latencyMs: number): SendStats {
	const vendor = VENDORS.find((candidate) => candidate.provider === provider);
	if (!vendor) throw new Error(`Unknown vendor ${provider}`);
	const sends = sendRequests(sandbox, vendor);
	const callsByApi: Record<string, number> = {};
	for (const request of sends) callsByApi[request.api] = (callsByApi[request.api] ?? 0) + 1;
	const accepted = sandbox.sent(vendor.provider);
	const arrivals = sends.map((request) => request.at.getTime());
	return {
		sendCalls: sends.length,
		callsByApi,
		allRequests: sandbox.requests(vendor.provider).length,
		accepted: accepted.length,
		distinctTexts: new Set(accepted.map((message) => message.text)).size,
		sendSpanMs: arrivals.length === 0 ? 0 : Math.max(...arrivals) - Math.min(...arrivals) + latencyMs,
	};
}

async function main(): Promise<void> {
	let latencyMs = Number(process.argv[2] ?? 50);
	const sandbox = await startSandbox({ latencyMs });
	for (const vendor of VENDORS) vendor.define(sandbox);

	const send = (message: SandboxMessage) => process.send?.(message);
	process.on('message', (command: SandboxCommand) => {
		try {
			let value: unknown = null;
			if (command.kind === 'reset') {
				sandbox.reset();
				// The previous campaign's garbage is collected now, not in the middle of the next campaign,
				// where a collection pauses every reply of this one-threaded stand-in for a vendor.
				global.gc?.();
			} else if (command.kind === 'setLatency') {
				latencyMs = command.latencyMs;
				sandbox.setLatency(latencyMs);
			} else if (command.kind === 'stats') value = stats(sandbox, command.provider, latencyMs);
			else {
				const usage = process.cpuUsage();
				value = usage.user + usage.system;
			}
			send({ kind: 'reply', id: command.id, value });
		} catch (error) {
			send({ kind: 'failed', id: command.id, message: (error as Error).message });
		}
	});
	process.once('disconnect', () => void sandbox.close().then(() => process.exit(0)));
	send({ kind: 'ready', credentials: sandbox.credentials });
}

main().catch((error: unknown) => {
	console.error('The benchmark sandbox could not start:', error);
	process.exit(1);
});
