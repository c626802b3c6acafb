/**
 * In-process n8n harness: runs real workflows (n8n-workflow `Workflow` + n8n-core `WorkflowExecute`) with
 * our node classes registered under the type names a real install gives them, a stub credentials helper
 * and real expression evaluation. Two entry points share one engine setup:
 *
 * - `runWorkflow`: the SMS Campaign node alone, fed with given items —
 *       Start (manual-trigger-like) ──► Items (emits the given items) ──► SMS Campaign
 * - `runWorkflowJson`: any saved workflow (nodes + connections, as n8n exports them). Nodes that must not
 *   run are served by n8n's own pinData; other node types can be added (test stand-ins).
 *
 * Expressions: n8n-workflow 2.41 evaluates with its legacy (in-process, tournament-based) engine unless
 * `Expression.initExpressionEngine({ engine: 'vm' })` is called, which needs the native isolated-vm
 * module. Nothing here calls it, so `={{ $json.phone }}` evaluates for real on Node 20 without
 * isolated-vm (its `Expression.expressionEngine` defaults to 'legacy'; no setting is needed).
 */
import 'reflect-metadata';
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	NodeConnectionTypes,
	Workflow,
	createRunExecutionData,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialsHelper,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IPinData,
	type IRun,
	type ITaskData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { SmsCampaign } from '../../nodes/SmsCampaign/SmsCampaign.node';
import { SmsDeliveryReceiptTrigger } from '../../nodes/SmsDeliveryReceiptTrigger/SmsDeliveryReceiptTrigger.node';
import { SmsReplyTrigger } from '../../nodes/SmsReplyTrigger/SmsReplyTrigger.node';
import { RECEIPT_TRIGGER_TYPE, REPLY_TRIGGER_TYPE } from './poll';

// n8n-core logs every node failure to stdout; tests assert on the error instead. Read lazily by n8n.
process.env.N8N_LOG_LEVEL ??= 'silent';

/** The node type as a real install names it (`<package name>.<node name>`). */
export const SMS_CAMPAIGN_TYPE = 'n8n-nodes-sms-campaign.smsCampaign';
export const SMS_CAMPAIGN_NODE = 'SMS Campaign';
const START_TYPE = 'test.start';
const ITEMS_TYPE = 'test.items';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

/** Decrypted credentials by credential type (e.g. `sandbox.credentials`): an object keyed by type. */
export type TestCredentials = object;

export interface RunWorkflowOptions {
	/** The `json` of each item the Items node hands to SMS Campaign. */
	items: IDataObject[];
	/** The SMS Campaign node as saved in a workflow: its parameters, "On Error" and other node settings. */
	node: { parameters: INodeParameters; onError?: OnError; settings?: NodeSettings };
	/** Decrypted credentials by credential type; each is attached to the node. */
	credentials: TestCredentials;
	/** Handed the running execution as soon as it starts, so that a test can stop it as the editor's Stop does. */
	onStarted?: (execution: RunningExecution) => void;
}

/** The node settings a user sets in the node's Settings tab (beside On Error). */
export type NodeSettings = Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'alwaysOutputData'>;

/** What n8n's Stop acts on: the execution's cancel (n8n-core's PCancelable). */
export interface RunningExecution {
	cancel(): void;
}

export interface WorkflowRunResult {
	/** SMS Campaign's output items per output index: `[main]`, or `[main, error]` with the error output. */
	outputs: INodeExecutionData[][];
	/** The error SMS Campaign failed with, when it failed. */
	error?: ExecutionError;
	/** n8n's own measure of SMS Campaign's execution time, in ms. */
	executionTimeMs: number;
	/** The hints SMS Campaign's run shows in the editor (warnings such as rejected recipients). */
	hints: NodeExecutionHint[];
	/** The whole run as n8n-core returns it. */
	run: IRun;
}

/** A workflow as n8n exports it (the fields the engine needs). */
export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
}

export interface RunWorkflowJsonOptions {
	/** Decrypted credentials by credential type; each node uses the types its saved `credentials` name. */
	credentials: TestCredentials;
	/** Output of nodes that must not run, by node name (n8n's pinData: the node is skipped, its pin emitted). */
	pinData?: IPinData;
	/** The node the run starts at; default the first node nothing connects into. */
	startNode?: string;
	/** What the start node is handed (a trigger's poll result); default one empty item, as Execute Workflow. */
	startItems?: INodeExecutionData[];
	/**
	 * `manual` is Execute Workflow in the editor (a polling trigger then polls once, peeking); `trigger` is an
	 * active workflow whose trigger fired: n8n passes the start items through the trigger unchanged.
	 */
	mode?: 'manual' | 'trigger';
	/** Node types beyond ours, by type name (stand-ins for nodes that are not installed here). */
	nodeTypes?: Record<string, INodeType>;
	/** See RunWorkflowOptions.onStarted. */
	onStarted?: (execution: RunningExecution) => void;
}

