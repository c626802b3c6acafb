import type { INodeProperties } from 'n8n-workflow';

/** The recipient field, shared by every operation that addresses a phone. */
export const phoneProperty: INodeProperties = {
	displayName: 'Phone',
	name: 'phone',
	type: 'string',
	required: true,
	default: '={{ $json.phone }}',
	placeholder: 'e.g. +8613800138000',
	description:
		"The recipient. Mainland numbers may be written with or without +86, 0086 or 86; other countries in E.164. Several numbers separated by commas share the item's variables.",
};

export const outIdProperty: INodeProperties = {
	displayName: 'Out ID',
	name: 'outId',
	type: 'string',
	default: '',
	placeholder: 'e.g. order-10086',
	description:
		'Your own ID for the message, echoed back in status queries and delivery receipts. Generated when empty.',
};
