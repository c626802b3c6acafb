import {
	NodeOperationError,
	type IExecuteData,
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

/** By n8n's execute data, which every try of one node run shares and which goes when the execution goes. */
const tries = new WeakMap<IExecuteData, NodeRunTry>();

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
	const key = context.getExecuteData?.();
	const result = key ? await sendOncePerRun(key, context, send) : await send(() => {});
	if (result.hints.length > 0) context.addExecutionHints(...result.hints);
	return result.output;
}

async function sendOncePerRun(
	key: IExecuteData,
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
