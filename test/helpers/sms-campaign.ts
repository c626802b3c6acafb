/**
 * What the Send / Send Batch workflow tests need per vendor: the same two-variable template defined in
 * the sandbox and addressed through the node's parameters, which sandbox requests are sends, one
 * sandbox per spec file, and a run of the node through n8n.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { clearTemplateCache } from '../../nodes/campaign/templateCache';
import type { ProviderName } from '../../nodes/providers';
import {
	startSandbox,
	type RequestRecord,
	type Sandbox,
	type SandboxCredentials,
	type SandboxServer,
	type SandboxTemplate,
	type SentMessage,
} from '../sandbox';
import {
	runWorkflow,
	type NodeSettings,
	type OnError,
	type RunningExecution,
	type RunWorkflowOptions,
	type WorkflowRunResult,
} from './n8n';

export interface VendorCase {
	provider: ProviderName;
	credentialType: keyof SandboxCredentials;
	/** The template text in this vendor's placeholder syntax, without the signature. */
	templateContent: string;
	/** The vendor's id for it; Chuanglan has none and matches sends by their text. */
	templateId?: string;
	/** The template parameters of the node, with how the items' `name` and `code` fill the placeholders. */
	template: INodeParameters;
	/** The name the node gives each of the template's variables in its messages (`code`, or `2` for `{2}`). */
	variableName: Record<'name' | 'code', string>;
	/**
	 * The node's template parameters for a template without placeholders (GREETING); the vendor knows it
	 * once `define` has run.
	 */
	greeting: INodeParameters;
	/** Defines the templates in the sandbox (the main one approved unless told), where the vendor knows templates by id. */
	define(sandbox: Sandbox, status?: SandboxTemplate['status']): void;
	/** Most recipients with their own variables in one vendor call. */
	batchLimit: number;
	/** The request api a Send Batch of distinct texts uses, and the one Send uses for an item. */
	batchApi: string;
	itemApi: string;
	/** Every request api that carries messages. */
	sendApis: string[];
	/**
	 * Whether one request carries one OutId/uid for all its recipients: a call whose recipients have
	 * different outIds then sends one generated for the call.
	 */
	oneOutIdPerCall: boolean;
	/** Whether the vendor warns that a send answered with a 5xx may still have gone out (it is left unknown). */
	serverErrorMayHaveSent: boolean;
	/**
	 * Where the receipt trigger reads: the request a poll repeats until the backlog is drained, every
	 * endpoint a poll may touch, and whether a pull deletes what it returns (a lost answer then loses them).
	 */
	receipts: {
		pull: { vendor: SandboxServer; api: string };
		endpoints: Array<{ vendor: SandboxServer; api?: string }>;
		destructive: boolean;
	};
	/**
	 * The fault specs' seeds: sends (between them meeting every kind of fault), receipts, a stopped and a
	 * balance-limited campaign. Each vendor its own, so that vendors meet different sequences of faults.
	 */
	faultSeeds: { send: number[]; receipts: number[]; stop: number; balance: number };
}

/** A template without placeholders, in every vendor's terms (see VendorCase.greeting). */
export const GREETING = '欢迎使用沙箱服务';

type VendorSpec = Omit<VendorCase, 'template' | 'define' | 'greeting' | 'variableName'> & {
	/** The id of GREETING, where the vendor knows templates by id. */
	greetingId?: string;
	/** Node parameters that map the items' `name` and `code` onto positional placeholders. */
	variables?: INodeParameters;
	variableName?: VendorCase['variableName'];
};

function vendorCase(spec: VendorSpec): VendorCase {
	const { provider, templateId, templateContent, greetingId, variables, variableName, ...rest } = spec;
	return {
		provider,
		templateId,
		templateContent,
		...rest,
		template: { ...(templateId ? { templateId } : { templateContent }), ...variables },
		variableName: variableName ?? { name: 'name', code: 'code' },
		greeting: greetingId ? { templateId: greetingId } : { templateContent: GREETING },
		define: (sandbox, status) => {
			if (templateId) sandbox.defineTemplate(provider, { id: templateId, content: templateContent, status });
			if (greetingId) sandbox.defineTemplate(provider, { id: greetingId, content: GREETING });
		},
	};
}

