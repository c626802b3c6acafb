/**
 * The workflows in examples/, imported as a user imports them, each run the way it is meant to run:
 *
 * - segment-csv-send-batch.json by `n8n execute`: it reads the real segment CSV (test/fixtures) from the one
 *   folder n8n may read, at the path the example names changed to that folder. Its Google Sheets node needs a
 *   Google account, so it is imported disabled: n8n then passes its input through, which is what it would
 *   have appended. Its Data Table node (the opt-outs read into Suppressed Numbers) names a table the user
 *   creates, so it is imported disabled too: it passes the trigger's one empty item on, as an empty table
 *   does with Always Output Data, and nobody is suppressed.
 * - webhook-send.json, published in the running server, called at its production webhook URL.
 * - receipt-resend-other-vendor.json, published in the running server: its trigger polls Aliyun's receipt
 *   queue, and the receipts of undeliverable numbers are sent again through Tencent with their outId.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { UNREACHABLE } from '../../demo/campaign';
import type { Sandbox, SentMessage } from '../../sandbox';
import { executeWorkflow } from '../cliExecution';
import type { E2eContext } from '../context';
import { PROJECT_DIRECTORY } from '../communityPackage';
import { expectNoProblems, expectThat } from '../report';
import { e164, sendCountProblems, timesSent } from '../sandboxRecords';
import type { WorkflowJson } from '../workflows';

const EXAMPLES = join(PROJECT_DIRECTORY, 'examples');
const SEGMENT_CSV = join(PROJECT_DIRECTORY, 'test', 'fixtures', 'segment.csv');

export const EXAMPLE_IDS = {
	segment: 'e2eExampleSegment',
	webhook: 'e2eExampleWebhook',
	receipts: 'e2eExampleReceipts',
};
export const WEBHOOK_EXAMPLE_PATH = 'sms-points-expiring';
export const WEBHOOK_EXAMPLE_SMS_NODE = 'Send Points Notice';

function loadExample(file: string, id: string): WorkflowJson {
	return { ...(JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as WorkflowJson), id };
}

/** The three examples as imported; the segment CSV is copied to where the segment example will read it. */
export function exampleWorkflows(filesFolder: string): WorkflowJson[] {
	const segmentFile = join(filesFolder, 'segment.csv');
	copyFileSync(SEGMENT_CSV, segmentFile);
	const segment = loadExample('segment-csv-send-batch.json', EXAMPLE_IDS.segment);
	segment.nodes = segment.nodes.map((node) => {
		if (node.type === 'n8n-nodes-base.readWriteFile')
			return { ...node, parameters: { ...node.parameters, fileSelector: segmentFile } };
		if (node.type === 'n8n-nodes-base.googleSheets' || node.type === 'n8n-nodes-base.dataTable')
			return { ...node, disabled: true };
		return node;
	});
	return [
		segment,
		loadExample('webhook-send.json', EXAMPLE_IDS.webhook),
		loadExample('receipt-resend-other-vendor.json', EXAMPLE_IDS.receipts),
	];
}

/** The segment's numbers as the CSV has them: 18 valid distinct, one invalid (`1380013`), one repeated. */
function segmentPhones(): string[] {
	return readFileSync(SEGMENT_CSV, 'utf8')
		.trim()
		.split('\n')
		.slice(1)
		.map((line) => line.split(',')[0]);
}

export async function checkSegmentExample({ n8n, sandbox, report }: E2eContext): Promise<void> {
	await report.check(
		'example segment-csv-send-batch.json: the CSV segment sent once per number, the invalid one to the failures sheet',
		async () => {
			const execution = await executeWorkflow(n8n, EXAMPLE_IDS.segment);
			expectThat(execution.succeeded, `the execution failed: ${execution.failure}`);
			const valid = [
				...new Set(
					segmentPhones()
						.filter((phone) => phone !== '1380013')
						.map(e164),
				),
			];
			expectNoProblems(sendCountProblems(timesSent(sandbox, 'aliyun', valid), 1));
			const statuses = execution.output('Send Points Notices').map((item) => String(item.status));
			expectThat(
				statuses.filter((status) => status === 'accepted').length === valid.length &&
					statuses.filter((status) => status === 'skipped').length === 1,
				`main output statuses ${statuses.join(', ')}: expected ${valid.length} accepted and 1 skipped (the repeated number)`,
			);
			const logged = execution.output('Log Failed Recipients').map((item) => item.phone);
			expectThat(
				JSON.stringify(logged) === '["1380013"]',
				`the failures sheet got ${JSON.stringify(logged)}, expected ["1380013"]`,
			);
		},
	);
}

/** Calls the published webhook example as a CRM would. */
export async function callWebhookExample(baseUrl: string): Promise<void> {
	const response = await fetch(`${baseUrl}/webhook/${WEBHOOK_EXAMPLE_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ phone: '13800138000', name: '张三', points: 120, memberId: 'm-42' }),
	});
	if (!response.ok)
		throw new Error(`POST /webhook/${WEBHOOK_EXAMPLE_PATH} answered ${response.status}: ${await response.text()}`);
}

export async function checkWebhookExample({ sandbox, report }: E2eContext): Promise<void> {
	await report.check(
		'example webhook-send.json: one webhook call, one points notice with the member id as Out ID',
		() => {
			const sent = sandbox.sent('aliyun').filter((message) => message.outId === 'm-42');
			expectThat(sent.length === 1, `${sent.length} Aliyun messages with Out ID m-42, expected 1`);
			const [message] = sent;
			expectThat(
				e164(message.phone) === '+8613800138000' && message.text.includes('张三') && message.text.includes('120'),
				`sent "${message.text}" to ${message.phone}`,
			);
		},
	);
}

/** Aliyun messages the sandbox reports undeliverable (the demo's switched-off handsets). */
export const isUnreachable = (phone: string) => UNREACHABLE.some((number) => e164(phone) === e164(number));

/** Resends so far: Tencent messages to an unreachable number. */
export function resendsSoFar(sandbox: Sandbox): number {
	return sandbox.sent('tencent').filter((message) => isUnreachable(message.phone)).length;
}

/**
 * `failedAliyun` are the Aliyun messages whose receipts were failures: each is sent again through Tencent
 * exactly once with its outId, and no delivered one is.
 */
export async function checkReceiptExample({ sandbox, report }: E2eContext, failedAliyun: SentMessage[]): Promise<void> {
	await report.check(
		'example receipt-resend-other-vendor.json: each failed Aliyun receipt resent once through Tencent with its outId',
		() => {
			expectThat(failedAliyun.length > 0, 'no Aliyun message failed delivery: the check proves nothing');
			const resends = sandbox.sent('tencent').filter((message) => isUnreachable(message.phone));
			const expected = failedAliyun.map((message) => `${e164(message.phone)} ${message.outId ?? ''}`).sort();
			const actual = resends.map((message) => `${e164(message.phone)} ${message.outId ?? ''}`).sort();
			expectThat(
				JSON.stringify(actual) === JSON.stringify(expected),
				`resent ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
			);
		},
	);
}
