/**
 * Installs this project into an n8n user folder the way n8n's community-package installer does
 * (CommunityPackagesService.downloadPackage in n8n 2.40): the `npm pack` tarball unpacked into
 * `.n8n/nodes/node_modules/<name>`, dev, peer and optional dependencies dropped from its package.json, then
 * `npm install` there with n8n's own flags. n8n then loads it as a community package, so its types are
 * `n8n-nodes-sms-campaign.*` and n8n-workflow comes from the host through NODE_PATH.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runProcess } from './processes';

export const PROJECT_DIRECTORY = join(__dirname, '..', '..');
const NPM_TIMEOUT_MS = 5 * 60_000;

/** The flags n8n 2.40 passes to `npm install` in the unpacked package. */
const N8N_INSTALL_FLAGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/** Packs the built project (dist/ must be current) and installs it into `<userFolder>/.n8n/nodes`. */
export async function installAsCommunityPackage(userFolder: string): Promise<string> {
	const packDirectory = mkdtempSync(join(tmpdir(), 'sms-campaign-e2e-pack-'));
	try {
		const [pack] = JSON.parse(
			await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packDirectory], PROJECT_DIRECTORY),
		) as Array<{ name: string; filename: string }>;
		const packageDirectory = join(userFolder, '.n8n', 'nodes', 'node_modules', pack.name);
		mkdirSync(packageDirectory, { recursive: true });
		const untar = await runProcess(
			'tar',
			['-xzf', join(packDirectory, pack.filename), '-C', packageDirectory, '--strip-components=1'],
			{
				timeoutMs: NPM_TIMEOUT_MS,
			},
		);
		if (untar.code !== 0) throw new Error(`tar failed: ${untar.stderr}`);
		dropNonRuntimeDependencies(join(packageDirectory, 'package.json'));
		await npm(['install', ...N8N_INSTALL_FLAGS], packageDirectory);
		return packageDirectory;
	} finally {
		rmSync(packDirectory, { recursive: true, force: true });
	}
}

function dropNonRuntimeDependencies(packageJsonPath: string): void {
	const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
		readFileSync(packageJsonPath, 'utf8'),
	) as Record<string, unknown>;
	writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
}

async function npm(args: string[], cwd: string): Promise<string> {
	const result = await runProcess('npm', args, { cwd, timeoutMs: NPM_TIMEOUT_MS, env: process.env });
	if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd}: ${result.stderr.slice(-2000)}`);
	return result.stdout;
}
