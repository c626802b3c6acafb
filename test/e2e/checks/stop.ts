/**
 * Stop of a running execution, as the editor's Stop button does it (`POST /rest/executions/:id/stop`): a
 * 20,000-recipient Aliyun Send Batch paced at 5 requests per second (SendBatchSms carries 100 recipients:
 * 200 calls, 40 s) is stopped after a few seconds. After the stop at most the round already on the wire
 * (Concurrency = 5 calls) may still reach the vendor, and then nothing more.
 */
import { recipients, type E2eContext } from '../context';
import type { N8nRest } from '../n8nRest';
import { expectThat } from '../report';
import { e164 } from '../sandboxRecords';
import { sleep, waitUntil } from '../timing';
import { webhookWorkflow, type WorkflowJson } from '../workflows';

const WORKFLOW_ID = 'e2eStopAliyun';
const PATH = 'e2e-stop-aliyun';
const CONCURRENCY = 5;
const CAMPAIGN = recipients(300, 20_000);
/** Time to let the campaign get going before stopping it, and the margins after the stop. */
const RUN_BEFORE_STOP_MS = 4000;
const SETTLE_MS = 2000;
const WATCH_AFTER_STOP_MS = 6000;

export function stopWorkflow(): WorkflowJson {
	return webhookWorkflow(WORKFLOW_ID, PATH, 'onReceived', [
		{
			name: 'Send Campaign',
			vendor: 'aliyun',
			operation: 'sendBatch',
			options: { maxRequestsPerSecond: 5, concurrency: CONCURRENCY },
		},
	]);
}

export async function checkStop({ sandbox, report }: E2eContext, rest: N8nRest, baseUrl: string): Promise<void> {
	const campaignPhones = new Set(CAMPAIGN.map((recipient) => e164(recipient.phone)));
	const sentSoFar = () => sandbox.sent('aliyun').filter((message) => campaignPhones.has(e164(message.phone))).length;
	const callsAfter = (time: number) =>
		sandbox.requests('aliyun', 'SendBatchSms').filter((request) => request.at.getTime() > time).length;

	let stopFinishedAt = 0;
	let countAtStop = 0;
	let countSettled = 0;
	const started = await report.check(
		'stop aliyun send batch: the running execution is found and stopped through REST',
		async () => {
			const response = await fetch(`${baseUrl}/webhook/${PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ recipients: CAMPAIGN }),
			});
			expectThat(response.ok, `POST /webhook/${PATH} answered ${response.status}`);
			expectThat(await waitUntil(() => sentSoFar() > 0, 30_000), 'the campaign sent nothing within 30 s');
			await sleep(RUN_BEFORE_STOP_MS);
			const running = (await rest.executions(WORKFLOW_ID)).find((execution) => execution.status === 'running');
			expectThat(running !== undefined, 'no running execution of the campaign to stop');
			await rest.stopExecution(running.id);
			stopFinishedAt = Date.now();
			countAtStop = sentSoFar();
			await sleep(SETTLE_MS);
			countSettled = sentSoFar();
			report.info(
				`stop: ${countAtStop} of ${CAMPAIGN.length} sent when the stop returned, ${countSettled} ${SETTLE_MS / 1000} s later`,
			);
		},
	);
	if (!started) return;

	await report.check(
		`stop aliyun send batch: at most one in-flight round (${CONCURRENCY} calls) reaches the vendor after the stop`,
		() => {
			const calls = callsAfter(stopFinishedAt);
			expectThat(calls <= CONCURRENCY, `${calls} SendBatchSms calls arrived after the stop`);
		},
	);
	await report.check('stop aliyun send batch: nothing more is sent once the in-flight round has landed', async () => {
		await sleep(WATCH_AFTER_STOP_MS);
		const countLater = sentSoFar();
		expectThat(
			countLater === countSettled,
			`${countSettled} messages sent ${SETTLE_MS / 1000} s after the stop, ${countLater} ${(SETTLE_MS + WATCH_AFTER_STOP_MS) / 1000} s after`,
		);
	});
	// A node that ignores the stop keeps sending in the background: let it finish so it cannot skew what follows.
	await waitUntil(() => callsAfter(Date.now() - 2000) === 0, 60_000, 500);
}
