/**
 * `npm run lint` only protects the package if ESLint really parses TypeScript and applies
 * eslint-plugin-n8n-nodes-base (and TypeScript's recommended rules to specs and the benchmark); a config
 * that silently loads nothing would pass every file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PROJECT_DIRECTORY } from './packedInstall';

const ESLINT_BIN = join(PROJECT_DIRECTORY, 'node_modules', 'eslint', 'bin', 'eslint.js');

/**
 * Lints `source` as if it were the file at `relativePath`, through the ESLint CLI that `npm run lint` runs.
 * A separate process because the n8n plugin checks package.json differently when NODE_ENV is `test`.
 */
function ruleIds(relativePath: string, source: string): Array<string | null> {
	const environment = { ...process.env };
	delete environment.NODE_ENV;
	const eslint = spawnSync(
		process.execPath,
		[ESLINT_BIN, '--format', 'json', '--stdin', '--stdin-filename', relativePath],
		{ cwd: PROJECT_DIRECTORY, env: environment, input: source, encoding: 'utf8' },
	);
	if (eslint.status === 2 || eslint.error) throw new Error(`ESLint crashed: ${eslint.stderr}`);
	const [result] = JSON.parse(eslint.stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>;
	return result.messages.map((message) => message.ruleId);
}

function read(relativePath: string): string {
	return readFileSync(join(PROJECT_DIRECTORY, relativePath), 'utf8');
}

describe('lint configuration', () => {
	it('applies the credentials rules to credentials/', () => {
		const source = read('credentials/YunpianApi.credentials.ts').replace(
			"displayName = 'Yunpian API'",
			"displayName = 'yunpian api'",
		);
		expect(ruleIds('credentials/YunpianApi.credentials.ts', source)).toEqual(
			expect.arrayContaining([
				'n8n-nodes-base/cred-class-field-display-name-miscased',
				'n8n-nodes-base/cred-class-field-display-name-missing-api',
			]),
		);
	});

	it('applies the nodes rules to nodes/', () => {
		const source = [
			"import type { INodeProperties } from 'n8n-workflow';",
			"export const probe: INodeProperties = { displayName: 'sms provider', name: 'provider', type: 'string', default: '' };",
		].join('\n');
		expect(ruleIds('nodes/shared/lintProbe.ts', source)).toContain('n8n-nodes-base/node-param-display-name-miscased');
	});

	it.each(['test/unit/lintProbe.test.ts', 'bench/lintProbe.ts'])(
		"applies TypeScript's recommended rules to %s",
		(file) => {
			const source = 'const unused: any = 1;\nexport {};';
			expect(ruleIds(file, source)).toEqual(
				expect.arrayContaining(['@typescript-eslint/no-unused-vars', '@typescript-eslint/no-explicit-any']),
			);
		},
	);

	it('applies the community rules to package.json', () => {
		const packageJson = JSON.parse(read('package.json')) as { keywords: string[] };
		packageJson.keywords = packageJson.keywords.filter((keyword) => keyword !== 'n8n-community-node-package');
		expect(ruleIds('package.json', JSON.stringify(packageJson, null, 2))).toContain(
			'n8n-nodes-base/community-package-json-keywords-without-official-tag',
		);
	});
});