/** `【沙箱测试】您好{name}，验证码{code}` in every vendor's placeholder syntax. */
export const VENDORS: VendorCase[] = [
	vendorCase({
		provider: 'aliyun',
		credentialType: 'aliyunSmsApi',
		templateId: 'SMS_100001',
		greetingId: 'SMS_100002',
		templateContent: '您好${name}，验证码${code}',
		batchLimit: 100,
		batchApi: 'SendBatchSms',
		itemApi: 'SendSms',
		sendApis: ['SendSms', 'SendBatchSms'],
		oneOutIdPerCall: true,
		serverErrorMayHaveSent: true,
		receipts: {
			pull: { vendor: 'aliyunMns', api: 'BatchReceiveMessage' },
			endpoints: [{ vendor: 'aliyunMns' }, { vendor: 'aliyunDybase' }],
			destructive: false,
		},
		faultSeeds: { send: [11, 12, 13], receipts: [41, 42], stop: 71, balance: 81 },
	}),
	vendorCase({
		provider: 'yunpian',
		credentialType: 'yunpianApi',
		templateId: '1001',
		greetingId: '1002',
		templateContent: '您好#name#，验证码#code#',
		batchLimit: 1000,
		batchApi: '/v2/sms/multi_send.json',
		itemApi: '/v2/sms/single_send.json',
		sendApis: ['/v2/sms/single_send.json', '/v2/sms/batch_send.json', '/v2/sms/multi_send.json'],
		oneOutIdPerCall: false,
		serverErrorMayHaveSent: false,
		receipts: pullOf('yunpian', '/v2/sms/pull_status.json'),
		faultSeeds: { send: [21, 22, 24], receipts: [51, 52], stop: 72, balance: 82 },
	}),
	vendorCase({
		provider: 'chuanglan',
		credentialType: 'chuanglanApi',
		templateContent: '您好{$name}，验证码{$code}',
		batchLimit: 1000,
		batchApi: '/msg/variable/json',
		itemApi: '/msg/send/json',
		sendApis: ['/msg/send/json', '/msg/variable/json'],
		oneOutIdPerCall: true,
		serverErrorMayHaveSent: false,
		receipts: pullOf('chuanglan', '/msg/pull/report'),
		faultSeeds: { send: [31, 32, 33], receipts: [61, 62], stop: 73, balance: 83 },
	}),
	vendorCase({
		provider: 'tencent',
		credentialType: 'tencentCloudSmsApi',
		templateId: '100001',
		greetingId: '100002',
		templateContent: '您好{1}，验证码{2}',
		// Numbered placeholders take the Template Variables entries in order.
		variables: {
			variablesMode: 'fields',
			templateVariables: {
				variable: [
					{ name: 'name', value: '={{ $json.name }}' },
					{ name: 'code', value: '={{ $json.code }}' },
				],
			},
		},
		variableName: { name: '1', code: '2' },
		// One TemplateParamSet per call: recipients with their own values take a call each.
		batchLimit: 1,
		batchApi: 'SendSms',
		itemApi: 'SendSms',
		sendApis: ['SendSms'],
		oneOutIdPerCall: true,
		serverErrorMayHaveSent: false,
		receipts: pullOf('tencent', 'PullSmsSendStatus'),
		faultSeeds: { send: [91, 92, 93], receipts: [102, 103], stop: 111, balance: 121 },
	}),
];

/** The vendor calls that recipients with their own values take. */
export const callsFor = (vendor: VendorCase, recipients: number): number => Math.ceil(recipients / vendor.batchLimit);

/**
 * The `name` and `code` of recipient `index` in a campaign meant to fill the vendor's batch calls: its
 * own where a call carries several sets of values, else the values every recipient shares.
 */
export function batchValues(vendor: VendorCase, index: number): { name: string; code: string } {
	return vendor.batchLimit > 1
		? { name: `用户${index}`, code: String(100_000 + index) }
		: { name: '会员', code: '100000' };
}

/** Recipients 13900000001… that one call of the vendor's batch api carries (see batchValues). */
export function oneCallItems(vendor: VendorCase, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		phone: mainlandNumber(index + 1),
		...batchValues(vendor, index),
	}));
}

