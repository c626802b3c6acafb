import type { INodeProperties } from 'n8n-workflow';

import { optionDefaults, sendOptions } from './options';
import { outIdProperty, phoneProperty } from './recipient';
import { signatureProperties, templateProperties } from './template';
import { variableProperties } from './variables';

export {
	optionDefaults,
	outIdProperty,
	phoneProperty,
	sendOptions,
	signatureProperties,
	templateProperties,
	variableProperties,
};

/** Everything Send and Send Batch ask for, in the order the editor shows it. */
export function sendProperties(options: INodeProperties): INodeProperties[] {
	return [phoneProperty, ...templateProperties, ...variableProperties, ...signatureProperties, outIdProperty, options];
}
