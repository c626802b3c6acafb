/**
 * The vendor-independent half of the sandbox: one loopback HTTP server per simulator, the request log,
 * latency and fault injection. Simulators only ever see a fully read `ParsedRequest`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ParsedRequest, VendorReply, VendorSimulator } from './plugin';
import { mulberry32 } from './state';
import type { FaultKind, FaultRule, RequestRecord } from './types';

type FaultTarget = RequestRecord['vendor'];

/** Extra delay of a `latency` fault that names none. */
const DEFAULT_FAULT_LATENCY_MS = 1000;

/** The gateway's own outage reply; JSON so that SDKs which parse every error body (Aliyun) still can. */
const SERVICE_UNAVAILABLE: VendorReply = {
	status: 503,
	headers: { 'content-type': 'application/json;charset=utf-8' },
	body: JSON.stringify({
		Code: 'ServiceUnavailable',
		Message: 'The request has failed due to a temporary failure of the server.',
	}),
};

/** Injected faults. Probabilities draw from their own seeded stream so simulators' randomness cannot shift them. */
export class FaultBook {
	private rules: Array<{ vendor: FaultTarget; rule: FaultRule; remaining: number }> = [];
	private random: () => number;

	constructor(private readonly seed: number) {
		this.random = mulberry32(seed ^ 0x5eed_fa17);
	}

	inject(vendor: FaultTarget, rule: FaultRule): void {
		this.rules.push({ vendor, rule: { ...rule }, remaining: rule.times ?? 1 });
	}

	/** The fault that answers this request, if any; consumes one use of a counted rule. */
	take(vendor: FaultTarget, api: string): FaultRule | undefined {
		for (const entry of this.rules) {
			if (entry.vendor !== vendor || (entry.rule.api !== undefined && entry.rule.api !== api)) continue;
			if (entry.rule.probability !== undefined) {
				if (this.random() < entry.rule.probability) return entry.rule;
				continue;
			}
			entry.remaining -= 1;
			this.rules = this.rules.filter((candidate) => candidate.remaining > 0);
			return entry.rule;
		}
		return undefined;
	}

	/** Forget every rule and restart the random stream, so a reset sandbox replays the same faults. */
	clear(): void {
		this.rules = [];
		this.random = mulberry32(this.seed ^ 0x5eed_fa17);
	}
}

/** What a simulator's server needs from the sandbox around it. */
export interface ServerHooks {
	faults: FaultBook;
	record(request: RequestRecord): void;
	latencyMs(): number;
}

export interface RunningServer {
	url: string;
	close(): Promise<void>;
}

export async function serveSimulator(
	simulator: VendorSimulator,
	port: number,
	hooks: ServerHooks,
): Promise<RunningServer> {
	// Aliyun SendSms carries up to 1,000 numbers in its query string: allow URLs longer than Node's 16 KB default.
	const server = http.createServer({ maxHeaderSize: 256 * 1024 }, (request, response) => {
		answer(simulator, hooks, request, response).catch((error: unknown) => {
			respond(request, response, {
				status: 500,
				headers: { 'content-type': 'application/json;charset=utf-8' },
				body: JSON.stringify({ Code: 'SandboxError', Message: String(error) }),
			});
		});
	});
	// Clients keep sockets alive between calls; outlive their idle timeouts so reuse never races a close.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const { port: boundPort } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${boundPort}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				// Also ends hanging requests and idle keep-alive sockets, so close() never waits on a client.
				server.closeAllConnections();
			}),
	};
}

async function answer(
	simulator: VendorSimulator,
	hooks: ServerHooks,
	request: http.IncomingMessage,
	response: http.ServerResponse,
): Promise<void> {
	const parsed = parseRequest(request, await readBody(request));
	const api = simulator.apiOf(parsed);
	const fault = hooks.faults.take(simulator.name, api);
	hooks.record({ vendor: simulator.name, api, at: new Date(), ...(fault ? { faulted: fault.kind } : {}) });

	// The latency is the vendor's whole response time, counted from the request's arrival. A vendor
	// processes concurrent requests in parallel, so the processing happens within it: this one-threaded
	// sandbox must not add its own CPU time, queued behind other requests', to every reply.
	const faultDelay = fault?.kind === 'latency' ? (fault.latencyMs ?? DEFAULT_FAULT_LATENCY_MS) : 0;
	const latencyElapsed = delay(hooks.latencyMs() + faultDelay);

	const earlyFault: Partial<Record<FaultKind, () => void>> = {
		http5xx: () => respond(request, response, SERVICE_UNAVAILABLE),
		throttle: () => respond(request, response, simulator.throttleReply(api)),
		hang: () => undefined,
		reset: () => request.socket.destroy(),
	};
	const unprocessed = fault && earlyFault[fault.kind];
	if (unprocessed) {
		await latencyElapsed;
		return unprocessed();
	}

	// Processing holds the one thread for a few ms (a 1,000-text batch): requests arriving meanwhile are
	// read first, so that their latency, like at a vendor, starts when they arrive.
	await new Promise((resolve) => setImmediate(resolve));
	const reply = await simulator.handle(parsed);
	const encoded = encodedReply(fault?.kind === 'malformed' ? truncated(reply) : reply);
	await latencyElapsed;
	if (fault?.kind === 'acceptThenDrop') return void request.socket.destroy();
	send(request, response, encoded);
}

/** The first half of a JSON or XML document never parses: its brackets and tags are left open. */
function truncated(reply: VendorReply): VendorReply {
	return { ...reply, status: 200, body: reply.body.slice(0, Math.ceil(reply.body.length / 2)) };
}

/** The whole body; Node's parser has already undone chunked transfer encoding. */
async function readBody(request: http.IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function parseRequest(request: http.IncomingMessage, body: Buffer): ParsedRequest {
	const target = request.url ?? '/';
	const queryStart = target.indexOf('?');
	const rawQuery = queryStart === -1 ? '' : target.slice(queryStart + 1);
	return {
		method: request.method ?? 'GET',
		path: queryStart === -1 ? target : target.slice(0, queryStart),
		rawQuery,
		query: new URLSearchParams(rawQuery),
		headers: request.headers,
		body,
	};
}

function respond(request: http.IncomingMessage, response: http.ServerResponse, reply: VendorReply): void {
	send(request, response, encodedReply(reply));
}

type EncodedReply = Omit<VendorReply, 'body'> & { body: Buffer };

/** Encoded once: a 1,000-entry batch answer is ~100 KB, and a string would be measured, then encoded. */
function encodedReply(reply: VendorReply): EncodedReply {
	return { ...reply, body: Buffer.from(reply.body) };
}

function send(request: http.IncomingMessage, response: http.ServerResponse, reply: EncodedReply): void {
	// The client may have given up (timeout) or the sandbox closed while the reply was being prepared.
	if (request.socket.destroyed || response.headersSent) return;
	response.writeHead(reply.status, { 'content-length': reply.body.length, ...reply.headers });
	response.end(reply.body);
}

function delay(ms: number): Promise<void> {
	if (ms <= 0) return Promise.resolve();
	// Unreferenced: a pending delay must not keep a closed sandbox's process alive.
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
