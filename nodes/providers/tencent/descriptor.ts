import type { VendorDescriptor } from '../descriptor';
import { tencentProvider } from './index';

export const tencent = {
	name: 'tencent' as const,
	displayName: 'Tencent Cloud SMS (腾讯云短信)',
	credentialType: 'tencentCloudSmsApi',
	templateFields: [
		{
			displayName: 'Template ID',
			name: 'templateId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 1234567',
			description:
				'The TemplateId of an approved Tencent Cloud SMS template. Its placeholders are numbered {1}, {2}, …: a variable named 1 fills {1}; variables with other names fill the placeholders in their order.',
		},
	],
	receiptTriggerFields: [],
	replyTriggerFields: [],
	create: tencentProvider,
} satisfies VendorDescriptor;
