/**
 * The node settings users touch, run by n8n's own machinery (`n8n execute`), for Send and Send Batch with
 * every vendor, on two valid numbers and one invalid one:
 *
 * - Retry On Fail (3 tries), On Error = Stop Workflow: n8n reruns a node that throws, so a node that throws
 *   after sending would send the valid numbers again. Each valid number must reach the vendor exactly once,
 *   and the node succeeds with one item per recipient, the invalid one `rejected`.
 * - On Error = Continue (using error output): the rejected recipient leaves through the second output as a
 *   recipient result like the main output's — top-level `status: 'rejected'`, `phone`, `error { code,
 *   message, retryable }` — with its input fields kept; the accepted ones leave through the first.
 */
import { executeWorkflow, type CliExecution } from '../cliExecution';
import { INVALID_NUMBER, recipients, type E2eContext } from '../context';
import { expectNoProblems, expectThat } from '../report';
import { e164, sendCountProblems, timesSent } from '../sandboxRecords';
import {
	recipientsWorkflow,
	VENDORS,
	type NodeSettings,
	type Recipient,
	type Vendor,
	type WorkflowJson,
} from '../workflows';

const SMS_NODE = 'Send Points Notices';
const OPERATIONS = ['sendBatch', 'send'] as const;
type Operation = (typeof OPERATIONS)[number];

interface SettingCase {
	setting: 'retry' | 'errorOutput';
	vendor: Vendor;
	operation: Operation;
}

const SETTINGS: Record<SettingCase['setting'], NodeSettings> = {
	retry: { retryOnFail: true, maxTries: 3, waitBetweenTries: 100, onError: 'stopWorkflow' },
	errorOutput: { onError: 'continueErrorOutput' },
};

const CASES: SettingCase[] = (['retry', 'errorOutput'] as const).flatMap((setting) =>
	VENDORS.flatMap((vendor) => OPERATIONS.map((operation) => ({ setting, vendor, operation }))),
);

/** Numbers of their own per case: blocks 200…. */
function validRecipients(testCase: SettingCase): Recipient[] {
	return recipients(200 + CASES.indexOf(testCase), 2);
}

const invalidRecipient: Recipient = { phone: INVALID_NUMBER, name: '无效', points: 1 };
const workflowId = ({ setting, vendor, operation }: SettingCase) => `e2e${setting}${vendor}${operation}`;

export function nodeSettingsWorkflows(): WorkflowJson[] {
	return CASES.map((testCase) =>
		recipientsWorkflow(
			workflowId(testCase),
			`E2E ${testCase.setting} ${testCase.vendor} ${testCase.operation}`,
			[...validRecipients(testCase), invalidRecipient],
			[
				{
					name: SMS_NODE,
					vendor: testCase.vendor,
					operation: testCase.operation,
					settings: SETTINGS[testCase.setting],
				},
			],
		),
	);
}

export async function checkNodeSettings(context: E2eContext): Promise<void> {
	for (const testCase of CASES) {
		const execution = await executeWorkflow(context.n8n, workflowId(testCase));
		if (testCase.setting === 'retry') await checkRetry(context, testCase, execution);
		else await checkErrorOutput(context, testCase, execution);
	}
}

async function checkRetry(
	{ sandbox, report }: E2eContext,
	testCase: SettingCase,
	execution: CliExecution,
): Promise<void> {
	const name = `retry on fail ${testCase.vendor} ${testCase.operation}`;
	const valid = validRecipients(testCase).map((recipient) => recipient.phone);
	await report.check(`${name}: each valid number sent exactly once`, () => {
		expectNoProblems(sendCountProblems(timesSent(sandbox, testCase.vendor, valid), 1));
	});
	await report.check(`${name}: the node succeeds with one item per recipient, the invalid one rejected`, () => {
		expectThat(execution.succeeded, `the execution failed: ${execution.failure}`);
		const statuses = execution.output(SMS_NODE).map((item) => `${String(item.phone)}=${String(item.status)}`);
		const expected = [...valid.map((phone) => `${e164(phone)}=accepted`), `${INVALID_NUMBER}=rejected`];
		expectThat(
			JSON.stringify(statuses) === JSON.stringify(expected),
			`output ${statuses.join(', ')}; expected ${expected.join(', ')}`,
		);
	});
}

async function checkErrorOutput(
	{ sandbox, report }: E2eContext,
	testCase: SettingCase,
	execution: CliExecution,
): Promise<void> {
	const name = `continue (using error output) ${testCase.vendor} ${testCase.operation}`;
	const valid = validRecipients(testCase);
	await report.check(`${name}: accepted recipients on the main output, each sent once`, () => {
		expectThat(execution.succeeded, `the execution failed: ${execution.failure}`);
		const main = execution.output(SMS_NODE, 0);
		const phones = main.map((item) => `${String(item.phone)}=${String(item.status)}`);
		const expected = valid.map((recipient) => `${e164(recipient.phone)}=accepted`);
		expectThat(
			JSON.stringify(phones) === JSON.stringify(expected),
			`main output ${phones.join(', ')}; expected ${expected.join(', ')}`,
		);
		expectNoProblems(
			sendCountProblems(
				timesSent(
					sandbox,
					testCase.vendor,
					valid.map((recipient) => recipient.phone),
				),
				1,
			),
		);
	});
	await report.check(`${name}: the rejected recipient on the error output, shaped like a main-output result`, () => {
		expectThat(execution.succeeded, `the execution failed: ${execution.failure}`);
		const errorOutput = execution.output(SMS_NODE, 1);
		expectThat(errorOutput.length === 1, `${errorOutput.length} items on the error output, expected 1`);
		const [item] = errorOutput;
		const error = (item.error ?? {}) as Record<string, unknown>;
		expectNoProblems([
			...(item.status === 'rejected' ? [] : [`status ${JSON.stringify(item.status)}, expected "rejected"`]),
			...(item.phone === INVALID_NUMBER ? [] : [`phone ${JSON.stringify(item.phone)}, expected "${INVALID_NUMBER}"`]),
			...(typeof error.code === 'string' && error.code !== '' ? [] : [`error.code ${JSON.stringify(error.code)}`]),
			...(typeof error.message === 'string' && error.message !== ''
				? []
				: [`error.message ${JSON.stringify(error.message)}`]),
			...(typeof error.retryable === 'boolean' ? [] : [`error.retryable ${JSON.stringify(error.retryable)}`]),
			...(item.name === invalidRecipient.name && item.points === invalidRecipient.points
				? []
				: ['input fields name and points not kept']),
		]);
	});
}
