import type { VendorDescriptor } from '../descriptor';
import { yunpianProvider } from './index';

export const yunpian = {
	name: 'yunpian' as const,
	displayName: 'Yunpian (云片)',
	credentialType: 'yunpianApi',
	templateFields: [
		{
			displayName: 'Template ID',
			name: 'templateId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1234567',
			description: 'The tpl_id of an approved Yunpian template. Leave empty to send Template Content as plain text.',
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
		},
	],
	receiptTriggerFields: [],
	replyTriggerFields: [],
	create: yunpianProvider,
} satisfies VendorDescriptor;
