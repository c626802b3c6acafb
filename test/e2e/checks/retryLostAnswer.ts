/**
 * Retry On Fail when the vendor took a send but its answer was lost (the sandbox accepts the call, then drops
 * the connection): the messages may have gone out, so whatever the node reports, n8n's retry must not send
 * them again. Send Batch with every vendor, Retry On Fail (3 tries), On Error = Stop Workflow.
 */
import { executeWorkflow } from '../cliExecution';
import { recipients, type E2eContext } from '../context';
import { expectNoProblems } from '../report';
import { sendCountProblems, timesSent } from '../sandboxRecords';
import { recipientsWorkflow, VENDOR_CASES, VENDORS, type Vendor, type WorkflowJson } from '../workflows';

/** Numbers of their own per vendor: blocks 250… */
const block = (vendor: Vendor) => 250 + VENDORS.indexOf(vendor);
const workflowId = (vendor: Vendor) => `e2eRetryLost${vendor}`;

export function retryLostAnswerWorkflows(): WorkflowJson[] {
	return VENDORS.map((vendor) =>
		recipientsWorkflow(workflowId(vendor), `E2E retry after a lost answer ${vendor}`, recipients(block(vendor), 2), [
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
				sandbox.injectFault(vendor, { kind: 'acceptThenDrop', api: VENDOR_CASES[vendor].batchApi, times: 1 });
				try {
					await executeWorkflow(n8n, workflowId(vendor));
				} finally {
					sandbox.clearFaults();
				}
				const phones = recipients(block(vendor), 2).map((recipient) => recipient.phone);
				expectNoProblems(sendCountProblems(timesSent(sandbox, vendor, phones), 1));
			},
		);
	}
}
