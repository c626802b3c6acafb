/**
 * Runs a polling trigger's `poll()` (the SMS Delivery Receipt Trigger's, or the SMS Reply Trigger's) for real, through n8n-core's `PollContext`, the way
 * n8n does: `'trigger'` is one tick of an active workflow, `'manual'` is the editor's "Fetch Test Event"
 * (n8n-core `WorkflowExecute.executePollNode` builds the same context with mode and activation 'manual').
 *
 * Static data is kept the way n8n persists it with the saved workflow: each poll loads a fresh `Workflow`
 * (node parameter defaults applied by n8n-workflow as on load) from the last saved copy, and a 'trigger'
 * poll that returns saves the copy again only when n8n's change tracking (`__dataChanged`) says it
 * changed. A 'manual' poll never saves, as n8n does not for test runs; so a trigger that mutates its
 * state in a way n8n cannot see loses it here, as it would in production.
 */
import 'reflect-metadata';
import { PollContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialsHelper,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
	type Logger,
} from 'n8n-workflow';

import type { RequestRecord, Sandbox } from '../sandbox';
import { SmsDeliveryReceiptTrigger } from '../../nodes/SmsDeliveryReceiptTrigger/SmsDeliveryReceiptTrigger.node';
import { SmsReplyTrigger } from '../../nodes/SmsReplyTrigger/SmsReplyTrigger.node';

/** The node types as a real install names them (`<package name>.<node name>`). */
export const RECEIPT_TRIGGER_TYPE = 'n8n-nodes-sms-campaign.smsDeliveryReceiptTrigger';
export const RECEIPT_TRIGGER_NODE = 'SMS Delivery Receipt Trigger';
export const REPLY_TRIGGER_TYPE = 'n8n-nodes-sms-campaign.smsReplyTrigger';
export const REPLY_TRIGGER_NODE = 'SMS Reply Trigger';

const TRIGGERS = {
	receipts: { type: RECEIPT_TRIGGER_TYPE, name: RECEIPT_TRIGGER_NODE, create: () => new SmsDeliveryReceiptTrigger() },
	replies: { type: REPLY_TRIGGER_TYPE, name: REPLY_TRIGGER_NODE, create: () => new SmsReplyTrigger() },
};

export type PollMode = 'trigger' | 'manual';

export interface PollTriggerOptions {
	/** Which trigger: the delivery receipt trigger (default) or the reply trigger. */
	trigger?: keyof typeof TRIGGERS;
	/** What n8n's PollContext.getPollBudgetMs answers (n8n-core's default: 5 minutes). */
	pollBudgetMs?: number;
	/** The trigger node's parameters as saved in a workflow (`provider`, `queueName`, `options`). */
	parameters: INodeParameters;
	/** Decrypted credentials by credential type (e.g. `sandbox.credentials`); each is attached to the node. */
	credentials: object;
}

export interface LogEntry {
	level: keyof Logger;
	message: string;
}

export interface PollTrigger {
	/** One poll; resolves to what n8n would emit (null = no execution) or rejects like the poll did. */
	poll(mode?: PollMode): Promise<INodeExecutionData[][] | null>;
	/** The workflow's static data as last saved (`node:<node name>` holds the trigger's own). */
	readonly staticData: IDataObject;
	/** What the trigger logged through `this.logger`, oldest first. */
	readonly logs: LogEntry[];
}

export function createPollTrigger(options: PollTriggerOptions): PollTrigger {
	const kind = TRIGGERS[options.trigger ?? 'receipts'];
	const trigger = kind.create();
	const nodeTypes: INodeTypes = {
		getByName: () => trigger,
		getByNameAndVersion: () => trigger,
		getKnownTypes: () => ({}),
	};
	let saved: IDataObject = {};
	const logs: LogEntry[] = [];
	const logger: Logger = {
		error: (message) => logs.push({ level: 'error', message }),
		warn: (message) => logs.push({ level: 'warn', message }),
		info: (message) => logs.push({ level: 'info', message }),
		debug: (message) => logs.push({ level: 'debug', message }),
	};
	const additionalData = {
		credentialsHelper: credentialsHelper(options.credentials),
	} as unknown as IWorkflowExecuteAdditionalData;

	async function poll(mode: PollMode = 'trigger'): Promise<INodeExecutionData[][] | null> {
		const node: INode = {
			id: 'sms-trigger',
			name: kind.name,
			type: kind.type,
			typeVersion: 1,
			position: [0, 0],
			parameters: structuredClone(options.parameters),
			credentials: Object.fromEntries(Object.keys(options.credentials).map((type) => [type, { id: type, name: type }])),
		};
		const workflow = new Workflow({
			id: 'receipt-workflow',
			name: 'SMS receipts test',
			nodes: [node],
			connections: {},
			active: mode === 'trigger',
			nodeTypes,
			staticData: structuredClone(saved),
			settings: { executionOrder: 'v1' },
		});
		const budget = options.pollBudgetMs;
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'init',
			// __emit, __emitError, __commitCursor, __runPoll and resolveNodeStaticData: n8n-core's defaults.
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			budget === undefined ? undefined : () => budget,
		);
		// n8n-core reads its logger from a global container; the test reads what this trigger logged.
		Object.defineProperty(context, 'logger', { value: logger });
		const result = await trigger.poll.call(context);
		if (mode === 'trigger' && workflow.staticData.__dataChanged === true) {
			saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		}
		return result;
	}

	return {
		poll,
		get staticData() {
			return saved;
		},
		logs,
	};
}

/** Hands out the test's credentials as if n8n had decrypted them. */
function credentialsHelper(credentials: object): ICredentialsHelper {
	const byType = credentials as Record<string, object | undefined>;
	return {
		isCredentialUsableByNode: () => true,
		getDecrypted: async (_additionalData: unknown, _nodeCredentials: unknown, type: string) => {
			const found = byType[type];
			if (!found) throw new Error(`No test credentials of type ${type}`);
			return { ...found } as ICredentialDataDecryptedObject;
		},
	} as unknown as ICredentialsHelper;
}

/** The json of the items a poll emitted (none for null). */
export function emitted(result: INodeExecutionData[][] | null): IDataObject[] {
	return result === null ? [] : result[0].map((item) => item.json);
}

/**
 * One poll during which a pull after the first fails (the vendor is slowed down so that the fault lands
 * there), then one more poll at full speed: what each emitted.
 */
export async function pollFailingHalfway(
	sandbox: Sandbox,
	poller: PollTrigger,
	pull: { vendor: RequestRecord['vendor']; api: string },
): Promise<{ partial: IDataObject[]; rest: IDataObject[] }> {
	const pulls = () => sandbox.requests(pull.vendor, pull.api).length;
	sandbox.setLatency(200);
	const polling = poller.poll();
	while (pulls() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
	sandbox.injectFault(pull.vendor, { kind: 'http5xx', api: pull.api });
	const partial = emitted(await polling);
	sandbox.setLatency(0);
	return { partial, rest: emitted(await poller.poll()) };
}
