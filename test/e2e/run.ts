/**
 * `npm run e2e`: the package installed into a real n8n 2.40 (Node 24) the way users install it, driven
 * through n8n's CLI, REST API, webhooks and editor, against the loopback vendor sandbox running in this
 * process (so the checks read the sandbox's record of what each vendor accepted).
 *
 * Phases: install n8n (cached) → install the packed project as a community package → import credentials
 * and workflows → checks through `n8n execute` → publish → `n8n start` → checks through the server → stop
 * everything. Prints one PASS/FAIL line per check and last `N passed, N failed`; exits 1 when any failed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { defineDemoTemplates } from '../sandbox/demoTemplates';
import { startSandbox, type Sandbox, type SentMessage } from '../sandbox';
import { checkCredentialTests, credentialsToImport } from './checks/credentials';
import { checkPickers } from './checks/pickers';
import { checkEditor } from './checks/editor';
import {
	callWebhookExample,
	checkReceiptExample,
	checkSegmentExample,
	checkWebhookExample,
	EXAMPLE_IDS,
	exampleWorkflows,
	isUnreachable,
	resendsSoFar,
} from './checks/examples';
import { checkLoad, loadWorkflow } from './checks/load';
import { checkNodeSettings, nodeSettingsWorkflows } from './checks/nodeSettings';
import {
	checkFirstPoll,
	checkNextPoll,
	deliverRound,
	RECEIPT_SINK_WORKFLOW_ID,
	receiptSinkWorkflow,
	type ReceiptRound,
	SECOND_ROUND_SENDER_ID,
	secondRoundSenderWorkflow,
	sendSecondRound,
} from './checks/receiptTriggers';
import { checkReplies, injectReplies, REPLY_SINK_WORKFLOW_ID, replySinkWorkflow } from './checks/replyTriggers';
import { checkRetryAfterLostAnswer, retryLostAnswerWorkflows } from './checks/retryLostAnswer';
import { checkSendBatch, sendBatchWorkflows } from './checks/sendBatch';
import { checkStop, stopWorkflow } from './checks/stop';
import { installAsCommunityPackage, PROJECT_DIRECTORY } from './communityPackage';
import type { E2eContext } from './context';
import { installN8n } from './installN8n';
import { N8nInstance, type RunningN8n } from './n8nInstance';
import { N8nRest } from './n8nRest';
import { killAllProcesses } from './processes';
import { Report } from './report';
import { startSink, type Sink } from './sink';
import { freePort, waitUntil } from './timing';

const RESULTS_FILE = process.env.SMS_E2E_RESULTS;
/** Where the editor screenshot goes; `docs/` refreshes the README's picture. */
const SCREENSHOT_FILE = process.env.SMS_E2E_SCREENSHOT;
/** Workflows the server runs: published before it starts, since n8n activates at startup. */
const PUBLISHED = [
	EXAMPLE_IDS.webhook,
	EXAMPLE_IDS.receipts,
	RECEIPT_SINK_WORKFLOW_ID,
	REPLY_SINK_WORKFLOW_ID,
	SECOND_ROUND_SENDER_ID,
	'e2eStopAliyun',
	'e2eLoadYunpian',
];

