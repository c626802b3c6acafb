/**
 * Send Batch per vendor through `n8n execute`: every recipient accepted with the vendor's message id, and
 * each number sent exactly once with its own variables in the text.
 */
import { executeWorkflow } from '../cliExecution';
import { recipients, type E2eContext } from '../context';
import { expectNoProblems, expectThat } from '../report';
import { e164, sendCountProblems, timesSent } from '../sandboxRecords';
import { recipientsWorkflow, VENDORS, type Vendor, type WorkflowJson } from '../workflows';

const SMS_NODE = 'Send Points Notices';
/** Numbers of their own per vendor: blocks 101… */
const block = (vendor: Vendor) => 101 + VENDORS.indexOf(vendor);

const workflowId = (vendor: Vendor) => `e2eSendBatch${vendor}`;

export function sendBatchWorkflows(): WorkflowJson[] {
	return VENDORS.map((vendor) =>
		recipientsWorkflow(workflowId(vendor), `E2E Send Batch ${vendor}`, recipients(block(vendor), 3), [
			{ name: SMS_NODE, vendor, operation: 'sendBatch' },
		]),
	);
}

export async function checkSendBatch({ n8n, sandbox, report }: E2eContext): Promise<void> {
	for (const vendor of VENDORS) {
		const batch = recipients(block(vendor), 3);
		await report.check(`send batch ${vendor}: every recipient accepted and sent once with its variables`, async () => {
			const execution = await executeWorkflow(n8n, workflowId(vendor));
			expectThat(execution.succeeded, `the execution failed: ${execution.failure}`);
			const output = execution.output(SMS_NODE);
			expectThat(output.length === batch.length, `${output.length} output items for ${batch.length} recipients`);
			expectNoProblems(
				output.flatMap((item, index) =>
					item.status === 'accepted' && item.messageId && item.phone === e164(batch[index].phone)
						? []
						: [`item ${index}: ${JSON.stringify(item)}`],
				),
			);
			expectNoProblems(
				sendCountProblems(
					timesSent(
						sandbox,
						vendor,
						batch.map((recipient) => recipient.phone),
					),
					1,
				),
			);
			const texts = sandbox
				.sent(vendor)
				.filter((message) => batch.some((recipient) => e164(recipient.phone) === e164(message.phone)));
			expectNoProblems(
				batch.flatMap((recipient) =>
					texts.some(
						(message) =>
							e164(message.phone) === e164(recipient.phone) &&
							message.text.includes(recipient.name) &&
							message.text.includes(String(recipient.points)),
					)
						? []
						: [`no text for ${recipient.phone} with ${recipient.name} and ${recipient.points}`],
				),
			);
		});
	}
}
