/**
 * The workflows the suite imports into n8n, built from n8n-nodes-base nodes and ours as the editor saves
 * them. Recipients enter as data: a Manual Trigger workflow (for `n8n execute`) holds them in an Edit Fields
 * node and Split Out makes one item of each; a webhook workflow receives them in its body.
 */
import { createHash } from 'node:crypto';

import { VENDORS as REGISTERED_VENDORS, type ProviderName } from '../../nodes/providers/registry';
import type { Sandbox, SandboxCredentials } from '../sandbox';

export const SMS_CAMPAIGN_TYPE = 'n8n-nodes-sms-campaign.smsCampaign';
export const RECEIPT_TRIGGER_TYPE = 'n8n-nodes-sms-campaign.smsDeliveryReceiptTrigger';
export const REPLY_TRIGGER_TYPE = 'n8n-nodes-sms-campaign.smsReplyTrigger';

export type Vendor = ProviderName;

type CredentialType = keyof SandboxCredentials;

/** What the suite needs of one vendor beyond the registry: one entry per registered vendor. */
interface VendorCase {
	credentialType: CredentialType;
	/** The sandbox credential, with the ids the examples/ refer to. */
	credential: { id: string; name: string };
	/** The demo points-expiry template (name, points) addressed the way the node's parameters do. */
	template: object;
	/** The request that carries a Send Batch of distinct texts. */
	batchApi: string;
	/** The credential field a wrong value goes into, the wrong value, and what the test's message must name. */
	wrongSecret: { field: string; value: string; named: RegExp };
	/** Whether its receipts go to the suite's sink; Aliyun's are taken by the receipt example instead. */
	receiptsToSink: boolean;
	/** The reply trigger's own parameters for this vendor (VendorDescriptor.replyTriggerFields). */
	replyTrigger(sandbox: Sandbox): Record<string, string>;
	/** Per picker (listSearch method → parameter it fills): labels the list must start entries with. */
	pickers: Array<{ methodName: string; parameter: string; expected: string[] }>;
}

/** Items' `name` and `points` onto the template's numbered placeholders {1}, {2}, in order. */
const NUMBERED_VARIABLES = {
	variablesMode: 'fields',
	templateVariables: {
		variable: [
			{ name: '1', value: '={{ $json.name }}' },
			{ name: '2', value: '={{ $json.points }}' },
		],
	},
};

export const VENDOR_CASES: Record<Vendor, VendorCase> = {
	aliyun: {
		credentialType: 'aliyunSmsApi',
		credential: { id: 'sandboxAliyunSms', name: 'Aliyun SMS (sandbox)' },
		template: { templateId: 'SMS_100001' },
		batchApi: 'SendBatchSms',
		wrongSecret: { field: 'accessKeySecret', value: 'not-the-secret', named: /secret/i },
		receiptsToSink: false,
		replyTrigger: (sandbox) => ({ queueName: sandbox.aliyunReplyQueueName }),
		pickers: [
			{
				methodName: 'searchTemplates',
				parameter: 'templateId',
				expected: [
					'积分到期提醒 (SMS_100001) — ',
					'[Pending review] 订单发货通知 (SMS_100003)',
					'[Rejected] 抽奖活动 (SMS_100004)',
				],
			},
			{ methodName: 'searchSignatures', parameter: 'signName', expected: ['沙箱测试'] },
		],
	},
	yunpian: {
		credentialType: 'yunpianApi',
		credential: { id: 'sandboxYunpian', name: 'Yunpian (sandbox)' },
		template: { templateId: '100001' },
		batchApi: '/v2/sms/multi_send.json',
		wrongSecret: { field: 'apiKey', value: 'wrong-api-key', named: /API key/i },
		receiptsToSink: true,
		replyTrigger: () => ({}),
		pickers: [
			{
				methodName: 'searchTemplates',
				parameter: 'templateId',
				expected: ['100001 — 【沙箱测试】', '[Pending review] 100003 — ', '[Rejected] 100004 — '],
			},
		],
	},
	chuanglan: {
		credentialType: 'chuanglanApi',
		credential: { id: 'sandboxChuanglan', name: 'Chuanglan (sandbox)' },
		template: { templateContent: '{$name}您好，您的会员积分{$points}即将到期。' },
		batchApi: '/msg/variable/json',
		wrongSecret: { field: 'password', value: 'WrongPass123', named: /password/i },
		receiptsToSink: true,
		replyTrigger: () => ({}),
		pickers: [],
	},
	tencent: {
		credentialType: 'tencentCloudSmsApi',
		credential: { id: 'sandboxTencentCloudSms', name: 'Tencent Cloud SMS (sandbox)' },
		template: { templateId: '100001', ...NUMBERED_VARIABLES },
		batchApi: 'SendSms',
		wrongSecret: { field: 'secretKey', value: 'not-the-secret-key', named: /SecretKey/i },
		receiptsToSink: true,
		replyTrigger: () => ({}),
		pickers: [
			{
				methodName: 'searchTemplates',
				parameter: 'templateId',
				expected: ['模板100001 (100001) — 您好{1}', '模板100002 (100002) — {1}您好'],
			},
			{ methodName: 'searchSignatures', parameter: 'signName', expected: ['沙箱测试'] },
		],
	},
};

