/**
 * 100,000 recipients through a webhook-started Send Batch (Yunpian, defaults: Concurrency 5, 50 requests
 * per second) in the running server. The webhook answers when the SMS node is done, with its first item,
 * so the wall time is the user's: from the call to the campaign's end. The n8n process's peak RSS is its
 * kernel high-water mark (VmHWM), reset just before the call.
 */
import { recipients, type E2eContext } from '../context';
import { peakRssKb, resetPeakRss } from '../processes';
import { expectThat } from '../report';
import { e164 } from '../sandboxRecords';
import { webhookWorkflow, type WorkflowJson } from '../workflows';

const WORKFLOW_ID = 'e2eLoadYunpian';
const PATH = 'e2e-load-yunpian';
const RECIPIENT_COUNT = 100_000;

export function loadWorkflow(): WorkflowJson {
	return webhookWorkflow(WORKFLOW_ID, PATH, 'lastNode', [
		{ name: 'Send Campaign', vendor: 'yunpian', operation: 'sendBatch' },
	]);
}

export async function checkLoad({ sandbox, report }: E2eContext, baseUrl: string, n8nPid: number): Promise<void> {
	const campaign = recipients(400, RECIPIENT_COUNT);
	await report.check('100k recipients: a webhook-started Send Batch sends every message once', async () => {
		const body = JSON.stringify({ recipients: campaign });
		const peakIsOfThisRun = resetPeakRss(n8nPid);
		const startedAt = Date.now();
		const response = await fetch(`${baseUrl}/webhook/${PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
		});
		const answer = await response.text();
		const wallMs = Date.now() - startedAt;
		const peakMb = Math.round(peakRssKb(n8nPid) / 1024);
		report.info(
			`100k Send Batch (yunpian) through a webhook: wall ${(wallMs / 1000).toFixed(1)} s, n8n peak RSS ${peakMb} MB` +
				(peakIsOfThisRun ? '' : ' (peak since n8n started: the kernel refused to reset it)'),
		);
		expectThat(response.ok, `the webhook answered ${response.status}: ${answer.slice(0, 300)}`);
		expectThat(
			(JSON.parse(answer) as { status?: string }).status === 'accepted',
			`the first recipient's result: ${answer.slice(0, 300)}`,
		);
		const phones = new Set(campaign.map((recipient) => e164(recipient.phone)));
		const perPhone = new Map<string, number>();
		for (const message of sandbox.sent('yunpian')) {
			const phone = e164(message.phone);
			if (phones.has(phone)) perPhone.set(phone, (perPhone.get(phone) ?? 0) + 1);
		}
		const notOnce = [...phones].filter((phone) => perPhone.get(phone) !== 1);
		expectThat(
			notOnce.length === 0,
			`${notOnce.length} of ${RECIPIENT_COUNT} numbers not sent exactly once, e.g. ${notOnce.slice(0, 3).join(', ')}`,
		);
	});
}