async function main(): Promise<void> {
	const startedAt = Date.now();
	const report = new Report();
	const workFolder = mkdtempSync(join(tmpdir(), 'sms-campaign-e2e-'));
	const cleanups: Array<() => Promise<void> | void> = [];
	try {
		const installation = await installN8n(report);
		const userFolder = join(workFolder, 'n8n-user');
		const filesFolder = join(workFolder, 'files');
		mkdirSync(filesFolder, { recursive: true });
		await installAsCommunityPackage(userFolder);

		const sandbox = await startSandbox();
		cleanups.push(() => sandbox.close());
		defineDemoTemplates(sandbox);
		const sink = await startSink();
		cleanups.push(() => sink.close());

		const n8n = new N8nInstance(
			installation,
			userFolder,
			{ http: await freePort(), taskBroker: await freePort() },
			filesFolder,
		);
		const context: E2eContext = { sandbox, n8n, report };
		await importEverything(context, sink, filesFolder);

		await checkSegmentExample(context);
		await checkSendBatch(context);
		await checkNodeSettings(context);
		await checkRetryAfterLostAnswer(context);

		for (const id of PUBLISHED) await n8n.cliOrThrow(['publish:workflow', `--id=${id}`]);
		// Everything sent so far gets its receipt before the server starts, so its first polls find them all.
		const failedAliyun = sandbox.sent('aliyun').filter((message) => isUnreachable(message.phone));
		const firstRound = deliverRound(sandbox, [], () => deliverReceipts(sandbox));
		injectReplies(sandbox);
		const server = await n8n.start(join(workFolder, 'n8n-server.log'));
		cleanups.push(() => server.stop());
		await checkInRunningServer(context, server, sink, firstRound, failedAliyun);
	} catch (error) {
		report.fail('e2e setup', error);
		console.log(`INFO n8n's files and logs are kept in ${workFolder}`);
	} finally {
		for (const cleanup of cleanups.reverse()) await cleanup();
		killAllProcesses();
	}
	report.info(`e2e wall time ${((Date.now() - startedAt) / 60_000).toFixed(1)} min`);
	if (!report.anyFailed) rmSync(workFolder, { recursive: true, force: true });
	report.finish(RESULTS_FILE);
	process.exitCode = report.anyFailed ? 1 : 0;
}

async function importEverything({ sandbox, n8n }: E2eContext, sink: Sink, filesFolder: string): Promise<void> {
	await n8n.importFile('import:credentials', 'credentials', credentialsToImport(sandbox.credentials));
	await n8n.importFile('import:workflow', 'workflows', [
		...exampleWorkflows(filesFolder),
		...sendBatchWorkflows(),
		...nodeSettingsWorkflows(),
		...retryLostAnswerWorkflows(),
		receiptSinkWorkflow(sink.url),
		replySinkWorkflow(sink.url, sandbox),
		secondRoundSenderWorkflow(),
		stopWorkflow(),
		loadWorkflow(),
	]);
}

/** Turns every accepted message into a receipt; the Aliyun ones of the demo's switched-off handsets fail. */
function deliverReceipts(sandbox: Sandbox): void {
	sandbox.deliver({ fail: (message) => message.vendor === 'aliyun' && isUnreachable(message.phone) });
}

/**
 * The first round of receipts is waiting when the server starts (`failedAliyun` among them); its first polls
 * take them. Then a second round is sent and delivered, and while the next poll is up to a minute away the
 * stop and the 100k run go through the server.
 */
async function checkInRunningServer(
	context: E2eContext,
	server: RunningN8n,
	sink: Sink,
	firstRound: ReceiptRound,
	failedAliyun: SentMessage[],
): Promise<void> {
	const { sandbox, report } = context;
	const rest = await N8nRest.setUpOwner(server.baseUrl);
	await checkCredentialTests(context, rest);
	await checkPickers(context, rest);
	await checkFirstPoll(context, sink, firstRound);
	await checkReplies(context, sink);
	// The receipt example's resends are Tencent messages too: they must be out before the second round.
	await waitUntil(() => resendsSoFar(sandbox) >= failedAliyun.length, 100_000);

	await callWebhookExample(server.baseUrl);
	await sendSecondRound(server.baseUrl);
	const secondRound = deliverRound(sandbox, [firstRound], () => deliverReceipts(sandbox));
	await checkWebhookExample(context);

	await checkStop(context, rest, server.baseUrl);
	await checkLoad(context, server.baseUrl, server.pid);

	await checkNextPoll(context, sink, firstRound, secondRound);
	await checkReceiptExample(context, failedAliyun);
	await checkEditor(
		context,
		rest,
		server.baseUrl,
		SCREENSHOT_FILE ?? join(PROJECT_DIRECTORY, '.ci', 'results', 'e2e-editor.png'),
	);
	report.info(`n8n server pid ${server.pid} stopping`);
}

/** Ctrl+C, a CI timeout or a crash: end every process this run started before going. */
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		killAllProcesses();
		process.exit(130);
	});
}
process.once('exit', killAllProcesses);

void main();
