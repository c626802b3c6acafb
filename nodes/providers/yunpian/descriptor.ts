import type { VendorDescriptor } from '../descriptor';
import { pickerField, signatureTextField } from '../shared/pickers';
import { yunpianProvider } from './index';

export const yunpian = {
	name: 'yunpian' as const,
	displayName: 'Yunpian (云片)',
	credentialType: 'yunpianApi',
	templateFields: [
		pickerField({
			displayName: 'Template ID',
			name: 'templateId',
			description:
				'The approved Yunpian template to send (its tpl_id). Leave empty to send Template Content as plain text.',
			list: 'listTemplates',
			listPlaceholder: 'Select a template...',
			idDisplayName: 'By ID',
			idPlaceholder: 'e.g. 1234567',
		}),
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
	// The signature is part of each template's text; this one is for texts sent without a template.
	signatureFields: [signatureTextField],
	receiptTriggerFields: [],
	replyTriggerFields: [],
	create: yunpianProvider,
} satisfies VendorDescriptor;
