/**
 * The package as n8n sees it: packed, installed like a community package, and loaded by n8n-core's own
 * loader. Needs a built dist/ (`npm run build`; .ci/run builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import type { InstalledPackageReport, LoadedPackage } from './inspectInstalledPackage';
import { installPackedPackage, PROJECT_DIRECTORY, type PackedInstall } from './packedInstall';

const PACKAGE_NAME = 'n8n-nodes-sms-campaign';

/** The package.json `n8n` block, file by file, with the type name each file must declare. */
const EXPECTED_NODES: Record<string, string> = {
	'dist/nodes/SmsCampaign/SmsCampaign.node.js': 'smsCampaign',
	'dist/nodes/SmsDeliveryReceiptTrigger/SmsDeliveryReceiptTrigger.node.js': 'smsDeliveryReceiptTrigger',
	'dist/nodes/SmsReplyTrigger/SmsReplyTrigger.node.js': 'smsReplyTrigger',
};
const EXPECTED_CREDENTIALS: Record<string, string> = {
	'dist/credentials/AliyunSmsApi.credentials.js': 'aliyunSmsApi',
	'dist/credentials/YunpianApi.credentials.js': 'yunpianApi',
	'dist/credentials/ChuanglanApi.credentials.js': 'chuanglanApi',
	'dist/credentials/TencentCloudSmsApi.credentials.js': 'tencentCloudSmsApi',
};

/** Files npm adds to every tarball whatever `files` says. */
const ALWAYS_PACKED = /^(package\.json|README(\.md)?|LICEN[CS]E(\.md|\.txt)?|index\.js)$/i;

const distBuilt = existsSync(join(PROJECT_DIRECTORY, 'dist'));
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

if (!distBuilt && !inCi) {
	console.warn('Packaging tests skipped: dist/ is missing. Run `npm run build` first (CI always builds).');
}

