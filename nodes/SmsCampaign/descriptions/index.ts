import type { INodeProperties } from 'n8n-workflow';

import { optionDefaults, sendOptions } from './options';
import { outIdProperty, phoneProperty } from './recipient';
import { signNameProperty, templateProperties } from './template';
import { variableProperties } from './variables';

export {
	optionDefaults,
	outIdProperty,
	phoneProperty,
	sendOptions,
	signNameProperty,
	templateProperties,
	variableProperties,
};

/** Everything Send and Send Batch ask for, in the order the editor shows it. */
export function sendProperties(options: INodeProperties): INodeProperties[] {
	return [phoneProperty, ...templateProperties, ...variableProperties, signNameProperty, outIdProperty, options];
}
