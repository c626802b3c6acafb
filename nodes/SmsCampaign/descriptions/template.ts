import type { INodeProperties } from 'n8n-workflow';

/**
 * The template to send: a vendor template ID (Aliyun, Yunpian) or the approved text (Chuanglan, and
 * Yunpian plain text), plus the signature. Shared by every operation that works with a template.
 */
export const templateProperties: INodeProperties[] = [
	{
		displayName: 'Template Code',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SMS_123456789',
		description: 'The TemplateCode of an approved Aliyun SMS template',
		displayOptions: { show: { provider: ['aliyun'] } },
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1234567',
		description: 'The tpl_id of an approved Yunpian template. Leave empty to send Template Content as plain text.',
		displayOptions: { show: { provider: ['yunpian'] } },
	},
	{
		displayName: 'Template Content',
		name: 'templateContent',
		type: 'string',
		required: true,
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Hello {$name}, your order {$order} has shipped.',
		description:
			'The approved template text without the signature. Placeholders are {$var}, or named like {$name} so that each takes its own value.',
		displayOptions: { show: { provider: ['chuanglan'] } },
	},
	{
		displayName: 'Template Content',
		name: 'templateContent',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Your code is #code#',
		description:
			'Plain text to send when Template ID is empty; it must match an approved template, placeholders written as #name#',
		displayOptions: { show: { provider: ['yunpian'] } },
	},
];

export const signNameProperty: INodeProperties = {
	displayName: 'Signature',
	name: 'signName',
	type: 'string',
	default: '',
	placeholder: 'e.g. MyShop',
	description: 'The approved signature shown as 【Signature】. Leave empty to use the credential\'s default signature.',
};
