/**
 * Child process of the benchmark: the loopback vendor sandbox as a remote vendor with a fixed response
 * time, answering the commands of bench/sandbox-process.ts. Exits when the benchmark disconnects.
 *
 * A vendor works on concurrent requests in parallel, on its own machines, and answers each the latency
 * after it arrived. The sandbox processes requests one after another, a few milliseconds of CPU for a
 * 1,000-message batch, on the same two cores as the node being measured. So this process has two threads:
 * - a front (this thread) that reads each request as it arrives, passes it to the sandbox and answers the
 *   latency after the arrival: little CPU, so its timing stays exact;
 * - the sandbox itself (bench/sandbox-worker.ts), answering at once, in a worker thread at the lowest CPU
 *   priority: it takes only CPU the node leaves idle, as a vendor's own machines would, and an answer is
 *   late only when its processing is not done within the latency.
 */
import * as http from 'node:http';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import type { SandboxCredentials } from '../test/sandbox';
import type { SandboxCommand, SandboxMessage, SendStats } from './sandbox-process';

/** What the worker counts of a campaign; the front adds the send span from the arrivals it timed. */
export type SendCounts = Omit<SendStats, 'sendSpanMs'>;

/** The commands the worker answers: those about the sandbox's state. */
export type WorkerCommand = Extract<SandboxCommand, { kind: 'reset' | 'stats' }>;

export type WorkerMessage =
	| { kind: 'ready'; urls: Record<string, string>; credentials: SandboxCredentials }
	| { kind: 'reply'; id: number; value: unknown }
	| { kind: 'failed'; id: number; message: string };

/** To the sandbox in the worker. */
const sandboxAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface SandboxAnswer {
	status: number;
	headers: http.OutgoingHttpHeaders;
	body: Buffer;
}

class Front {
	/** When each request since the last reset arrived (performance.now()). */
	arrivals: number[] = [];

	constructor(public latencyMs: number) {}

	/** A server in front of the sandbox server at `sandboxUrl`; resolves to its own URL. */
	async serve(sandboxUrl: string): Promise<string> {
		const target = new URL(sandboxUrl);
		const server = http.createServer((request, response) => void this.answer(target, request, response));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		return `http://127.0.0.1:${port}`;
	}

	private async answer(target: URL, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const body = await readBody(request);
		// Counted from the arrival, as the sandbox itself counts its latency.
		this.arrivals.push(performance.now());
		const latencyElapsed = new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		try {
			const answer = await forward(target, request, body);
			await latencyElapsed;
			response.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
			response.end(answer.body);
		} catch {
			// The sandbox dropped the connection: so does the front.
			await latencyElapsed;
			request.socket.destroy();
		}
	}

	sendSpanMs(): number {
		const { arrivals } = this;
		return arrivals.length === 0 ? 0 : Math.max(...arrivals) - Math.min(...arrivals) + this.latencyMs;
	}
}

async function readBody(stream: http.IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** The request as it came, headers included (Aliyun signs the host), and the sandbox's whole answer. */
function forward(target: URL, request: http.IncomingMessage, body: Buffer): Promise<SandboxAnswer> {
	return new Promise((resolve, reject) => {
		const options = {
			host: target.hostname,
			port: target.port,
			method: request.method,
			path: request.url,
			headers: request.headers,
		};
		const outgoing = http.request({ ...options, agent: sandboxAgent }, (answer) => {
			readBody(answer).then((answerBody) => {
				// Hop-by-hop headers stay between the front and the sandbox.
				const {
					connection: _connection,
					'keep-alive': _keepAlive,
					'transfer-encoding': _encoding,
					...headers
				} = answer.headers;
				resolve({ status: answer.statusCode ?? 502, headers, body: answerBody });
			}, reject);
		});
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

/** The credentials with every sandbox URL replaced by its front's. */
function throughFronts(credentials: SandboxCredentials, frontOf: Map<string, string>): SandboxCredentials {
	return JSON.parse(JSON.stringify(credentials), (_key, value: unknown) =>
		typeof value === 'string' ? (frontOf.get(value) ?? value) : value,
	) as SandboxCredentials;
}

async function main(): Promise<void> {
	const front = new Front(Number(process.argv[2] ?? 50));
	const worker = new Worker(join(__dirname, 'sandbox-worker.ts'));
	worker.once('error', (error) => {
		console.error('The benchmark sandbox failed:', error);
		process.exit(1);
	});
	const waiting = new Map<number, (message: WorkerMessage) => void>();
	const ready = new Promise<Extract<WorkerMessage, { kind: 'ready' }>>((resolve) => {
		worker.on('message', (message: WorkerMessage) => {
			if (message.kind === 'ready') return resolve(message);
			waiting.get(message.id)?.(message);
			waiting.delete(message.id);
		});
	});
	const ask = (command: WorkerCommand) =>
		new Promise<WorkerMessage>((resolve) => {
			waiting.set(command.id, resolve);
			worker.postMessage(command);
		});

	const { urls, credentials } = await ready;
	const frontOf = new Map<string, string>();
	for (const sandboxUrl of Object.values(urls)) frontOf.set(sandboxUrl, await front.serve(sandboxUrl));

	const send = (message: SandboxMessage) => process.send?.(message);
	const answerOf = async (command: SandboxCommand): Promise<SandboxMessage> => {
		if (command.kind === 'setLatency') {
			front.latencyMs = command.latencyMs;
			return { kind: 'reply', id: command.id, value: null };
		}
		if (command.kind === 'cpuMicros') {
			// The whole process: the front and the sandbox's worker.
			const usage = process.cpuUsage();
			return { kind: 'reply', id: command.id, value: usage.user + usage.system };
		}
		if (command.kind === 'reset') front.arrivals = [];
		const answer = (await ask(command)) as Exclude<WorkerMessage, { kind: 'ready' }>;
		if (answer.kind !== 'reply' || command.kind !== 'stats') return answer;
		return { ...answer, value: { ...(answer.value as SendCounts), sendSpanMs: front.sendSpanMs() } };
	};
	process.on('message', (command: SandboxCommand) => void answerOf(command).then(send));
	process.once('disconnect', () => process.exit(0));
	send({ kind: 'ready', credentials: throughFronts(credentials, frontOf) });
}

main().catch((error: unknown) => {
	console.error('The benchmark sandbox could not start:', error);
	process.exit(1);
});