(distBuilt || inCi ? describe : describe.skip)('installed package', () => {
	let install: PackedInstall;
	let report: InstalledPackageReport;
	let loaded: LoadedPackage;

	beforeAll(() => {
		if (!distBuilt) throw new Error('dist/ is missing: `npm run build` must run before the tests.');
		install = installPackedPackage();
		report = inspectAsN8n(install);
		[loaded] = report.packages;
	}, 300_000);

	it('packs the built files and nothing from the source tree', () => {
		const expectedFiles = [
			...Object.keys(EXPECTED_NODES),
			// Each node's codex, which the loader reads next to the compiled node.
			...Object.keys(EXPECTED_NODES).map((file) => file.replace(/\.js$/, '.json')),
			...Object.keys(EXPECTED_CREDENTIALS),
			'dist/icons/sms-campaign.svg',
			'dist/icons/aliyun.svg',
			'dist/icons/yunpian.svg',
			'dist/icons/chuanglan.svg',
			'package.json',
			'README.md',
		];
		expect(install.packedFiles).toEqual(expect.arrayContaining(expectedFiles));

		const unexpected = install.packedFiles.filter((file) => !file.startsWith('dist/') && !ALWAYS_PACKED.test(file));
		expect(unexpected).toEqual([]);
		const sources = install.packedFiles.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
		expect(sources).toEqual([]);
	});

	it('lets every file in the n8n block be required, exporting the class named after the file', () => {
		const expected = { ...EXPECTED_NODES, ...EXPECTED_CREDENTIALS };
		expect(report.requiredFiles.map(({ file }) => file).sort()).toEqual(Object.keys(expected).sort());
		for (const required of report.requiredFiles) {
			expect({ file: required.file, error: required.error }).toEqual({ file: required.file, error: undefined });
			expect(required.exportedNames).toContain(required.className);
			expect(required.typeName).toBe(expected[required.file]);
		}
	});

	it('leaves n8n-workflow to the host instead of installing its own copy', () => {
		const installedModules = join(install.packageDirectory, 'node_modules');
		expect(existsSync(join(installedModules, 'n8n-workflow'))).toBe(false);
		expect(existsSync(join(installedModules, 'n8n-core'))).toBe(false);
	});

	it("is found by n8n-core's community-package scan", () => {
		expect(report.packages.map(({ packageName, loader }) => ({ packageName, loader }))).toEqual([
			{ packageName: PACKAGE_NAME, loader: 'LazyPackageDirectoryLoader' },
		]);
	});

	it('loads without errors', () => {
		expect(loaded.loadError).toBeUndefined();
	});

	it('declares both nodes, each with its codex', () => {
		const nodeNames = Object.values(EXPECTED_NODES).sort();
		expect([...loaded.knownNodes].sort()).toEqual(nodeNames);
		expect(loaded.nodes.map(({ name }) => name).sort()).toEqual(nodeNames);
		for (const node of loaded.nodes) {
			expect({ node: node.name, categories: node.codex?.categories }).toEqual({
				node: node.name,
				categories: expect.arrayContaining(['Communication']),
			});
			expect(node.codex?.resources?.primaryDocumentation?.length).toBeGreaterThan(0);
		}
	});

	it('declares the credential of every vendor, each linked to the nodes that use it', () => {
		const credentialNames = Object.values(EXPECTED_CREDENTIALS).sort();
		expect([...loaded.knownCredentials].sort()).toEqual(credentialNames);
		expect(loaded.credentials.map(({ name }) => name).sort()).toEqual(credentialNames);
		for (const credential of loaded.credentials) {
			expect({ credential: credential.name, supportedNodes: credential.supportedNodes }).toEqual({
				credential: credential.name,
				supportedNodes: expect.arrayContaining(['smsCampaign']),
			});
		}
		const referenced = new Set(loaded.nodes.flatMap((node) => node.credentials));
		expect([...referenced].sort()).toEqual(credentialNames);
	});

	it('resolves every node and credential icon to an SVG file inside the package', () => {
		const icons = [...loaded.nodes, ...loaded.credentials].flatMap(({ name, iconUrl }) =>
			iconUrl === undefined
				? [{ name, iconUrl: 'missing' }]
				: (typeof iconUrl === 'string' ? [iconUrl] : [iconUrl.light, iconUrl.dark]).map((url) => ({
						name,
						iconUrl: url,
					})),
		);
		const everyType = [...Object.values(EXPECTED_NODES), ...Object.values(EXPECTED_CREDENTIALS)].sort();
		expect([...new Set(icons.map(({ name }) => name))].sort()).toEqual(everyType);
		for (const { name, iconUrl } of icons) {
			const iconFile = resolveIconUrl(loaded, iconUrl);
			expect({ name, iconUrl, exists: iconFile !== undefined && existsSync(iconFile) }).toEqual({
				name,
				iconUrl,
				exists: true,
			});
			expect(iconFile).toMatch(/\.svg$/);
			expect(readFileSync(iconFile as string, 'utf8')).toMatch(/^<svg[\s>]/);
		}
	});
});

/**
 * Runs test/packaging/inspectInstalledPackage.ts in its own Node process with NODE_PATH pointing at a folder
 * that holds only n8n-workflow, as n8n does for its community packages.
 */
function inspectAsN8n(install: PackedInstall): InstalledPackageReport {
	const reportDirectory = mkdtempSync(join(tmpdir(), 'n8n-sms-inspect-'));
	const reportFile = join(reportDirectory, 'report.json');
	try {
		execFileSync(
			process.execPath,
			[
				'--require',
				'ts-node/register/transpile-only',
				join(__dirname, 'inspectInstalledPackage.ts'),
				install.nodeModulesDirectory,
				reportFile,
			],
			{
				cwd: PROJECT_DIRECTORY,
				env: { ...process.env, NODE_ENV: 'production', NODE_PATH: install.hostModulesDirectory },
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		return JSON.parse(readFileSync(reportFile, 'utf8')) as InstalledPackageReport;
	} catch (error) {
		const { stderr } = error as { stderr?: string };
		throw new Error(`Inspecting the installed package failed:\n${stderr ?? String(error)}`);
	} finally {
		rmSync(reportDirectory, { recursive: true, force: true });
	}
}

/** n8n serves `icons/<package>/<path>` from the package folder and refuses paths that leave it. */
function resolveIconUrl(loadedPackage: LoadedPackage, iconUrl: string): string | undefined {
	const prefix = `icons/${loadedPackage.packageName}/`;
	if (!iconUrl.startsWith(prefix)) return undefined;
	const iconFile = resolve(loadedPackage.directory, iconUrl.slice(prefix.length));
	return relative(loadedPackage.directory, iconFile).startsWith('..') ? undefined : iconFile;
}
