/**
 * Retry On Fail when the vendor took a send but its answer was lost (the sandbox accepts the call, then drops
 * the connection): the messages may have gone out, so whatever the node reports, n8n's retry must not send
 * them again. Send Batch with every vendor, Retry On Fail (3 tries), On Error = Stop Workflow.
 */
import { executeWorkflow } from '../cliExecution';
import { recipients, type E2eContext } from '../context';
import { expectNoProblems } from '../report';
import { sendCountProblems, timesSent } from '../sandboxRecords';
import { recipientsWorkflow, VENDORS, type Vendor, type WorkflowJson } from '../workflows';

/** The request that carries a Send Batch of distinct texts, per vendor. */
const BATCH_API: Record<Vendor, string> = {
	aliyun: 'SendBatchSms',
	yunpian: '/v2/sms/multi_send.json',
	chuanglan: '/msg/variable/json',
};
const BLOCK: Record<Vendor, number> = { aliyun: 250, yunpian: 251, chuanglan: 252 };
const workflowId = (vendor: Vendor) => `e2eRetryLost${vendor}`;

export function retryLostAnswerWorkflows(): WorkflowJson[] {
	return VENDORS.map((vendor) =>
		recipientsWorkflow(workflowId(vendor), `E2E retry after a lost answer ${vendor}`, recipients(BLOCK[vendor], 2), [
			{
				name: 'Send Points Notices',
				vendor,
				operation: 'sendBatch',
				settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 100, onError: 'stopWorkflow' },
			},
		]),
	);
}

export async function checkRetryAfterLostAnswer({ n8n, sandbox, report }: E2eContext): Promise<void> {
	for (const vendor of VENDORS) {
		await report.check(
			`retry on fail ${vendor} sendBatch, answer lost after the vendor accepted: nothing sent twice`,
			async () => {
				sandbox.injectFault(vendor, { kind: 'acceptThenDrop', api: BATCH_API[vendor], times: 1 });
				try {
					await executeWorkflow(n8n, workflowId(vendor));
				} finally {
					sandbox.clearFaults();
				}
				const phones = recipients(BLOCK[vendor], 2).map((recipient) => recipient.phone);
				expectNoProblems(sendCountProblems(timesSent(sandbox, vendor, phones), 1));
			},
		);
	}
}
