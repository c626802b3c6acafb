/**
 * The SMS Reply Trigger in the running server, published: one workflow polls every vendor's replies every
 * minute (Aliyun's SmsUp queue, Yunpian's pull_reply, Chuanglan's pull/mo, Tencent's PullSmsReplyStatus) and posts each reply to the
 * suite's sink. The replies wait before the server starts; its first polls must emit each once, opt-outs
 * marked.
 */
import type { Sandbox } from '../../sandbox';
import type { E2eContext } from '../context';
import { expectThat } from '../report';
import type { Sink } from '../sink';
import { waitUntil } from '../timing';
import { mainTo, node, REPLY_TRIGGER_TYPE, VENDOR_CASES, VENDORS, workflow, type WorkflowJson } from '../workflows';

export const REPLY_SINK_WORKFLOW_ID = 'e2eRepliesToSink';

/** A poll comes within 60 s, plus the time to run the workflow and n8n's scheduler's own tick. */
const POLL_TIMEOUT_MS = 100_000;

/** What each vendor's numbers reply, and whether the trigger must call it an opt-out. */
const REPLIES = [
	{ content: 'R', optOut: true },
	{ content: ' 退订。', optOut: true },
	{ content: 'Ｔｄ', optOut: true },
	{ content: '谢谢，收到了', optOut: false },
	{ content: 'stop later?', optOut: false },
];

const phoneOf = (index: number) => String(13_600_000_000 + index);

/** Every vendor's reply trigger in one workflow, each reply posted to `<sink>/replies/<vendor>`. */
export function replySinkWorkflow(sinkUrl: string, sandbox: Sandbox): WorkflowJson {
	const triggers = VENDORS.map((vendor, index) => ({
		...node(`${vendor} Replies`, REPLY_TRIGGER_TYPE, 1, [0, index * 200], {
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			provider: vendor,
			...VENDOR_CASES[vendor].replyTrigger(sandbox),
			options: {},
		}),
		credentials: { [VENDOR_CASES[vendor].credentialType]: VENDOR_CASES[vendor].credential },
	}));
	const post = node('Post Reply To Sink', 'n8n-nodes-base.httpRequest', 4.2, [260, 200], {
		method: 'POST',
		url: `=${sinkUrl}/replies/{{ $json.provider }}`,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify($json) }}',
		options: {},
	});
	const connections = Object.fromEntries(triggers.map((trigger) => [trigger.name, mainTo(post.name)]));
	return workflow(REPLY_SINK_WORKFLOW_ID, 'E2E replies to a sink', [...triggers, post], connections);
}

/** The replies the first polls must find, waiting at every vendor before the server starts. */
export function injectReplies(sandbox: Sandbox): void {
	for (const vendor of VENDORS) {
		REPLIES.forEach(({ content }, index) => sandbox.reply(vendor, phoneOf(index), content));
	}
}

/** Waits for every vendor's replies to reach the sink, then checks each came once with its opt-out mark. */
export async function checkReplies({ report, sandbox }: E2eContext, sink: Sink): Promise<void> {
	for (const vendor of VENDORS) {
		await report.check(`reply trigger ${vendor}: each waiting reply is emitted once, opt-outs marked`, async () => {
			const received = () => sink.received(`/replies/${vendor}`).map(({ body }) => body);
			await waitUntil(() => received().length >= REPLIES.length, POLL_TIMEOUT_MS);
			const got = received()
				.map((reply) => `${String(reply.phone)} ${String(reply.content)} ${String(reply.optOut)}`)
				.sort();
			const expected = REPLIES.map(({ content, optOut }, index) => `+86${phoneOf(index)} ${content} ${optOut}`).sort();
			expectThat(
				JSON.stringify(got) === JSON.stringify(expected),
				`got [${got.join('; ')}], expected [${expected.join('; ')}]`,
			);
			expectThat(sandbox.pendingReplies(vendor) === 0, `${sandbox.pendingReplies(vendor)} replies left at ${vendor}`);
		});
	}
}
