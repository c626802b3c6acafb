/**
 * Looks at an installed copy of the package the way an n8n instance does, and writes what it saw as JSON.
 * It runs in its own Node process so that, as inside n8n, the package finds n8n-workflow only through
 * NODE_PATH, and n8n-core loads classes through its production path (a vm script) rather than its test
 * shortcut (NODE_ENV=test).
 *
 * Usage: node -r ts-node/register/transpile-only inspectInstalledPackage.ts <nodes/node_modules> <report.json>
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { scanDirectoryForPackages } from 'n8n-core';
import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';

export interface RequiredFile {
	/** Path as listed in the package.json `n8n` block. */
	file: string;
	kind: 'node' | 'credential';
	/** The class n8n expects the file to export: its file name up to the first dot. */
	className: string;
	exportedNames: string[];
	/** `description.name` of a node, `name` of a credential. */
	typeName?: string;
	error?: string;
}

export interface LoadedNode {
	name: string;
	iconUrl: INodeTypeDescription['iconUrl'];
	codex: INodeTypeDescription['codex'];
	credentials: string[];
}

export interface LoadedCredential {
	name: string;
	iconUrl: ICredentialType['iconUrl'];
	supportedNodes: string[];
}

export interface LoadedPackage {
	packageName: string;
	directory: string;
	loader: string;
	/** Why `loadAll()` failed; n8n then drops the whole package. */
	loadError?: string;
	knownNodes: string[];
	knownCredentials: string[];
	nodes: LoadedNode[];
	credentials: LoadedCredential[];
}

export interface InstalledPackageReport {
	requiredFiles: RequiredFile[];
	packages: LoadedPackage[];
}

interface N8nBlock {
	nodes?: string[];
	credentials?: string[];
}

function requireListedFiles(packageDirectory: string): RequiredFile[] {
	// eslint-disable-next-line @typescript-eslint/no-var-requires -- the installed package, loaded as n8n loads it
	const { n8n } = require(join(packageDirectory, 'package.json')) as { n8n?: N8nBlock };
	const listed = [
		...(n8n?.nodes ?? []).map((file) => ({ file, kind: 'node' as const })),
		...(n8n?.credentials ?? []).map((file) => ({ file, kind: 'credential' as const })),
	];
	return listed.map(({ file, kind }) => {
		const className = basename(file).split('.')[0];
		try {
			// eslint-disable-next-line @typescript-eslint/no-var-requires -- as n8n's loader requires each listed file
			const exported = require(join(packageDirectory, file)) as Record<string, new () => unknown>;
			const instance = new exported[className]();
			const typeName = kind === 'node' ? (instance as INodeType).description.name : (instance as ICredentialType).name;
			return { file, kind, className, exportedNames: Object.keys(exported), typeName };
		} catch (error) {
			return { file, kind, className, exportedNames: [], error: String(error) };
		}
	});
}

async function inspect(nodeModulesDirectory: string): Promise<InstalledPackageReport> {
	const loaders = await scanDirectoryForPackages(nodeModulesDirectory);
	const packages: LoadedPackage[] = [];
	let requiredFiles: RequiredFile[] = [];
	for (const loader of loaders) {
		const directory = loader.resolveSourcePath('.');
		// The loader goes first so that it meets the package cold, as n8n does at startup.
		const loadError = await loader.loadAll().then(
			() => undefined,
			(error: unknown) => String(error),
		);
		requiredFiles = requiredFiles.concat(requireListedFiles(directory));
		packages.push({
			packageName: loader.packageName,
			directory,
			loader: loader.constructor.name,
			loadError,
			knownNodes: Object.keys(loader.known.nodes),
			knownCredentials: Object.keys(loader.known.credentials),
			nodes: loader.types.nodes.map((description) => ({
				name: description.name,
				iconUrl: description.iconUrl,
				codex: description.codex,
				credentials: (description.credentials ?? []).map((credential) => credential.name),
			})),
			credentials: loader.types.credentials.map((credential) => ({
				name: credential.name,
				iconUrl: credential.iconUrl,
				supportedNodes: credential.supportedNodes ?? [],
			})),
		});
	}
	return { requiredFiles, packages };
}

if (require.main === module) {
	const [nodeModulesDirectory, reportFile] = process.argv.slice(2);
	inspect(nodeModulesDirectory).then(
		(report) => writeFileSync(reportFile, JSON.stringify(report, null, 2)),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