/** Every registered vendor, in the registry's order. */
export const VENDORS: Vendor[] = REGISTERED_VENDORS.map((vendor) => vendor.name);

export interface Recipient {
	phone: string;
	name: string;
	points: number;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	disabled?: boolean;
	onError?: string;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

type Connections = Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Connections;
	settings: Record<string, unknown>;
	pinData?: Record<string, unknown>;
}

/** The node settings users touch (Settings tab): Retry On Fail and On Error. */
export interface NodeSettings {
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
}

export interface SmsNodeSpec {
	name: string;
	vendor: Vendor;
	operation: 'send' | 'sendBatch';
	options?: Record<string, unknown>;
	settings?: NodeSettings;
}

/** SMS Campaign sending `{{ $json.phone }}` the vendor's demo template, its variables mapped from the item. */
export function smsCampaignNode(spec: SmsNodeSpec, position: [number, number]): WorkflowNode {
	const { credentialType, credential, template } = VENDOR_CASES[spec.vendor];
	return {
		id: nodeId(spec.name),
		name: spec.name,
		type: SMS_CAMPAIGN_TYPE,
		typeVersion: 1,
		position,
		parameters: {
			provider: spec.vendor,
			operation: spec.operation,
			phone: '={{ $json.phone }}',
			variablesMode: 'autoMap',
			...template,
			options: spec.options ?? {},
		},
		credentials: { [credentialType]: credential },
		...spec.settings,
	};
}

/**
 * Manual Trigger → Recipients (Edit Fields, JSON) → One Item Per Recipient (Split Out) → each SMS node,
 * side by side: what `n8n execute` runs. The SMS nodes' outputs lead nowhere; the run data holds them.
 */
export function recipientsWorkflow(
	id: string,
	name: string,
	recipients: Recipient[],
	smsNodes: SmsNodeSpec[],
): WorkflowJson {
	const nodes: WorkflowNode[] = [
		node('When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node('Recipients', 'n8n-nodes-base.set', 3.4, [220, 0], {
			mode: 'raw',
			jsonOutput: JSON.stringify({ recipients }),
			options: {},
		}),
		node('One Item Per Recipient', 'n8n-nodes-base.splitOut', 1, [440, 0], {
			fieldToSplitOut: 'recipients',
			options: {},
		}),
		...smsNodes.map((spec, index) => smsCampaignNode(spec, [680, index * 200])),
	];
	return workflow(id, name, nodes, {
		'When clicking ‘Execute workflow’': mainTo('Recipients'),
		Recipients: mainTo('One Item Per Recipient'),
		'One Item Per Recipient': mainTo(...smsNodes.map((spec) => spec.name)),
	});
}

/**
 * Webhook (POST `/webhook/<path>`, body `{ recipients }`) → One Item Per Recipient → each SMS node. It
 * answers at once (`onReceived`), or when the last node is done, with its first item (`lastNode`): a small
 * answer even for 100k recipients.
 */
export function webhookWorkflow(
	id: string,
	path: string,
	respond: 'onReceived' | 'lastNode',
	smsNodes: SmsNodeSpec[],
): WorkflowJson {
	const webhook = node('Recipients Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], {
		httpMethod: 'POST',
		path,
		responseMode: respond,
		...(respond === 'lastNode' ? { responseData: 'firstEntryJson' } : {}),
		options: {},
	});
	const nodes = [
		{ ...webhook, webhookId: nodeId(`webhook ${path}`) },
		node('One Item Per Recipient', 'n8n-nodes-base.splitOut', 1, [220, 0], {
			fieldToSplitOut: 'body.recipients',
			options: {},
		}),
		...smsNodes.map((spec, index) => smsCampaignNode(spec, [440, index * 200])),
	];
	return workflow(id, `E2E webhook ${path}`, nodes, {
		'Recipients Webhook': mainTo('One Item Per Recipient'),
		'One Item Per Recipient': mainTo(...smsNodes.map((spec) => spec.name)),
	});
}

export function workflow(id: string, name: string, nodes: WorkflowNode[], connections: Connections): WorkflowJson {
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** A node as the editor saves it, its id derived from its name. */
export function node(
	name: string,
	type: string,
	typeVersion: number,
	position: [number, number],
	parameters: Record<string, unknown>,
): WorkflowNode {
	return { id: nodeId(name), name, type, typeVersion, position, parameters };
}

/** A main-output connection to each target. */
export function mainTo(...targets: string[]): Connections[string] {
	return { main: [targets.map((target) => ({ node: target, type: 'main' as const, index: 0 }))] };
}

/** A stable UUID-shaped id per node name, so that every run imports the same workflows. */
function nodeId(name: string): string {
	const hex = createHash('md5').update(name).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