/** Receipts read by a destructive pull, from one endpoint. */
function pullOf(vendor: SandboxServer, api: string): VendorCase['receipts'] {
	return { pull: { vendor, api }, endpoints: [{ vendor, api }], destructive: true };
}

export const SIGNATURE = '沙箱测试';

/** The text a handset shows for these variables. */
export const expectedText = (name: string, code: string) => `【${SIGNATURE}】您好${name}，验证码${code}`;

/** Distinct mainland numbers 13900000000, 13900000001, … */
export const mainlandNumber = (index: number) => String(13_900_000_000 + index);

/**
 * One sandbox for a spec file, reset before each test with every vendor's template defined, and the
 * node's template cache emptied with it: tests redefine the same template (pending, say) on the same
 * sandbox, which a real vendor never does to an approved template within minutes. Returns the running
 * sandbox, for use inside tests and hooks.
 */
export function campaignSandbox(): () => Sandbox {
	let sandbox: Sandbox | undefined;
	const running = (): Sandbox => {
		if (!sandbox) throw new Error('The sandbox is only running inside tests and hooks');
		return sandbox;
	};
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => await sandbox?.close());
	beforeEach(() => {
		running().reset();
		clearTemplateCache();
		for (const vendor of VENDORS) vendor.define(running());
	});
	return running;
}

/**
 * The messages the vendor accepted, each number written as the specs write mainland numbers (11 digits):
 * vendors receive them so, or in E.164 (Tencent).
 */
export function sentMessages(sandbox: Sandbox, vendor: VendorCase): SentMessage[] {
	return sandbox.sent(vendor.provider).map((message) => ({ ...message, phone: message.phone.replace(/^\+86/, '') }));
}

/** Requests that carried messages (template reads are not sends). */
export function sendRequests(sandbox: Sandbox, vendor: VendorCase): RequestRecord[] {
	return sandbox.requests(vendor.provider).filter((request) => vendor.sendApis.includes(request.api));
}

export interface CampaignRun {
	vendor: VendorCase;
	operation: 'send' | 'sendBatch';
	items: IDataObject[];
	parameters?: INodeParameters;
	options?: INodeParameters;
	onError?: OnError;
	settings?: NodeSettings;
	onStarted?: RunWorkflowOptions['onStarted'];
}

/** Runs Manual Trigger → items → SMS Campaign through n8n-core against the sandbox. */
export async function runSmsCampaign(
	sandbox: Pick<Sandbox, 'credentials'>,
	run: CampaignRun,
): Promise<WorkflowRunResult> {
	return await runWorkflow({
		items: run.items,
		node: {
			parameters: {
				provider: run.vendor.provider,
				operation: run.operation,
				phone: '={{ $json.phone }}',
				...run.vendor.template,
				...run.parameters,
				options: run.options ?? {},
			},
			onError: run.onError,
			settings: run.settings,
		},
		credentials: { [run.vendor.credentialType]: sandbox.credentials[run.vendor.credentialType] },
		onStarted: run.onStarted,
	});
}

/** The json of every item on an output. */
export const jsonOf = (items: INodeExecutionData[] | undefined) => (items ?? []).map((item) => item.json);

/** Quiet hours from an hour ago to an hour from now, in Shanghai time. */
export function quietHoursAroundNow(): INodeParameters {
	const clock = (offsetMinutes: number) =>
		new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Asia/Shanghai',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		}).format(new Date(Date.now() + offsetMinutes * 60_000));
	return { start: clock(-60), end: clock(60), timeZone: 'Asia/Shanghai' };
}

/**
 * Stops the execution as the editor's Stop does, once `calls` send requests have reached the sandbox.
 * `requestsAtStop` is how many had reached it when Stop was pressed (-1 until then).
 */
export function stopAfterSendRequests(sandbox: Sandbox, vendor: VendorCase, calls: number) {
	const stop = {
		requestsAtStop: -1,
		onStarted(execution: RunningExecution) {
			const watch = setInterval(() => {
				if (sendRequests(sandbox, vendor).length < calls) return;
				clearInterval(watch);
				stop.requestsAtStop = sendRequests(sandbox, vendor).length;
				execution.cancel();
			}, 1);
		},
	};
	return stop;
}
