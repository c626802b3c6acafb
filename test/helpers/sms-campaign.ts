/**
 * What the Send / Send Batch workflow tests need per vendor: the same two-variable template defined in
 * the sandbox and addressed through the node's parameters, which sandbox requests are sends, one
 * sandbox per spec file, and a run of the node through n8n.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { clearTemplateCache } from '../../nodes/campaign/templateCache';
import type { ProviderName } from '../../nodes/providers';
import { startSandbox, type RequestRecord, type Sandbox, type SandboxTemplate } from '../sandbox';
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
	credentialType: 'aliyunSmsApi' | 'yunpianApi' | 'chuanglanApi';
	/** The template text in this vendor's placeholder syntax, without the signature. */
	templateContent: string;
	/** The vendor's id for it; Chuanglan has none and matches sends by their text. */
	templateId?: string;
	/** The template parameters of the node. */
	template: INodeParameters;
	/** Defines the template in the sandbox (approved unless told), where the vendor knows templates by id. */
	define(sandbox: Sandbox, status?: SandboxTemplate['status']): void;
	/** Most recipients with their own variables in one vendor call. */
	batchLimit: number;
	/** The request api a Send Batch of distinct texts uses, and the one Send uses for an item. */
	batchApi: string;
	itemApi: string;
	/**
	 * Whether one request carries one OutId/uid for all its recipients: a call whose recipients have
	 * different outIds then sends one generated for the call.
	 */
	oneOutIdPerCall: boolean;
	/** Whether the vendor warns that a send answered with a 5xx may still have gone out (it is left unknown). */
	serverErrorMayHaveSent: boolean;
}

type VendorSpec = Omit<VendorCase, 'template' | 'define'>;

function vendorCase(spec: VendorSpec): VendorCase {
	const { provider, templateId, templateContent } = spec;
	return {
		...spec,
		template: templateId ? { templateId } : { templateContent },
		define: (sandbox, status) => {
			if (templateId) sandbox.defineTemplate(provider, { id: templateId, content: templateContent, status });
		},
	};
}

/** `【沙箱测试】您好{name}，验证码{code}` in every vendor's placeholder syntax. */
export const VENDORS: VendorCase[] = [
	vendorCase({
		provider: 'aliyun',
		credentialType: 'aliyunSmsApi',
		templateId: 'SMS_100001',
		templateContent: '您好${name}，验证码${code}',
		batchLimit: 100,
		batchApi: 'SendBatchSms',
		itemApi: 'SendSms',
		oneOutIdPerCall: true,
		serverErrorMayHaveSent: true,
	}),
	vendorCase({
		provider: 'yunpian',
		credentialType: 'yunpianApi',
		templateId: '1001',
		templateContent: '您好#name#，验证码#code#',
		batchLimit: 1000,
		batchApi: '/v2/sms/multi_send.json',
		itemApi: '/v2/sms/single_send.json',
		oneOutIdPerCall: false,
		serverErrorMayHaveSent: false,
	}),
	vendorCase({
		provider: 'chuanglan',
		credentialType: 'chuanglanApi',
		templateContent: '您好{$name}，验证码{$code}',
		batchLimit: 1000,
		batchApi: '/msg/variable/json',
		itemApi: '/msg/send/json',
		oneOutIdPerCall: true,
		serverErrorMayHaveSent: false,
	}),
];

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

/** Requests that carried messages (template reads are not sends). */
export function sendRequests(sandbox: Sandbox, vendor: VendorCase): RequestRecord[] {
	return sandbox.requests(vendor.provider).filter((request) => /Send|\/sms\/|\/msg\/(send|variable)/.test(request.api));
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
