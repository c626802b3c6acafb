import type { VendorDescriptor } from '../descriptor';
import { aliyunProvider } from './index';

export const aliyun = {
	name: 'aliyun' as const,
	displayName: 'Aliyun SMS (阿里云短信)',
	credentialType: 'aliyunSmsApi',
	templateFields: [
		{
			displayName: 'Template Code',
			name: 'templateId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. SMS_123456789',
			description: 'The TemplateCode of an approved Aliyun SMS template',
		},
	],
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
