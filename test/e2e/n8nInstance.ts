/**
 * One n8n instance as a user runs it: the n8n 2.40 CLI on Node 24 (from install-n8n.sh's cache), its own
 * user folder (database, settings, community packages) and its own loopback ports. CLI commands run to their
 * end (`import:*`, `publish:workflow`, `execute`); `start` runs the server until stopped.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runProcess, startProcess, stopProcessGracefully, type Finished } from './processes';

export interface N8nInstallation {
	/** Node 24's folder (bin/node inside). */
	nodeDirectory: string;
	/** The folder n8n is installed in (node_modules/n8n inside). */
	n8nDirectory: string;
}

export interface N8nPorts {
	/** The editor, REST API and webhooks. */
	http: number;
	/** n8n's task broker; each n8n process needs its own while another one runs. */
	taskBroker: number;
}

/** A CLI command's time limit: n8n boots in about 10 s here; execute runs a few-recipient workflow. */
const CLI_TIMEOUT_MS = 3 * 60_000;
const SERVER_START_TIMEOUT_MS = 3 * 60_000;
const SERVER_READY_LINE = 'Editor is now accessible via';

export class N8nInstance {
	readonly baseUrl: string;

	constructor(
		private readonly installation: N8nInstallation,
		/** N8N_USER_FOLDER: n8n keeps everything in `<it>/.n8n`, community packages in `.n8n/nodes`. */
		readonly userFolder: string,
		private readonly ports: N8nPorts,
		/** The only folder the Read/Write Files node may touch. */
		readonly filesFolder: string,
	) {
		this.baseUrl = `http://127.0.0.1:${ports.http}`;
	}

	/** Runs `n8n <args>` to its end. */
	async cli(args: string[], taskBrokerPort = this.ports.taskBroker): Promise<Finished> {
		return await runProcess(this.nodeBinary, [this.n8nBinary, ...args], {
			env: this.environment(taskBrokerPort),
			cwd: this.userFolder,
			timeoutMs: CLI_TIMEOUT_MS,
		});
	}

	/** Runs a CLI command that must succeed; its output explains the failure when it does not. */
	async cliOrThrow(args: string[]): Promise<Finished> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.code}: ${tail(result.stdout + result.stderr)}`);
		}
		return result;
	}

	/** Imports JSON objects through a file, as `import:credentials` / `import:workflow` read them. */
	async importFile(command: 'import:credentials' | 'import:workflow', name: string, content: unknown): Promise<void> {
		const file = join(this.userFolder, `${name}.json`);
		writeFileSync(file, JSON.stringify(content, null, 2));
		await this.cliOrThrow([command, `--input=${file}`]);
	}

	/** Starts `n8n start` and resolves once it serves the editor and has activated published workflows. */
	async start(logFile: string): Promise<RunningN8n> {
		const log = createWriteStream(logFile);
		const server = startProcess(this.nodeBinary, [this.n8nBinary, 'start'], {
			env: this.environment(this.ports.taskBroker),
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		server.stdout!.pipe(log);
		server.stderr!.pipe(log);
		await new Promise<void>((resolve, reject) => {
			let seen = '';
			const timer = setTimeout(
				() => reject(new Error(`n8n start not ready after ${SERVER_START_TIMEOUT_MS / 1000} s; see ${logFile}`)),
				SERVER_START_TIMEOUT_MS,
			);
			server.stdout!.on('data', (chunk: Buffer) => {
				seen = (seen + chunk.toString()).slice(-1000);
				if (seen.includes(SERVER_READY_LINE)) {
					clearTimeout(timer);
					resolve();
				}
			});
			server.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`n8n start exited with ${code} before it was ready; see ${logFile}`));
			});
		});
		return new RunningN8n(server, this.baseUrl);
	}

	private get nodeBinary(): string {
		return join(this.installation.nodeDirectory, 'bin', 'node');
	}

	private get n8nBinary(): string {
		return join(this.installation.n8nDirectory, 'node_modules', 'n8n', 'bin', 'n8n');
	}

	private environment(taskBrokerPort: number): NodeJS.ProcessEnv {
		return {
			// Node 24 first: n8n's task runner and npm (community packages) start `node` from PATH.
			PATH: `${join(this.installation.nodeDirectory, 'bin')}:${process.env.PATH ?? ''}`,
			HOME: this.userFolder,
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_PORT: String(this.ports.http),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(taskBrokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// Only JavaScript runs in workflows here; n8n would otherwise look for a Python virtualenv at each start.
			N8N_PYTHON_ENABLED: 'false',
			// Plain http on loopback: a Secure cookie would never reach the editor in the browser check.
			N8N_SECURE_COOKIE: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesFolder,
			// No network beyond loopback and the registry: nothing may phone home or wait for an answer.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			// Refreshes its list of MCP servers from api.n8n.io every few minutes.
			N8N_DISABLED_MODULES: 'mcp-registry',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			// `execute` prints the run through the logger at this level.
			N8N_LOG_LEVEL: 'info',
			// The 100k-recipient webhook body (about 6 MB) is well below this; the default is 16 MB.
			N8N_PAYLOAD_SIZE_MAX: '64',
		};
	}
}

/** `n8n start`, running. */
export class RunningN8n {
	constructor(
		readonly process: ChildProcess,
		readonly baseUrl: string,
	) {}

	get pid(): number {
		return this.process.pid!;
	}

	async stop(): Promise<void> {
		await stopProcessGracefully(this.process);
	}
}

/** The end of a long output: where n8n says what went wrong. */
export function tail(text: string, characters = 1500): string {
	const trimmed = text.trim();
	return trimmed.length <= characters ? trimmed : `…${trimmed.slice(-characters)}`;
}
