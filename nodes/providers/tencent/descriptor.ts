import type { VendorDescriptor } from '../descriptor';
import { pickerField, signaturePickerField } from '../shared/pickers';
import { tencentProvider } from './index';

export const tencent = {
	name: 'tencent' as const,
	displayName: 'Tencent Cloud SMS (腾讯云短信)',
	credentialType: 'tencentCloudSmsApi',
	templateFields: [
		pickerField({
			displayName: 'Template ID',
			name: 'templateId',
			required: true,
			description:
				'The approved Tencent Cloud SMS template to send. Its placeholders are numbered {1}, {2}, …: a variable named 1 fills {1}; variables with other names fill the placeholders in their order.',
			list: 'listTemplates',
			listPlaceholder: 'Select a template...',
			idDisplayName: 'By ID',
			idPlaceholder: 'e.g. 1234567',
		}),
	],
	signatureFields: [signaturePickerField],
	receiptTriggerFields: [],
	replyTriggerFields: [],
	create: tencentProvider,
} satisfies VendorDescriptor;