export interface WorkflowJsonRunResult {
	/** Items a node emitted on an output (first run), `[]` when it did not run or emitted nothing there. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error the run stopped with, when it failed. */
	error?: ExecutionError;
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

function nodeDescription(
	name: string,
	displayName: string,
	inputs: INodeTypeDescription['inputs'],
): INodeTypeDescription {
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
	const campaignNode: INode = {
		...workflowNode(SMS_CAMPAIGN_NODE, SMS_CAMPAIGN_TYPE, [400, 0]),
		parameters: options.node.parameters,
		onError: options.node.onError,
		...options.node.settings,
		credentials: credentialReferences(options.credentials),
	};
	const workflowJson: WorkflowJson = {
		name: 'SMS Campaign test',
		nodes: [workflowNode('Start', START_TYPE, [0, 0]), workflowNode('Items', ITEMS_TYPE, [200, 0]), campaignNode],
		connections: {
			Start: { main: [[{ node: 'Items', type: NodeConnectionTypes.Main, index: 0 }]] },
			Items: { main: [[{ node: SMS_CAMPAIGN_NODE, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
	};
	const { run } = await runWorkflowJson(workflowJson, {
		credentials: options.credentials,
		nodeTypes: { [START_TYPE]: startNodeType(), [ITEMS_TYPE]: itemsNodeType(options.items) },
		onStarted: options.onStarted,
	});

	const taskData: ITaskData | undefined = run.data.resultData.runData[SMS_CAMPAIGN_NODE]?.[0];
	return {
		outputs: (taskData?.data?.main ?? []).map((output) => output ?? []),
		error: taskData?.error ?? run.data.resultData.error,
		executionTimeMs: taskData?.executionTime ?? 0,
		hints: taskData?.hints ?? [],
		run,
	};
}

export async function runWorkflowJson(
	workflowJson: WorkflowJson,
	options: RunWorkflowJsonOptions,
): Promise<WorkflowJsonRunResult> {
	const nodeTypes = packageNodeTypes(options.nodeTypes);
	// The Workflow fills in parameter defaults in place: keep the caller's JSON as loaded.
	const { nodes, connections } = structuredClone({ nodes: workflowJson.nodes, connections: workflowJson.connections });
	const workflow = new Workflow({
		id: 'test-workflow',
		name: workflowJson.name ?? 'SMS test workflow',
		nodes,
		connections,
		active: options.mode === 'trigger',
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const startNode = workflow.getNode(options.startNode ?? firstUnconnectedNode(nodes, connections).name);
	if (!startNode) throw new Error(`The workflow has no node named ${options.startNode}`);

	const mode = options.mode ?? 'manual';
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
	const additionalData = {
		...engineData(options.credentials),
		hooks: new ExecutionLifecycleHooks(mode, 'test-execution', workflowData),
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		resultData: { pinData: options.pinData },
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [options.startItems ?? [{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	options.onStarted?.(execution);
	const run = await execution;

	const { runData, error } = run.data.resultData;
	return {
		output: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		error: error ?? Object.values(runData).flatMap((tasks) => tasks.flatMap((task) => task.error ?? []))[0],
		run,
	};
}

/** Our node types under their installed names, plus the test's own. */
function packageNodeTypes(extra: Record<string, INodeType> = {}): INodeTypes {
	const types: Record<string, INodeType> = {
		[SMS_CAMPAIGN_TYPE]: new SmsCampaign(),
		[RECEIPT_TRIGGER_TYPE]: new SmsDeliveryReceiptTrigger(),
		[REPLY_TRIGGER_TYPE]: new SmsReplyTrigger(),
		...extra,
	};
	return {
		getByName: (type) => types[type],
		getByNameAndVersion: (type) => types[type],
		getKnownTypes: () => ({}),
	};
}

/** What every context n8n-core builds needs from the instance: credentials, URLs, variables. */
function engineData(credentials: TestCredentials): Partial<IWorkflowExecuteAdditionalData> {
	return {
		credentialsHelper: stubCredentialsHelper(credentials),
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
	} as unknown as Partial<IWorkflowExecuteAdditionalData>;
}

export interface ListSearchOptions {
	/** The SMS Campaign node's parameters as the editor holds them while the list is open. */
	parameters: INodeParameters;
	/** Decrypted credentials by credential type; the node is given each. */
	credentials: TestCredentials;
	/** The listSearch method a resource locator's `searchListMethod` names. */
	method: string;
	filter?: string;
	paginationToken?: string;
}

/**
 * Calls one of SMS Campaign's listSearch methods as n8n's server does when the editor opens a picker
 * (DynamicNodeParametersService.getResourceLocatorResults): in n8n-core's LoadOptionsContext, on a
 * workflow holding only the node with the editor's current parameters and credentials.
 */
export async function searchList(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const node: INode = {
		...workflowNode(SMS_CAMPAIGN_NODE, SMS_CAMPAIGN_TYPE, [0, 0]),
		parameters: options.parameters,
		credentials: credentialReferences(options.credentials),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: packageNodeTypes(),
	});
	const additionalData = {
		...engineData(options.credentials),
		currentNodeParameters: options.parameters,
	} as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const methods: INodeType['methods'] = new SmsCampaign().methods;
	const method = methods?.listSearch?.[options.method];
	if (!method) throw new Error(`SMS Campaign has no listSearch method ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}

function credentialReferences(credentials: TestCredentials): INode['credentials'] {
	return Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: type, name: type }]));
}

function firstUnconnectedNode(nodes: INode[], connections: IConnections): INode {
	const connectedInto = new Set(
		Object.values(connections).flatMap((byType) =>
			Object.values(byType).flatMap((outputs) => outputs.flatMap((targets) => (targets ?? []).map(({ node }) => node))),
		),
	);
	const start = nodes.find((node) => !connectedInto.has(node.name) && !node.type.endsWith('.stickyNote'));
	if (!start) throw new Error('The workflow has no node to start from');
	return start;
}

function workflowNode(name: string, type: string, position: [number, number]): INode {
	return { id: name, name, type, typeVersion: 1, position, parameters: {} };
}

/** Hands out the test's credentials as if n8n had decrypted them; requests are not touched. */
function stubCredentialsHelper(credentials: TestCredentials): ICredentialsHelper {
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
			const found = (credentials as Record<string, object | undefined>)[type];
			if (!found) throw new Error(`No test credentials of type ${type}`);
			return { ...found } as ICredentialDataDecryptedObject;
		},
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
		getCredentialsProperties: () => [],
	} as unknown as ICredentialsHelper;
}
