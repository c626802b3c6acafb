/** Waiting for things that happen in other processes, and finding loopback ports for them. */
import * as net from 'node:net';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; false when `timeoutMs` passed first. */
export async function waitUntil(
	condition: () => boolean | Promise<boolean>,
	timeoutMs: number,
	intervalMs = 250,
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await condition()) return true;
		if (Date.now() >= deadline) return false;
		await sleep(intervalMs);
	}
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}
