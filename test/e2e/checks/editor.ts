/**
 * The editor, as a user sees it: headless Chromium (Debian's `chromium`, driven by puppeteer-core) signed in
 * as the owner opens the webhook example, double-clicks its SMS Campaign node and the node's panel shows
 * its parameters; then opens the Template Code picker, which lists the account's templates. The
 * screenshots of the panel and of the open list are what the README shows.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import puppeteer, { type Browser, type Page } from 'puppeteer-core';

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
const PICKER_CHECK = "editor: the Template Code picker lists the account's templates with their review state";
const NODE_PANEL = '[data-test-id="ndv"]';
/** n8n's resource locator: the input of the templateId picker, and the entries of its open list. */
const TEMPLATE_PICKER_INPUT = '[data-test-id="resource-locator-templateId"] [data-test-id="rlc-input"]';
const PICKER_ENTRY = '[data-test-id="rlc-item"]';
/** The demo's Aliyun templates (test/sandbox/demoTemplates.ts). */
const DEMO_TEMPLATES = 4;

/** Where the open picker's screenshot goes: beside the panel's. */
function pickerScreenshotFile(screenshotFile: string): string {
	return screenshotFile.replace(/(\.png)?$/, '-template-picker.png');
}

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
	let page: Page | undefined;
	try {
		await report.check(CHECK, async () => {
			browser = await puppeteer.launch({
				executablePath: CHROMIUM,
				headless: true,
				args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
				defaultViewport: { width: 1440, height: 900 },
			});
			await browser.setCookie({ name: 'n8n-auth', value: rest.authCookie, domain: '127.0.0.1', path: '/' });
			page = await browser.newPage();
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
		const panelPage = page;
		if (!panelPage) return report.skip(PICKER_CHECK, 'the node panel did not open');
		await report.check(PICKER_CHECK, async () => {
			const input = await panelPage.waitForSelector(TEMPLATE_PICKER_INPUT, { visible: true, timeout: 30_000 });
			expectThat(input !== null, 'the panel has no Template Code picker');
			await input.click();
			// A string, evaluated in the page: this project's types have no DOM.
			await panelPage.waitForFunction(`document.querySelectorAll('${PICKER_ENTRY}').length >= ${DEMO_TEMPLATES}`, {
				timeout: 30_000,
			});
			const entries = await panelPage.$$eval(PICKER_ENTRY, (elements) =>
				elements.map((element) => (element as unknown as { innerText: string }).innerText.trim()),
			);
			const file = pickerScreenshotFile(screenshotFile);
			await panelPage.screenshot({ path: file as `${string}.png` });
			report.info(`template picker screenshot: ${file}`);
			for (const label of ['积分到期提醒 (SMS_100001)', '[Pending review] 订单发货通知', '[Rejected] 抽奖活动']) {
				expectThat(
					entries.some((entry) => entry.includes(label)),
					`the list has no "${label}": ${entries.join(' | ')}`,
				);
			}
		});
	} finally {
		await browser?.close();
		rmSync(profile, { recursive: true, force: true });
	}
}
