/**
 * The SMS Delivery Receipt Trigger in the running server, published: one workflow polls every vendor's
 * receipts but Aliyun's (the receipt example takes those) every minute and posts each receipt to the
 * suite's sink (an HTTP Request node).
 * n8n 2.40 schedules polls durably, every minute at a second it derives from the workflow and node, and not
 * at activation. Receipts are made in two rounds: the first waits before the server starts (the first poll
 * must emit each once), the second is delivered after the first poll (the next poll must emit those, and
 * none of the first again).
 */
import type { Sandbox } from '../../sandbox';
import { recipients, type E2eContext } from '../context';
import { expectThat } from '../report';
import { messageKey, receiptKey } from '../sandboxRecords';
import type { Sink } from '../sink';
import { waitUntil } from '../timing';
import {
	mainTo,
	node,
	RECEIPT_TRIGGER_TYPE,
	VENDOR_CASES,
	VENDORS,
	webhookWorkflow,
	workflow,
	type WorkflowJson,
	type Vendor,
	type WorkflowNode,
} from '../workflows';

const SINK_VENDORS = VENDORS.filter((vendor) => VENDOR_CASES[vendor].receiptsToSink);
export const RECEIPT_SINK_WORKFLOW_ID = 'e2eReceiptsToSink';
export const SECOND_ROUND_SENDER_ID = 'e2eSendAllVendors';
const SECOND_ROUND_PATH = 'e2e-send-all-vendors';

/** A poll comes within 60 s, plus the time to run the workflow and n8n's scheduler's own tick. */
const POLL_TIMEOUT_MS = 100_000;

/** The triggers in one workflow (one publish), each receipt posted to `<sink>/<vendor>`. */
export function receiptSinkWorkflow(sinkUrl: string): WorkflowJson {
	const triggers: WorkflowNode[] = SINK_VENDORS.map((vendor, index) => ({
		...node(`${vendor} Receipts`, RECEIPT_TRIGGER_TYPE, 1, [0, index * 200], {
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			provider: vendor,
			options: {},
		}),
		credentials: { [VENDOR_CASES[vendor].credentialType]: VENDOR_CASES[vendor].credential },
	}));
	const post = node('Post To Sink', 'n8n-nodes-base.httpRequest', 4.2, [260, 100], {
		method: 'POST',
		url: `=${sinkUrl}/{{ $json.provider }}`,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify($json) }}',
		options: {},
	});
	const connections = Object.fromEntries(triggers.map((trigger) => [trigger.name, mainTo(post.name)]));
	return workflow(RECEIPT_SINK_WORKFLOW_ID, 'E2E receipts to a sink', [...triggers, post], connections);
}

/** Sends a few messages through every vendor in the running server: receipts for the second round. */
export function secondRoundSenderWorkflow(): WorkflowJson {
	return webhookWorkflow(
		SECOND_ROUND_SENDER_ID,
		SECOND_ROUND_PATH,
		'lastNode',
		VENDORS.map((vendor) => ({ name: `Send Through ${vendor}`, vendor, operation: 'sendBatch' })),
	);
}

export async function sendSecondRound(baseUrl: string): Promise<void> {
	const response = await fetch(`${baseUrl}/webhook/${SECOND_ROUND_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ recipients: recipients(500, 2) }),
	});
	if (!response.ok)
		throw new Error(`POST /webhook/${SECOND_ROUND_PATH} answered ${response.status}: ${await response.text()}`);
}

/** The receipts made in one round, per vendor: message id and number of each delivered message. */
export type ReceiptRound = Record<Vendor, string[]>;

/** Delivers every message sent so far that has no receipt yet; returns this round's receipts. */
export function deliverRound(sandbox: Sandbox, earlier: ReceiptRound[], deliver: () => void): ReceiptRound {
	deliver();
	const round = {} as ReceiptRound;
	for (const vendor of SINK_VENDORS) {
		const before = new Set(earlier.flatMap((previous) => previous[vendor]));
		round[vendor] = sandbox
			.sent(vendor)
			.map(messageKey)
			.filter((key) => !before.has(key));
	}
	return round;
}

function receivedKeys(sink: Sink, vendor: Vendor): string[] {
	return sink.received(`/${vendor}`).map(({ body }) => receiptKey(body.messageId, body.phone));
}

/** Waits for the first poll's receipts to reach the sink, then checks they are this round's, each once. */
export async function checkFirstPoll({ report }: E2eContext, sink: Sink, first: ReceiptRound): Promise<void> {
	for (const vendor of SINK_VENDORS) {
		await report.check(
			`receipt trigger ${vendor}: the first poll after publishing emits each waiting receipt once`,
			async () => {
				expectThat(first[vendor].length > 0, 'no receipts were waiting: the check proves nothing');
				await waitUntil(() => receivedKeys(sink, vendor).length >= first[vendor].length, POLL_TIMEOUT_MS);
				expectSameReceipts(receivedKeys(sink, vendor), first[vendor]);
			},
		);
	}
}

/** Waits for the next poll's receipts, then checks that all polls together emitted every receipt once. */
export async function checkNextPoll(
	{ report }: E2eContext,
	sink: Sink,
	first: ReceiptRound,
	second: ReceiptRound,
): Promise<void> {
	for (const vendor of SINK_VENDORS) {
		await report.check(
			`receipt trigger ${vendor}: the next poll emits the receipts delivered since, none again`,
			async () => {
				expectThat(
					second[vendor].length > 0,
					'no receipts were delivered after the first poll: the check proves nothing',
				);
				const expected = [...first[vendor], ...second[vendor]];
				await waitUntil(() => receivedKeys(sink, vendor).length >= expected.length, POLL_TIMEOUT_MS);
				expectSameReceipts(receivedKeys(sink, vendor), expected);
			},
		);
	}
}

function expectSameReceipts(received: string[], expected: string[]): void {
	const counts = new Map<string, number>();
	for (const key of received) counts.set(key, (counts.get(key) ?? 0) + 1);
	const repeated = [...counts].filter(([, count]) => count > 1).map(([key]) => key);
	const missing = expected.filter((key) => !counts.has(key));
	const unexpected = [...counts.keys()].filter((key) => !expected.includes(key));
	expectThat(
		repeated.length + missing.length + unexpected.length === 0,
		`emitted ${received.length} of ${expected.length}; repeated: [${repeated.join(', ')}]; missing: [${missing.join(', ')}]; unexpected: [${unexpected.join(', ')}]`,
	);
}
