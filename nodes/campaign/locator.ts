/**
 * Reading the parameters that name a template or a signature (a picker, see providers/shared/pickers.ts),
 * the same way whatever the picker's mode and however old the workflow.
 */
import { isResourceLocatorValue, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { perItemParameter } from './itemFields';

/**
 * The id a picker parameter holds: a resource locator `{__rl, mode, value}` gives its value in every
 * mode; a plain string (what workflows saved before the pickers hold, or what an expression gives) is
 * the id itself. That is what `getNodeParameter(name, i, '', { extractValue: true })` returns for our
 * modes (none extracts its value by a pattern), without its need for the parameter to be shown for the
 * selected vendor.
 */
export function locatorId(value: unknown): string {
	const id = isResourceLocatorValue(value) ? value.value : value;
	return id === undefined || id === null ? '' : String(id).trim();
}

/** A picker parameter's id per item, read as perItemParameter reads (an expression inside the locator included). */
export function perItemLocatorId(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	name: string,
): (itemIndex: number) => string {
	const saved = context.getNode().parameters[name];
	const read = perItemParameter(context, items, isResourceLocatorValue(saved) ? `${name}.value` : name);
	return (itemIndex) => locatorId(read(itemIndex));
}
