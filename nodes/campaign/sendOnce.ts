import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeExecutionHint,
} from 'n8n-workflow';

/** The node's failure when nothing went out: a retry of it is safe (see nothingSentFailure). */
export class NothingSentError extends NodeOperationError {}

/** What a send returns: its output, and the hints its run shows (which n8n takes from the last try). */
export interface SendResult {
	output: INodeExecutionData[][];
	hints: NodeExecutionHint[];
}

/** What one try of a node run did, shared with n8n's retries of the same run. */
interface NodeRunTry {
	requestsMade: boolean;
	result?: SendResult;
}

/** By the object every try of one node run shares (runKey), which goes when the execution goes. */
const tries = new WeakMap<object, NodeRunTry>();

/**
 * Runs a send at most once per node run. n8n's Retry On Fail runs a node again with the same execute
 * data after it threw, and also after it returned a first item whose `json.error` is set (a rejected
 * first recipient). A retry of a run that returned gets the same output, sending nothing; a retry of one
 * that failed after requests went out fails again without sending. Only a run that sent nothing (no
 * request, or a NothingSentError) is run again.
 */
export async function sendOnce(
	context: IExecuteFunctions,
	send: (onRequest: () => void) => Promise<SendResult>,
): Promise<INodeExecutionData[][]> {
	const key = runKey(context);
	const result = key ? await sendOncePerRun(key, context, send) : await send(() => {});
	if (result.hints.length > 0) context.addExecutionHints(...result.hints);
	// A copy each time: n8n rearranges a node's output arrays in place when it routes the error output.
	return result.output.map((items) => [...items]);
}

/**
 * What every try of one node run shares: n8n's execute data, or for a call as an AI agent's tool the
 * call's arguments item (every tool call of one agent run shares the agent's execute data).
 */
function runKey(context: IExecuteFunctions): object | undefined {
	if (context.isToolExecution?.()) return context.getInputData()[0];
	return context.getExecuteData?.();
}

async function sendOncePerRun(
	key: object,
	context: IExecuteFunctions,
	send: (onRequest: () => void) => Promise<SendResult>,
): Promise<SendResult> {
	const previous = tries.get(key);
	if (previous?.result) return previous.result;
	if (previous) {
		throw new NodeOperationError(
			context.getNode(),
			'Not run again: the failed try had already sent requests to the vendor',
			{
				description:
					"Retrying could send some messages twice. Check the first try's error and the delivery receipts before sending again.",
			},
		);
	}
	const current: NodeRunTry = { requestsMade: false };
	tries.set(key, current);
	try {
		current.result = await send(() => {
			current.requestsMade = true;
		});
		return current.result;
	} catch (error) {
		if (!current.requestsMade || error instanceof NothingSentError) tries.delete(key);
		throw error;
	}
}
