/**
 * The example workflows under examples/, loaded from their JSON as n8n imports them and executed by
 * n8n-core's WorkflowExecute with our real node classes against the loopback sandbox.
 *
 * n8n-nodes-base cannot be installed here (its 2.41.2 release does not even resolve), so:
 * - base nodes that only bring data in or take it out (Manual Trigger, Webhook, Read/Write Files from
 *   Disk, Extract From File, Google Sheets) are served by n8n's own pinData mechanism: the engine does not
 *   execute a pinned node, it emits the pinned items, exactly as when a node's output is pinned in the
 *   editor. n8n still refuses a workflow with an unknown node type, so each is registered with a bare
 *   description that fails if it is ever executed;
 * - the IF node decides where items go, so it has to run: `n8n-nodes-base.if` is registered as a small
 *   stand-in for IF V2 whose `conditions` is a real `filter` parameter. n8n itself evaluates it
 *   (`getNodeParameter('conditions', i, false, { extractValue: true })` runs n8n-workflow's filter engine
 *   and returns the boolean), which is what the real IF V2 does; the stand-in only splits the items.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	NodeConnectionTypes,
	NodeHelpers,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type IPinData,
} from 'n8n-workflow';

import { SmsCampaign } from '../../nodes/SmsCampaign/SmsCampaign.node';
import { SmsDeliveryReceiptTrigger } from '../../nodes/SmsDeliveryReceiptTrigger/SmsDeliveryReceiptTrigger.node';
import { SmsReplyTrigger } from '../../nodes/SmsReplyTrigger/SmsReplyTrigger.node';
import { readSegment } from '../demo/segment';
import { deliverSegment, sendSegment, UNREACHABLE } from '../demo/campaign';
import { defineDemoTemplates } from '../demo/templates';
import { runWorkflowJson, SMS_CAMPAIGN_TYPE, type RunWorkflowJsonOptions, type WorkflowJson } from '../helpers/n8n';
import { createPollTrigger, RECEIPT_TRIGGER_TYPE, REPLY_TRIGGER_TYPE } from '../helpers/poll';
import { startSandbox, type Sandbox } from '../sandbox';

const EXAMPLES_DIRECTORY = join(__dirname, '..', '..', 'examples');
const EXAMPLE_FILES = readdirSync(EXAMPLES_DIRECTORY).filter((file) => file.endsWith('.json'));

// commonPollingParameters is what n8n's node loader adds to every polling node (the "Poll Times" setting).
// eslint-disable-next-line @typescript-eslint/no-var-requires -- a file n8n-core does not export
const { commonPollingParameters } = require('n8n-core/dist/nodes-loader/constants') as {
	commonPollingParameters: SmsCampaign['description']['properties'];
};

const OUR_NODE_TYPES: Record<string, INodeType> = {
	[SMS_CAMPAIGN_TYPE]: new SmsCampaign(),
	[RECEIPT_TRIGGER_TYPE]: new SmsDeliveryReceiptTrigger(),
	[REPLY_TRIGGER_TYPE]: new SmsReplyTrigger(),
};

/** Stand-in for n8n-nodes-base's IF V2 (see the file comment): n8n evaluates the filter, this splits. */
const ifNodeType: INodeType = {
	description: {
		displayName: 'If',
		name: 'if',
		group: ['transform'],
		version: [2, 2.1, 2.2],
		description: 'Route items to different branches (true/false)',
		defaults: { name: 'If' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['true', 'false'],
		properties: [
			{ displayName: 'Conditions', name: 'conditions', placeholder: 'Add Condition', type: 'filter', default: {} },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [],
			},
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const branches: INodeExecutionData[][] = [[], []];
		this.getInputData().forEach((item, itemIndex) => {
			const pass = this.getNodeParameter('conditions', itemIndex, false, { extractValue: true }) as boolean;
			branches[pass ? 0 : 1].push({ ...item, pairedItem: { item: itemIndex } });
		});
		return branches;
	},
};

/** n8n-nodes-base types the tests pin, by type name, with their number of main inputs. */
const PINNED_BASE_TYPES = {
	manualTrigger: 0,
	webhook: 0,
	readWriteFile: 1,
	extractFromFile: 1,
	googleSheets: 1,
	dataTable: 1,
};

function pinnedOnlyNodeType(name: string, inputCount: number): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: 1,
			description: `Stand-in for n8n-nodes-base.${name}`,
			defaults: { name },
			inputs: Array.from({ length: inputCount }, () => NodeConnectionTypes.Main),
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(): Promise<INodeExecutionData[][]> {
			throw new Error(`n8n-nodes-base.${name} is not installed in tests: pin its output`);
		},
	};
}

const BASE_NODE_TYPES: Record<string, INodeType> = {
	...Object.fromEntries(
		Object.entries(PINNED_BASE_TYPES).map(([name, inputCount]) => [
			`n8n-nodes-base.${name}`,
			pinnedOnlyNodeType(name, inputCount),
		]),
	),
	'n8n-nodes-base.if': ifNodeType,
};

