import type { IExecuteData, IExecuteFunctions, INode, NodeExecutionHint } from 'n8n-workflow';

import { NothingSentError, sendOnce, type SendResult } from '../../nodes/campaign/sendOnce';

const node: INode = {
	id: 'sms',
	name: 'SMS Campaign',
	type: 'n8n-nodes-sms-campaign.smsCampaign',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

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

const executeData = (): IExecuteData => ({ data: { main: [[{ json: {} }]] }, node, source: null });
const result: SendResult = {
	output: [[{ json: { status: 'accepted' } }]],
	hints: [{ message: '1 accepted', type: 'warning' }],
};

describe('sendOnce', () => {
	it('gives a retry of a run that returned the same output and hints, without sending again', async () => {
		const run = executeData();
		let sends = 0;
		const send = async () => {
			sends++;
			return result;
		};
		await sendOnce(tryOf(run).context, send);
		const retry = tryOf(run);

		expect(await sendOnce(retry.context, send)).toBe(result.output);
		expect(retry.hints).toEqual(result.hints);
		expect(sends).toBe(1);
	});

	it('runs again a run that failed before any request', async () => {
		const run = executeData();
		await expect(
			sendOnce(tryOf(run).context, async () => Promise.reject(new Error('template pending'))),
		).rejects.toThrow();

		expect(await sendOnce(tryOf(run).context, async () => result)).toBe(result.output);
	});

	it('runs again a run whose requests were all rejected (NothingSentError)', async () => {
		const run = executeData();
		const rejectedAll = async (onRequest: () => void) => {
			onRequest();
			throw new NothingSentError(node, 'every recipient rejected');
		};
		await expect(sendOnce(tryOf(run).context, rejectedAll)).rejects.toThrow('every recipient rejected');

		expect(await sendOnce(tryOf(run).context, async () => result)).toBe(result.output);
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
		let sends = 0;
		const send = async () => {
			sends++;
			return result;
		};
		await sendOnce(tryOf(executeData()).context, send);
		await sendOnce(tryOf(executeData()).context, send);

		expect(sends).toBe(2);
	});
});
