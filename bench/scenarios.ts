/**
 * The campaigns the benchmark runs: the test suite's two-variable template on each vendor, recipients
 * with distinct variables (or, where a vendor call carries one set of values, shared ones), and the three
 * ways a workflow hands the node their values.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { WorkflowRunResult } from '../test/helpers/n8n';
import { mainlandNumber, runSmsCampaign, type VendorCase } from '../test/helpers/sms-campaign';
import type { SandboxCredentials } from '../test/sandbox';

export type ValueSource = 'autoMap' | 'jsonReference' | 'expression';

const templateVariables = (name: string, code: string): INodeParameters => ({
	variablesMode: 'fields',
	templateVariables: {
		variable: [
			{ name: 'name', value: name },
			{ name: 'code', value: code },
		],
	},
});

/** Node parameters and a short label for each way of filling the template's `name` and `code`. */
export const VALUE_SOURCES: Record<ValueSource, { label: string; parameters: INodeParameters }> = {
	autoMap: { label: 'autoMap', parameters: { variablesMode: 'autoMap' } },
	jsonReference: {
		label: 'fields, `{{ $json.name }}`',
		parameters: templateVariables('={{ $json.name }}', '={{ $json.code }}'),
	},
	expression: {
		label: "fields, `{{ $json.first + ' ' + $json.last }}`",
		parameters: templateVariables("={{ $json.first + ' ' + $json.last }}", '={{ $json.code }}'),
	},
};

/** Whether each recipient has values of its own, or every recipient the same ones. */
export type CampaignValues = 'own' | 'shared';

/**
 * `size` recipients, each with its own number, shaped for `source`: autoMap items carry fields named like
 * the template's variables (`name`, or `1` for a numbered `{1}`), the others `name` (or `first`/`last`) and
 * `code` for the Template Variables entries.
 */
export function campaignItems(
	vendor: VendorCase,
	size: number,
	source: ValueSource,
	values: CampaignValues,
): IDataObject[] {
	const names = source === 'autoMap' ? vendor.variableName : { name: 'name', code: 'code' };
	return Array.from({ length: size }, (_, index) => {
		const own = values === 'own' ? index : 0;
		const code = String(100_000 + own);
		if (source === 'expression') return { phone: mainlandNumber(index), first: '用户', last: String(own), code };
		return { phone: mainlandNumber(index), [names.name]: `用户${own}`, [names.code]: code };
	});
}

export interface CampaignRun {
	vendor: VendorCase;
	/** `sendBatch` is the campaign; `send` one vendor call per item, the per-item baseline. */
	operation: 'send' | 'sendBatch';
	items: IDataObject[];
	source: ValueSource;
	options: INodeParameters;
}

/** Start → Items → SMS Campaign through n8n-core's WorkflowExecute, against the sandbox. */
export async function runCampaign(credentials: SandboxCredentials, run: CampaignRun): Promise<WorkflowRunResult> {
	return await runSmsCampaign(
		{ credentials },
		{
			vendor: run.vendor,
			operation: run.operation,
			items: run.items,
			parameters: VALUE_SOURCES[run.source].parameters,
			options: run.options,
			onError: 'continueRegularOutput',
		},
	);
}

/** How many output items have each status, and the first error seen, if any. */
export function outcomeSummary(result: WorkflowRunResult): { statuses: Record<string, number>; firstError?: string } {
	const statuses: Record<string, number> = {};
	let firstError = result.error?.message;
	for (const item of (result.outputs[0] ?? []) as INodeExecutionData[]) {
		const status = String(item.json.status);
		statuses[status] = (statuses[status] ?? 0) + 1;
		const error = item.json.error as { code?: string; message?: string } | null;
		firstError ??= error ? `${error.code}: ${error.message}` : undefined;
	}
	return { statuses, firstError };
}
