/**
 * The editor, as a user sees it: headless Chromium (Debian's `chromium`, driven by puppeteer-core) signed in
 * as the owner opens the webhook example, double-clicks its SMS Campaign node and the node's panel shows
 * its parameters. The screenshot of that panel is what the README shows.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import puppeteer, { type Browser } from 'puppeteer-core';

import type { E2eContext } from '../context';
import type { N8nRest } from '../n8nRest';
import { expectThat } from '../report';
import { EXAMPLE_IDS, WEBHOOK_EXAMPLE_SMS_NODE } from './examples';

const CHROMIUM = process.env.SMS_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** Nothing but loopback: no GPU, QUIC, sync, component updates or other calls home. */
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const CHECK = 'editor: the SMS Campaign node opens in the workflow editor with its parameters';
const NODE_PANEL = '[data-test-id="ndv"]';

export async function checkEditor(
	{ report }: E2eContext,
	rest: N8nRest,
	baseUrl: string,
	screenshotFile: string,
): Promise<void> {
	const skipReason = process.env.SMS_E2E_SKIP_EDITOR;
	if (skipReason) return report.skip(CHECK, skipReason);
	if (!existsSync(CHROMIUM)) {
		return report.fail(
			CHECK,
			`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set SMS_E2E_CHROMIUM`,
		);
	}
	const profile = mkdtempSync(join(tmpdir(), 'sms-campaign-e2e-chromium-'));
	let browser: Browser | undefined;
	try {
		await report.check(CHECK, async () => {
			browser = await puppeteer.launch({
				executablePath: CHROMIUM,
				headless: true,
				args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
				defaultViewport: { width: 1440, height: 900 },
			});
			await browser.setCookie({ name: 'n8n-auth', value: rest.authCookie, domain: '127.0.0.1', path: '/' });
			const page = await browser.newPage();
			await page.goto(`${baseUrl}/workflow/${EXAMPLE_IDS.webhook}`, { waitUntil: 'networkidle2', timeout: 60_000 });
			const nodeSelector = `[data-node-name="${WEBHOOK_EXAMPLE_SMS_NODE}"][data-node-type]`;
			const canvasNode = await page.waitForSelector(nodeSelector, { timeout: 30_000 });
			expectThat(canvasNode !== null, `the canvas has no node "${WEBHOOK_EXAMPLE_SMS_NODE}"`);
			const nodeType = await canvasNode.evaluate((element) => element.getAttribute('data-node-type'));
			expectThat(nodeType === 'n8n-nodes-sms-campaign.smsCampaign', `the node's type is ${String(nodeType)}`);
			await canvasNode.click({ count: 2 });
			const panel = await page.waitForSelector(NODE_PANEL, { visible: true, timeout: 30_000 });
			expectThat(panel !== null, 'the node panel did not open');
			// Lets the panel's parameters render and its open animation finish before the screenshot.
			await page.waitForNetworkIdle({ idleTime: 1000, timeout: 30_000 });
			const text = await panel.evaluate((element) => (element as unknown as { innerText: string }).innerText);
			mkdirSync(dirname(screenshotFile), { recursive: true });
			await page.screenshot({ path: screenshotFile as `${string}.png` });
			report.info(`editor screenshot: ${screenshotFile}`);
			expectThat(
				!/not (currently )?installed/i.test(text),
				`the panel says the node is not installed: ${text.slice(0, 200)}`,
			);
			for (const label of ['Credential', 'Operation', 'Phone', 'Template Code']) {
				expectThat(text.includes(label), `the panel shows no "${label}" parameter: ${text.slice(0, 300)}`);
			}
		});
	} finally {
		await browser?.close();
		rmSync(profile, { recursive: true, force: true });
	}
}