/** Items as a pinned node emits them. */
const pinned = (jsons: object[]): INodeExecutionData[] => jsons.map((json) => ({ json: { ...json } }));
/** A sink's own output is never looked at; pinning it only keeps it from running. */
const PINNED_SINK = pinned([{}]);

function loadExample(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(EXAMPLES_DIRECTORY, file), 'utf8')) as WorkflowJson;
}

let sandbox: Sandbox;

function runExample(file: string, options: Omit<RunWorkflowJsonOptions, 'credentials' | 'nodeTypes'>) {
	return runWorkflowJson(loadExample(file), {
		credentials: sandbox.credentials,
		nodeTypes: BASE_NODE_TYPES,
		...options,
	});
}

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	defineDemoTemplates(sandbox);
});

describe.each(EXAMPLE_FILES)('example %s', (file) => {
	it('is an n8n workflow export whose connections join its own nodes', () => {
		const workflow = loadExample(file);
		for (const node of workflow.nodes) {
			expect(node).toEqual(
				expect.objectContaining({
					id: expect.any(String),
					name: expect.any(String),
					type: expect.stringMatching(/^n8n-nodes-(base|sms-campaign)\.\w+$/),
					typeVersion: expect.any(Number),
					position: [expect.any(Number), expect.any(Number)],
					parameters: expect.any(Object),
				}),
			);
		}
		const names = new Set(workflow.nodes.map((node) => node.name));
		const joined = Object.entries(workflow.connections).flatMap(([source, byType]) => [
			source,
			...(byType.main ?? []).flatMap((targets) => (targets ?? []).map((target) => target.node)),
		]);
		expect(joined.filter((name) => !names.has(name))).toEqual([]);
	});

	it('sets only parameters our nodes know and show, as the n8n editor keeps them', () => {
		const ours = loadExample(file).nodes.filter((node) => OUR_NODE_TYPES[node.type]);
		expect(ours.length).toBeGreaterThan(0);
		for (const node of ours) {
			const { description } = OUR_NODE_TYPES[node.type];
			const properties = description.polling
				? [...commonPollingParameters, ...description.properties]
				: description.properties;
			const kept = NodeHelpers.getNodeParameters(properties, node.parameters, true, false, node, description) ?? {};
			const dropped = Object.keys(node.parameters).filter((name) => !(name in kept));
			expect({ node: node.name, dropped }).toEqual({ node: node.name, dropped: [] });
		}
	});
});

describe('webhook → send', () => {
	const webhookCall = {
		headers: { 'content-type': 'application/json' },
		params: {},
		query: {},
		body: { phone: '13800138000', name: '张三', points: 120, memberId: 'm-42' },
	};

	it("sends the template to the webhook's phone and returns it as accepted", async () => {
		const { output, error } = await runExample('webhook-send.json', {
			pinData: { 'Points Expiring Webhook': pinned([webhookCall]) },
		});

		expect(error).toBeUndefined();
		expect(output('Send Points Notice').map((item) => item.json)).toEqual([
			expect.objectContaining({
				provider: 'aliyun',
				phone: '+8613800138000',
				status: 'accepted',
				outId: 'm-42',
				error: null,
			}),
		]);
		expect(sandbox.sent('aliyun').map(({ text, outId }) => ({ text, outId }))).toEqual([
			{ text: '【沙箱测试】您好张三，您的会员积分120即将到期。', outId: 'm-42' },
		]);
	});
});

describe('segment CSV → send batch → error output to a sheet', () => {
	const segment = readSegment();
	const pinData: IPinData = {
		'When clicking ‘Execute workflow’': pinned([{}]),
		// An empty table: Always Output Data hands on one empty item.
		'Read Opt-Outs': pinned([{}]),
		'Read Segment File': pinned([{ fileName: 'segment.csv', mimeType: 'text/csv' }]),
		'Extract Segment Rows': pinned(segment),
		'Log Failed Recipients': PINNED_SINK,
	};

	it('routes the rejected rows through the error output into the sheet node', async () => {
		const { output, run } = await runExample('segment-csv-send-batch.json', { pinData });

		const rejected = output('Send Points Notices', 1);
		expect(rejected.map((item) => ({ phone: item.json.phone, item: item.pairedItem }))).toEqual([
			{ phone: '1380013', item: { item: 7 } },
		]);
		const sheetRun = run.data.resultData.runData['Log Failed Recipients'];
		expect(sheetRun).toHaveLength(1);
		expect(sheetRun[0].source).toEqual([
			{ previousNode: 'Send Points Notices', previousNodeOutput: 1, previousNodeRun: 0 },
		]);
	});

	it('sends every other row once and keeps them on the main output', async () => {
		const { output } = await runExample('segment-csv-send-batch.json', { pinData });

		const statuses = output('Send Points Notices', 0).map((item) => item.json.status);
		expect(statuses.filter((status) => status === 'accepted')).toHaveLength(18);
		expect(statuses.filter((status) => status !== 'accepted')).toEqual(['skipped']);
		expect(sandbox.sent('aliyun')).toHaveLength(18);
	});
});

