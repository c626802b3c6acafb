/**
 * A loopback HTTP endpoint that workflows post items to (HTTP Request node): what a downstream system
 * receives, with when it arrived.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
	path: string;
	body: Record<string, unknown>;
	at: number;
}

export interface Sink {
	url: string;
	received(path: string): Received[];
	close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
	const received: Received[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			try {
				received.push({
					path: request.url ?? '/',
					body: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
					at: Date.now(),
				});
				response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			} catch (error) {
				response.writeHead(400).end(String(error));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received: (path) => received.filter((item) => item.path === path),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
