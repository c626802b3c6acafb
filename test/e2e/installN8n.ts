/**
 * Node 24 and n8n 2.40 in the cache folder, installed by install-n8n.sh (about 10 minutes the first time,
 * nothing to do when its markers are there).
 */
import { join } from 'node:path';

import type { N8nInstallation } from './n8nInstance';
import { runProcess } from './processes';
import type { Report } from './report';

const INSTALL_SCRIPT = join(__dirname, 'install-n8n.sh');
const INSTALL_TIMEOUT_MS = 40 * 60_000;

export async function installN8n(report: Report): Promise<N8nInstallation> {
	const startedAt = Date.now();
	const result = await runProcess('bash', [INSTALL_SCRIPT], { timeoutMs: INSTALL_TIMEOUT_MS, env: process.env });
	if (result.code !== 0) throw new Error(`install-n8n.sh failed (${result.code}): ${result.stderr.slice(-3000)}`);
	const layout = /node24=(\S+) n8n=(\S+)\s*$/.exec(result.stdout);
	if (!layout) throw new Error(`install-n8n.sh printed no layout: ${result.stdout.slice(-500)}`);
	const installed = result.stderr.includes('Installing');
	report.info(
		`n8n install: ${installed ? `installed in ${((Date.now() - startedAt) / 60_000).toFixed(1)} min` : 'reused from the cache'} (${layout[2]})`,
	);
	return { nodeDirectory: layout[1], n8nDirectory: layout[2] };
}
