import type { IExecuteData, IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import { NothingSentError, sendOnce, type SendResult } from '../../nodes/campaign/sendOnce';
import { smsCampaignNode } from '../helpers/node';

const node = smsCampaignNode;

/** One call of the node as an AI agent's tool: the agent's execute data, the call's own arguments item. */
function toolCallOf(agentExecuteData: IExecuteData, argumentsItem: { json: object }) {
	return {
		getExecuteData: () => agentExecuteData,
		isToolExecution: () => true,
		getInputData: () => [argumentsItem],
		getNode: () => node,
		addExecutionHints: () => {},
	} as unknown as IExecuteFunctions;
}

/** One try of a node run as n8n's Retry On Fail makes it: a new context on the same execute data. */
function tryOf(executeData: IExecuteData) {
	const hints: NodeExecutionHint[] = [];
	const context = {
		getExecuteData: () => executeData,
		getNode: () => node,
		addExecutionHints: (...added: NodeExecutionHint[]) => hints.push(...added),
	} as unknown as IExecuteFunctions;
	return { context, hints };
}

/** A send that succeeds with `result`, and how often it was called. */
function countingSend() {
	let calls = 0;
	return {
		send: async () => {
			calls++;
			return result;
		},
		sends: () => calls,
	};
}

const executeData = (): IExecuteData => ({ data: { main: [[{ json: {} }]] }, node, source: null });
const result: SendResult = {
	output: [[{ json: { status: 'accepted' } }]],
	hints: [{ message: '1 accepted', type: 'warning' }],
};

describe('sendOnce', () => {
	it('gives a retry of a run that returned the same output and hints, without sending again', async () => {
		const run = executeData();
		const { send, sends } = countingSend();
		await sendOnce(tryOf(run).context, send);
		const retry = tryOf(run);

		expect(await sendOnce(retry.context, send)).toEqual(result.output);
		expect(retry.hints).toEqual(result.hints);
		expect(sends()).toBe(1);
	});

	it('runs again a run that failed before any request', async () => {
		const run = executeData();
		await expect(
			sendOnce(tryOf(run).context, async () => Promise.reject(new Error('template pending'))),
		).rejects.toThrow();

		expect(await sendOnce(tryOf(run).context, async () => result)).toEqual(result.output);
	});

	it('runs again a run whose requests were all rejected (NothingSentError)', async () => {
		const run = executeData();
		const rejectedAll = async (onRequest: () => void) => {
			onRequest();
			throw new NothingSentError(node, 'every recipient rejected');
		};
		await expect(sendOnce(tryOf(run).context, rejectedAll)).rejects.toThrow('every recipient rejected');

		expect(await sendOnce(tryOf(run).context, async () => result)).toEqual(result.output);
	});

	it('fails a retry of a run that failed after a request went out, without sending', async () => {
		const run = executeData();
		const failedAfterRequest = async (onRequest: () => void) => {
			onRequest();
			throw new Error('defect while recording an outcome');
		};
		await expect(sendOnce(tryOf(run).context, failedAfterRequest)).rejects.toThrow('defect');
		let sent = false;

		await expect(
			sendOnce(tryOf(run).context, async () => {
				sent = true;
				return result;
			}),
		).rejects.toThrow('Not run again: the failed try had already sent requests to the vendor');
		expect(sent).toBe(false);
	});

	it('keeps separate node runs apart', async () => {
		const { send, sends } = countingSend();
		await sendOnce(tryOf(executeData()).context, send);
		await sendOnce(tryOf(executeData()).context, send);

		expect(sends()).toBe(2);
	});

	it("keeps an agent's tool calls apart, though they share the agent's execute data", async () => {
		const agentRun = executeData();
		const { send, sends } = countingSend();
		await sendOnce(toolCallOf(agentRun, { json: { phone: '13800138000' } }), send);
		await sendOnce(toolCallOf(agentRun, { json: { phone: '13800138001' } }), send);

		expect(sends()).toBe(2);
	});

	it("gives a retry the first try's items even after n8n rearranged the arrays it was handed", async () => {
		const run = executeData();
		const first = await sendOnce(tryOf(run).context, async () => result);
		first[0].length = 0;

		expect(await sendOnce(tryOf(run).context, async () => result)).toEqual(result.output);
	});
});
