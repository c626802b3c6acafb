import { randomBytes } from 'node:crypto';
import { type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { SendMode, SmsProvider, TemplateSpec } from '../providers';
import { prepareText } from '../providers/shared/templateText';
import { providerWithIdentity } from '../shared/context';
import { deliver } from './delivery';
import { perItemParameter, perItemVariables, type VariablesMode } from './itemFields';
import {
	nothingSentFailure,
	outcomeHint,
	OutputItems,
	settle,
	type OutcomeError,
	type Recipient,
	type RecipientStatus,
} from './outcome';
import { buildRecipients } from './recipients';
import { NothingSentError, sendOnce, type SendResult } from './sendOnce';
import { loadTemplate, quietHoursReason, readOptions, RETRY, type CampaignOptions } from './settings';

export { OPT_OUT_SUFFIX } from './settings';

/**
 * The flow both send operations run: parameters read once → template read once (or cached) → recipients
 * (validated, deduped, rendered) built a window at a time, each window's vendor calls planned and paced
 * while the next window is built → one output item per recipient, in input order.
 * `optionDefaults` are the editor's defaults of the operation's Options collection.
 *
 * Safe under n8n's own controls: the node fails only when nothing went out, and a retry of a run that
 * sent (Retry On Fail) sends nothing again (sendOnce); Stop and the workflow timeout start no further call.
 */
export async function runCampaign(
	this: IExecuteFunctions,
	mode: SendMode,
	optionDefaults: IDataObject,
): Promise<INodeExecutionData[][]> {
	return await sendOnce(this, async (onRequest) => await sendCampaign(this, mode, optionDefaults, onRequest));
}

async function sendCampaign(
	context: IExecuteFunctions,
	mode: SendMode,
	optionDefaults: IDataObject,
	onRequest: () => void,
): Promise<SendResult> {
	const node = context.getNode();
	const options = readOptions(context, optionDefaults);
	const { provider, credentialFingerprint } = await providerWithIdentity(context);
	const cancelSignal = context.getExecutionCancelSignal?.();

	const template = await loadTemplate(context, provider, credentialFingerprint, options);
	if (template.error && !context.continueOnFail()) {
		throw new NothingSentError(node, `${template.error.message} [${template.error.code}]`, {
			description: 'Nothing was sent. Check the template and the credential, then run again.',
		});
	}
	const recipients = readRecipients(context, provider, template.spec, options);

	const holdReason = quietHoursReason(context, options.quietHours);
	const output = new OutputItems(provider.name, { errorOutput: node.onError === 'continueErrorOutput', node });
	let outcomes: Recipient[];
	if (!template.spec) {
		outcomes = settlePending(recipients, 'rejected', template.error);
	} else if (options.dryRun) {
		outcomes = settlePending(recipients, 'dryRun');
	} else if (holdReason) {
		outcomes = settlePending(recipients, 'skipped', holdReason);
	} else {
		outcomes = await deliver(provider, template.spec, recipients, {
			mode,
			batchSize: options.batchSize || provider.maxRecipientsPerCall,
			pacing: { ...RETRY, concurrency: options.concurrency, maxRequestsPerSecond: options.maxRequestsPerSecond },
			request: { timeoutMs: options.timeoutMs },
			cancelSignal,
			onRequest,
			onSettled: (recipient) => output.add(recipient),
		});
	}

	if (!context.continueOnFail()) {
		const failure = nothingSentFailure(node, outcomes);
		if (failure) throw failure;
	}
	const hint = outcomeHint(outcomes);
	return { output: [output.all(outcomes)], hints: hint ? [hint] : [] };
}

/**
 * One recipient per number of every input item, built as they are asked for (see buildRecipients).
 * Each per-item parameter is read straight from the item where it is a plain `$json` reference (see
 * itemFields.ts); the template is rendered by the provider. Without a usable template the numbers are
 * still checked, but nothing is rendered.
 */
function readRecipients(
	context: IExecuteFunctions,
	provider: SmsProvider,
	template: TemplateSpec | undefined,
	options: CampaignOptions,
): Iterable<Recipient> {
	const items = context.getInputData();
	const phone = perItemParameter(context, items, 'phone');
	const outId = perItemParameter(context, items, 'outId');
	const variablesMode = context.getNodeParameter('variablesMode', 0, 'autoMap') as VariablesMode;
	const values = perItemVariables(context, items, variablesMode, template?.positional ? template.variables : undefined);
	return buildRecipients(
		items.length,
		{ phones: phone, outId, values },
		{
			template: template && { variables: template.variables, render: prepareText(template, provider.templateSyntax) },
			defaultCountry: options.defaultCountry,
			dedupe: options.dedupe,
			suppressed: options.suppressed,
			outIdPrefix: `${randomBytes(4).toString('hex')}-`,
		},
	);
}

/** Gives every recipient not yet decided the same outcome (unusable template, dry run, quiet hours). */
function settlePending(recipients: Iterable<Recipient>, status: RecipientStatus, error?: OutcomeError): Recipient[] {
	return Array.from(recipients, (recipient) => {
		settle(recipient, status, { error });
		return recipient;
	});
}
