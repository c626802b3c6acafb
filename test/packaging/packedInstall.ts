import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	symlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROJECT_DIRECTORY = join(__dirname, '..', '..');

export interface PackedInstall {
	packageName: string;
	/** Paths inside the tarball, relative to the package root (`dist/...`, `package.json`). */
	packedFiles: string[];
	/** Plays the part of `~/.n8n/nodes/node_modules`, where n8n installs community packages. */
	nodeModulesDirectory: string;
	packageDirectory: string;
	/** Plays the part of the n8n host's own modules: n8n-workflow only, found through NODE_PATH. */
	hostModulesDirectory: string;
}

interface NpmPackResult {
	name: string;
	filename: string;
	shasum: string;
	files: Array<{ path: string }>;
}

/** Outside the project on purpose: from inside it, Node would quietly find the dev tree's node_modules. */
const CACHE_DIRECTORY = join(tmpdir(), 'n8n-nodes-sms-campaign-pack-test');
const INSTALLS_KEPT = 3;
const IN_USE_MS = 30 * 60 * 1000;

/**
 * `npm pack` the project and install the tarball the way n8n installs a community package: unpack it into
 * a `nodes/node_modules/<name>` folder, drop the dev, peer and optional dependencies from its package.json,
 * and `npm install` the rest without scripts. The install is reused while the tarball is byte-identical,
 * so repeated runs only pay for `npm pack`. Several runs may share the cache at once (engineers and CI on
 * one machine), so each run packs into its own folder and publishes its install with an atomic rename.
 */
export function installPackedPackage(): PackedInstall {
	mkdirSync(CACHE_DIRECTORY, { recursive: true });
	pruneOldInstalls();
	const packDirectory = mkdtempSync(join(CACHE_DIRECTORY, 'pack-'));
	try {
		const [pack] = JSON.parse(
			npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packDirectory], PROJECT_DIRECTORY),
		) as NpmPackResult[];
		const cacheKey = createHash('sha1').update(`${pack.shasum} ${PROJECT_DIRECTORY}`).digest('hex');
		const installRoot = join(CACHE_DIRECTORY, cacheKey);
		if (!existsSync(installRoot)) {
			const stagingRoot = join(packDirectory, 'install');
			installTarball(join(packDirectory, pack.filename), pack.name, stagingRoot);
			try {
				renameSync(stagingRoot, installRoot);
			} catch (error) {
				// Another run published the same install first; theirs is as good as ours.
				if (!existsSync(installRoot)) throw error;
			}
		} else {
			// Marks the install as in use for pruneOldInstalls().
			utimesSync(installRoot, new Date(), new Date());
		}
		const nodeModulesDirectory = join(installRoot, 'nodes', 'node_modules');
		return {
			packageName: pack.name,
			packedFiles: pack.files.map((file) => file.path),
			nodeModulesDirectory,
			packageDirectory: join(nodeModulesDirectory, pack.name),
			hostModulesDirectory: join(installRoot, 'host', 'node_modules'),
		};
	} finally {
		rmSync(packDirectory, { recursive: true, force: true });
	}
}

function installTarball(tarball: string, packageName: string, installRoot: string): void {
	const packageDirectory = join(installRoot, 'nodes', 'node_modules', packageName);
	mkdirSync(packageDirectory, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDirectory, '--strip-components=1']);
	stripNonRuntimeDependencies(join(packageDirectory, 'package.json'));
	npm(
		[
			'install',
			'--omit=dev',
			'--ignore-scripts',
			'--install-strategy=shallow',
			'--package-lock=false',
			'--prefer-offline',
			'--no-audit',
			'--no-fund',
		],
		packageDirectory,
	);
	const hostModulesDirectory = join(installRoot, 'host', 'node_modules');
	mkdirSync(hostModulesDirectory, { recursive: true });
	symlinkSync(
		join(PROJECT_DIRECTORY, 'node_modules', 'n8n-workflow'),
		join(hostModulesDirectory, 'n8n-workflow'),
		'dir',
	);
}

/** What n8n's community-package installer does before `npm install`, so peers are never installed twice. */
function stripNonRuntimeDependencies(packageJsonPath: string): void {
	const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
	delete packageJson.devDependencies;
	delete packageJson.peerDependencies;
	delete packageJson.optionalDependencies;
	writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
}

/**
 * Each install is some 60 MB, so keep only the few newest. Runs touch the install they use, and one that is
 * in use is at most minutes old, so a concurrent run never loses its install.
 */
function pruneOldInstalls(): void {
	const entries = readdirSync(CACHE_DIRECTORY)
		.map((entry) => join(CACHE_DIRECTORY, entry))
		// A concurrent run may remove an entry between the listing and the stat.
		.map((path) => ({ path, modifiedAt: statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now() }))
		.sort((newer, older) => older.modifiedAt - newer.modifiedAt);
	for (const entry of entries.slice(INSTALLS_KEPT)) {
		if (Date.now() - entry.modifiedAt > IN_USE_MS) rmSync(entry.path, { recursive: true, force: true });
	}
}

function npm(args: string[], cwd: string): string {
	try {
		return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (error) {
		const { stdout, stderr } = error as { stdout?: string; stderr?: string };
		throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
	}
}
