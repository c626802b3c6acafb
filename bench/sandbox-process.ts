/**
 * The vendor sandbox in a child process (bench/sandbox-server.ts), driven over IPC. The simulators'
 * parsing, rendering and bookkeeping then run outside the measured process, so its CPU time and heap
 * are the node's (and n8n's) alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { ProviderName } from '../nodes/providers';
import type { SandboxCredentials } from '../test/sandbox';

/** What the sandbox saw of one campaign, for one vendor. */
export interface SendStats {
	/** Requests that carried messages (template reads excluded). */
	sendCalls: number;
	/** The same, by vendor API (`SendBatchSms`, `/v2/sms/multi_send.json`, …). */
	callsByApi: Record<string, number>;
	/** Every request to the vendor, template reads included. */
	allRequests: number;
	/** Messages the vendor accepted. */
	accepted: number;
	/** Distinct texts among them: one per recipient when every recipient has its own variables. */
	distinctTexts: number;
	/** From the first send request's arrival to the last one's arrival plus the latency. */
	sendSpanMs: number;
}

export type SandboxCommand =
	| { id: number; kind: 'reset' }
	| { id: number; kind: 'setLatency'; latencyMs: number }
	| { id: number; kind: 'stats'; provider: ProviderName }
	| { id: number; kind: 'cpuMicros' };

export type SandboxMessage =
	| { kind: 'ready'; credentials: SandboxCredentials }
	| { kind: 'reply'; id: number; value: unknown }
	| { kind: 'failed'; id: number; message: string };

/** A command before the client numbers it (Omit distributed over the union). */
type Unnumbered<Command> = Command extends unknown ? Omit<Command, 'id'> : never;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The server is TypeScript, run through ts-node. It prefers .ts so that `SmsCampaign.node` (imported by the
 * test helpers) resolves to the .ts file rather than to SmsCampaign.node.json next to it. The sandbox keeps
 * every message it accepts (100k per campaign); in V8's default 16 MB young generation each collection
 * copies thousands of them, and that GC time doubled the sandbox's CPU time (Chuanglan 100k: 510 ms of CPU,
 * 190 ms with a 64 MB young generation).
 */
const CHILD_EXEC_ARGV = ['-r', 'ts-node/register/transpile-only', '--max-semi-space-size=64', '--expose-gc'];
const CHILD_ENV = { TS_NODE_PREFER_TS_EXTS: 'true' };

export class SandboxProcess {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();

	private constructor(
		private readonly child: ChildProcess,
		readonly credentials: SandboxCredentials,
	) {
		child.on('message', (message: SandboxMessage) => {
			if (message.kind === 'ready') return;
			const waiting = this.pending.get(message.id);
			this.pending.delete(message.id);
			if (message.kind === 'reply') waiting?.resolve(message.value);
			else waiting?.reject(new Error(`Sandbox: ${message.message}`));
		});
		child.on('exit', (code) => {
			for (const waiting of this.pending.values())
				waiting.reject(new Error(`The sandbox process exited (code ${code})`));
			this.pending.clear();
		});
	}

	static async start(latencyMs: number): Promise<SandboxProcess> {
		const child = fork(join(__dirname, 'sandbox-server.ts'), [String(latencyMs)], {
			execArgv: CHILD_EXEC_ARGV,
			env: { ...process.env, ...CHILD_ENV },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const credentials = await new Promise<SandboxCredentials>((resolve, reject) => {
			const exited = (code: number | null) =>
				reject(new Error(`The sandbox process exited (code ${code}) before it was ready`));
			child.once('exit', exited);
			child.once('message', (message: SandboxMessage) => {
				child.off('exit', exited);
				if (message.kind === 'ready') resolve(message.credentials);
				else reject(new Error('The sandbox process answered before it was ready'));
			});
		});
		return new SandboxProcess(child, credentials);
	}

	async reset(): Promise<void> {
		await this.request({ kind: 'reset' });
	}

	async setLatency(latencyMs: number): Promise<void> {
		await this.request({ kind: 'setLatency', latencyMs });
	}

	async stats(provider: ProviderName): Promise<SendStats> {
		return (await this.request({ kind: 'stats', provider })) as SendStats;
	}

	/** CPU time the sandbox process has used so far (user + system). */
	async cpuMicros(): Promise<number> {
		return (await this.request({ kind: 'cpuMicros' })) as number;
	}

	async close(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		this.child.disconnect();
		await exited;
	}

	private request(command: Unnumbered<SandboxCommand>): Promise<unknown> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.child.send({ ...command, id });
		});
	}
}
