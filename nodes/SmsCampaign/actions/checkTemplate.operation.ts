import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { OPT_OUT_SUFFIX } from '../../campaign/campaign';
import { perItemParameter, perItemVariables, type VariablesMode } from '../../campaign/itemFields';
import { locatorId, perItemLocatorId } from '../../campaign/locator';
import { variableText } from '../../campaign/template';
import { CANCELLED } from '../../campaign/pacing';
import { VendorError, type TemplateCheckOptions, type TemplateInfo } from '../../providers';
import { providerFromContext } from '../../shared/context';
import { signatureProperties, templateProperties, variableProperties } from '../descriptions';
import { failedItem, vendorNodeError } from '../../shared/errors';
import { requestSettings, timeoutOption } from '../../shared/timeout';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['checkTemplate'] } }, [
	...templateProperties,
	...variableProperties,
	...signatureProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Require Opt-Out Text',
				name: 'requireOptOut',
				type: 'boolean',
				default: false,
				description: `Whether a template checked locally (by a vendor without a template query) must end with "${OPT_OUT_SUFFIX}", as marketing SMS in mainland China must`,
			},
			timeoutOption,
		],
	},
]);

/**
 * One output item per input item: the template's review state and the placeholders that item has no
 * value for, so that a workflow can stop a campaign before sending. Each distinct template is looked
 * up once per execution, however many items use it.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const provider = await providerFromContext(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	// Only a local check uses these; vendors that review templates themselves ignore them.
	const checks: TemplateCheckOptions = {
		signName: locatorId(this.getNodeParameter('signName', 0, '')) || undefined,
		optOutSuffix: options.requireOptOut === true ? OPT_OUT_SUFFIX : undefined,
	};
	const settings = requestSettings(options);
	const items = this.getInputData();
	const node = this.getNode();

	const templateId = perItemLocatorId(this, items, 'templateId');
	const templateContent = perItemParameter(this, items, 'templateContent');
	const lookups = new Map<string, Promise<TemplateInfo>>();
	const lookup = (id: string, content: string): Promise<TemplateInfo> => {
		const key = JSON.stringify([id, content]);
		let template = lookups.get(key);
		if (!template) {
			template = provider.getTemplate(id, content || undefined, settings, checks);
			lookups.set(key, template);
		}
		return template;
	};
	const values = itemValues(this, items);
	const cancelSignal = this.getExecutionCancelSignal?.();

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let id = '';
		try {
			id = templateId(itemIndex);
			if (cancelSignal?.aborted) throw new VendorError(CANCELLED);
			const template = await lookup(id, String(templateContent(itemIndex) ?? ''));
			const valueOf = values(template)(itemIndex);
			const missingVariables = template.variables.filter(
				(name, slot) => variableText(valueOf(name, slot)) === undefined,
			);
			output.push({
				json: { ...templateItem(provider.name, id, template), missingVariables },
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const failure = vendorNodeError(node, error, {
				itemIndex,
				action: `Could not check template ${id || '(no ID)'}`,
				description: 'Check the template and the credential.',
			});
			output.push(failedItem(this, failure, error, templateItem(provider.name, id, UNCHECKED), itemIndex));
		}
	}
	return [output];
}

/** What an item whose template could not be checked reports, beside its error. */
const UNCHECKED: TemplateInfo = {
	templateId: '',
	status: 'notChecked',
	reason: '',
	content: '',
	variables: [],
	positional: false,
	checkedLocally: false,
};

function templateItem(provider: string, id: string, template: TemplateInfo): IDataObject {
	return {
		provider,
		templateId: template.templateId || id,
		status: template.status,
		reason: template.reason,
		content: template.content,
		variables: template.variables,
		missingVariables: [],
		checkedLocally: template.checkedLocally,
	};
}

/** Each item's variable values, read the way Send reads them (a positional template's slots filled as Send fills them). */
function itemValues(context: IExecuteFunctions, items: INodeExecutionData[]) {
	const mode = context.getNodeParameter('variablesMode', 0, 'autoMap') as VariablesMode;
	const bySlots = new Map<string, ReturnType<typeof perItemVariables>>();
	return (template: Pick<TemplateInfo, 'positional' | 'variables'>) => {
		const slots = template.positional ? template.variables : undefined;
		const layout = JSON.stringify(slots ?? null);
		let values = bySlots.get(layout);
		if (!values) {
			values = perItemVariables(context, items, mode, slots);
			bySlots.set(layout, values);
		}
		return values;
	};
}