describe('segment CSV with the opt-outs table read into Suppressed Numbers', () => {
	it('skips the numbers in the table, however they are written there, and sends the rest', async () => {
		const segment = readSegment();
		const optedOut = [String(segment[0].phone), String(segment[2].phone)];
		const { output } = await runExample('segment-csv-send-batch.json', {
			pinData: {
				'When clicking ‘Execute workflow’': pinned([{}]),
				'Read Opt-Outs': pinned([
					{ id: 1, phone: `+86 ${optedOut[0]}`, keyword: 'R' },
					{ id: 2, phone: `0086${optedOut[1]}`, keyword: '退订' },
				]),
				'Read Segment File': pinned([{ fileName: 'segment.csv', mimeType: 'text/csv' }]),
				'Extract Segment Rows': pinned(segment),
				'Log Failed Recipients': PINNED_SINK,
			},
		});

		const results = output('Send Points Notices', 0).map((item) => item.json);
		const optedOutResults = results.filter(
			(result) => (result.error as { code?: string } | null)?.code === 'OPTED_OUT',
		);
		// The second number is in the segment twice: both rows are opted out.
		expect(optedOutResults.map((result) => result.phone)).toEqual([
			`+86${optedOut[0]}`,
			`+86${optedOut[1]}`,
			`+86${optedOut[1]}`,
		]);
		expect(sandbox.sent('aliyun').map((message) => message.phone)).not.toContain(optedOut[0]);
		expect(sandbox.sent('aliyun')).toHaveLength(16);
	});
});

describe('reply trigger → IF opt-out → Data Table', () => {
	const workflow = loadExample('reply-opt-outs-to-data-table.json');
	const triggerNode = workflow.nodes.find((node) => node.type === REPLY_TRIGGER_TYPE)!;

	it('hands exactly the opt-outs to the Data Table node', async () => {
		sandbox.reply('aliyun', '13800138000', 'R');
		sandbox.reply('aliyun', '13800138001', '谢谢，收到了');
		sandbox.reply('aliyun', '13800138002', '退订');
		const trigger = createPollTrigger({
			trigger: 'replies',
			parameters: triggerNode.parameters,
			credentials: sandbox.credentials,
		});
		const [replies = []] = (await trigger.poll()) ?? [];

		const { output, run, error } = await runExample('reply-opt-outs-to-data-table.json', {
			mode: 'trigger',
			startNode: triggerNode.name,
			startItems: replies,
			pinData: { 'Record Opt-Out': PINNED_SINK },
		});

		expect(error).toBeUndefined();
		expect(output('Opt-Out?', 0).map((item) => [item.json.phone, item.json.optOutKeyword])).toEqual([
			['+8613800138000', 'R'],
			['+8613800138002', '退订'],
		]);
		expect(run.data.resultData.runData['Record Opt-Out'][0].source).toEqual([
			{ previousNode: 'Opt-Out?', previousNodeOutput: 0, previousNodeRun: 0 },
		]);
	});
});

describe('receipt trigger → IF not delivered → resend through Tencent', () => {
	const workflow = loadExample('receipt-resend-other-vendor.json');
	const triggerNode = workflow.nodes.find((node) => node.type === RECEIPT_TRIGGER_TYPE)!;

	/** The segment goes out through Aliyun; the example's own trigger then polls the receipts. */
	async function pollReceiptsOfACampaign(): Promise<INodeExecutionData[]> {
		await sendSegment(sandbox, 'aliyun');
		deliverSegment(sandbox);
		const trigger = createPollTrigger({ parameters: triggerNode.parameters, credentials: sandbox.credentials });
		const [receipts = []] = (await trigger.poll()) ?? [];
		return receipts;
	}

	it('resends exactly the failed receipts through the second vendor', async () => {
		const receipts = await pollReceiptsOfACampaign();
		const failed = receipts.filter((receipt) => receipt.json.status === 'failed').map((receipt) => receipt.json);
		expect(failed.map((receipt) => receipt.phone)).toEqual(UNREACHABLE.map((number) => `+86${number}`));

		const { output, error } = await runExample('receipt-resend-other-vendor.json', {
			mode: 'trigger',
			startNode: triggerNode.name,
			startItems: receipts,
		});

		expect(error).toBeUndefined();
		expect(output('Not Delivered?', 1)).toHaveLength(receipts.length - failed.length);
		expect(
			output('Resend Through Tencent').map((item) => ({ phone: item.json.phone, status: item.json.status })),
		).toEqual(failed.map((receipt) => ({ phone: receipt.phone, status: 'accepted' })));
		expect(sandbox.sent('tencent').map((message) => message.outId)).toEqual(failed.map((receipt) => receipt.outId));
	});
});
