/**
 * In-process n8n harness: runs a real workflow (n8n-workflow `Workflow` + n8n-core `WorkflowExecute`)
 *
 *     Start (manual-trigger-like) ──► Items (emits the given items) ──► SMS Campaign
 *
 * with stub node types, a stub credentials helper and real expression evaluation.
 *
 * Expressions: n8n-workflow 2.41 evaluates with its legacy (in-process, tournament-based) engine unless
 * `Expression.initExpressionEngine({ engine: 'vm' })` is called, which needs the native isolated-vm
 * module. Nothing here calls it, so `={{ $json.phone }}` evaluates for real on Node 20 without
 * isolated-vm (its `Expression.expressionEngine` defaults to 'legacy'; no setting is needed).
 */
import 'reflect-metadata';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeConnectionTypes,
	Workflow,
	createRunExecutionData,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialsHelper,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type ITaskData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { SmsCampaign } from '../../nodes/SmsCampaign/SmsCampaign.node';

// n8n-core logs every node failure to stdout; tests assert on the error instead. Read lazily by n8n.
process.env.N8N_LOG_LEVEL ??= 'silent';

/** The node type as a real install names it (`<package name>.<node name>`). */
export const SMS_CAMPAIGN_TYPE = 'n8n-nodes-sms-campaign.smsCampaign';
export const SMS_CAMPAIGN_NODE = 'SMS Campaign';
const START_TYPE = 'test.start';
const ITEMS_TYPE = 'test.items';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunWorkflowOptions {
	/** The `json` of each item the Items node hands to SMS Campaign. */
	items: IDataObject[];
	/** The SMS Campaign node as saved in a workflow: its parameters and "On Error" setting. */
	node: { parameters: INodeParameters; onError?: OnError };
	/** Decrypted credentials by credential type (e.g. `sandbox.credentials`); each is attached to the node. */
	credentials: Partial<Record<string, ICredentialDataDecryptedObject | object>>;
}

export interface WorkflowRunResult {
	/** SMS Campaign's output items per output index: `[main]`, or `[main, error]` with the error output. */
	outputs: INodeExecutionData[][];
	/** The error SMS Campaign failed with, when it failed. */
	error?: ExecutionError;
	/** n8n's own measure of SMS Campaign's execution time, in ms. */
	executionTimeMs: number;
	/** The whole run as n8n-core returns it. */
	run: IRun;
}

/** Manual-trigger-like start: one empty item, as n8n's Manual Trigger emits. */
function startNodeType(): INodeType {
	return {
		description: nodeDescription(START_TYPE, 'Start', []),
		execute: async () => [[{ json: {} }]],
	};
}

/** Emits the test's items, as a CRM read or a webhook would. */
function itemsNodeType(items: IDataObject[]): INodeType {
	return {
		description: nodeDescription(ITEMS_TYPE, 'Items', [NodeConnectionTypes.Main]),
		execute: async () => [items.map((json) => ({ json }))],
	};
}

function nodeDescription(name: string, displayName: string, inputs: INodeTypeDescription['inputs']): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description: displayName,
		defaults: { name: displayName },
		inputs,
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	const types: Record<string, INodeType> = {
		[START_TYPE]: startNodeType(),
		[ITEMS_TYPE]: itemsNodeType(options.items),
		[SMS_CAMPAIGN_TYPE]: new SmsCampaign(),
	};
	const nodeTypes: INodeTypes = {
		getByName: (type) => types[type],
		getByNameAndVersion: (type) => types[type],
		getKnownTypes: () => ({}),
	};

	const nodes: INode[] = [
		workflowNode('Start', START_TYPE, [0, 0]),
		workflowNode('Items', ITEMS_TYPE, [200, 0]),
		{
			...workflowNode(SMS_CAMPAIGN_NODE, SMS_CAMPAIGN_TYPE, [400, 0]),
			parameters: options.node.parameters,
			onError: options.node.onError,
			credentials: Object.fromEntries(
				Object.keys(options.credentials).map((type) => [type, { id: type, name: type }]),
			),
		},
	];
	const connections = {
		Start: { main: [[{ node: 'Items', type: NodeConnectionTypes.Main, index: 0 }]] },
		Items: { main: [[{ node: SMS_CAMPAIGN_NODE, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'SMS Campaign test',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});

	const mode: WorkflowExecuteMode = 'manual';
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
	};
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', workflowData);
	const additionalData = {
		hooks,
		credentialsHelper: stubCredentialsHelper(options.credentials),
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		// Expression keys such as $execution.resumeUrl are built from these, so they must be URLs.
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not part of this harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are disabled in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);

	const taskData: ITaskData | undefined = run.data.resultData.runData[SMS_CAMPAIGN_NODE]?.[0];
	return {
		outputs: (taskData?.data?.main ?? []).map((output) => output ?? []),
		error: taskData?.error ?? run.data.resultData.error,
		executionTimeMs: taskData?.executionTime ?? 0,
		run,
	};
}

function workflowNode(name: string, type: string, position: [number, number]): INode {
	return { id: name, name, type, typeVersion: 1, position, parameters: {} };
}

/** Hands out the test's credentials as if n8n had decrypted them; requests are not touched. */
function stubCredentialsHelper(credentials: RunWorkflowOptions['credentials']): ICredentialsHelper {
	return {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		authenticate: async (_credentials: unknown, _type: string, requestOptions: unknown) => requestOptions,
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		getCredentials: async () => {
			throw new Error('Only decrypted credentials are available in tests');
		},
		getDecrypted: async (_additionalData: unknown, _nodeCredentials: unknown, type: string) => {
			const found = credentials[type];
			if (!found) throw new Error(`No test credentials of type ${type}`);
			return { ...found } as ICredentialDataDecryptedObject;
		},
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
		getCredentialsProperties: () => [],
	} as unknown as ICredentialsHelper;
}
