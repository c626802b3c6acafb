import type { INodeProperties } from 'n8n-workflow';

import { vendorFields } from '../../shared/descriptions';

/**
 * The template to send, as each vendor names it (a template ID, or the approved text), plus the
 * signature. Shared by every operation that works with a template.
 */
export const templateProperties: INodeProperties[] = vendorFields((vendor) => vendor.templateFields);

export const signNameProperty: INodeProperties = {
	displayName: 'Signature',
	name: 'signName',
	type: 'string',
	default: '',
	placeholder: 'e.g. MyShop',
	description: "The approved signature shown as 【Signature】. Leave empty to use the credential's default signature.",
};
