import type { VendorDescriptor } from '../descriptor';
import { pickerField, signaturePickerField } from '../shared/pickers';
import { aliyunProvider } from './index';

export const aliyun = {
	name: 'aliyun' as const,
	displayName: 'Aliyun SMS (阿里云短信)',
	credentialType: 'aliyunSmsApi',
	templateFields: [
		pickerField({
			displayName: 'Template Code',
			name: 'templateId',
			required: true,
			description: 'The approved Aliyun SMS template to send (its TemplateCode)',
			list: 'listTemplates',
			listPlaceholder: 'Select a template...',
			idDisplayName: 'By Code',
			idPlaceholder: 'e.g. SMS_123456789',
		}),
	],
	signatureFields: [signaturePickerField],
	receiptTriggerFields: [
		{
			displayName: 'Queue Name',
			name: 'queueName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'Alicom-Queue-<accountId>-SmsReport',
			description: 'The receipt queue (message type SmsReport) shown in the Aliyun SMS console under receipt settings',
		},
	],
	replyTriggerFields: [
		{
			displayName: 'Queue Name',
			name: 'queueName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'Alicom-Queue-<accountId>-SmsUp',
			description:
				'The reply queue (message type SmsUp) shown in the Aliyun SMS console under receipt settings, once replies (上行短信) are delivered by message queue',
		},
	],
	create: aliyunProvider,
} satisfies VendorDescriptor;
