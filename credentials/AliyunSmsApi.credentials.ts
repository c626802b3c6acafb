import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class AliyunSmsApi implements ICredentialType {
	name = 'aliyunSmsApi';

	displayName = 'Aliyun SMS API';

	icon = 'file:../icons/aliyun.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-sms-campaign/n8n-nodes-sms-campaign#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'AccessKey ID',
			name: 'accessKeyId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. LTAI5tExampleKeyId',
			description:
				'The AccessKey ID of a RAM user allowed to use Short Message Service (for example with the AliyunDysmsFullAccess policy), from AccessKey management in the Aliyun console. Aliyun refuses mainland SMS calls from IP addresses outside mainland China (isv.DENY_IP_RANGE), so n8n must run on a mainland server.',
		},
		{
			displayName: 'AccessKey Secret',
			name: 'accessKeySecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The secret shown once, next to the AccessKey ID, when the AccessKey is created in the RAM console',
		},
		{
			displayName: 'Sign Name',
			name: 'signName',
			type: 'string',
			default: '',
			placeholder: 'e.g. 阿里云短信测试',
			description:
				'An approved signature (签名) exactly as listed in the SMS console under Domestic Messages → Signatures, without the 【】 brackets. A node can override it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://dysmsapi.aliyuncs.com',
			placeholder: 'e.g. https://dysmsapi.aliyuncs.com',
			description:
				'The Short Message Service (Dysmsapi) endpoint. Keep the default unless Aliyun gave you another one; http://127.0.0.1:PORT points at a local sandbox.',
		},
		{
			displayName: 'Dybase Base URL',
			name: 'dybaseBaseUrl',
			type: 'string',
			required: true,
			default: 'https://dybaseapi.aliyuncs.com',
			placeholder: 'e.g. https://dybaseapi.aliyuncs.com',
			description:
				'The Dybaseapi endpoint that issues the temporary token for reading the delivery receipt queue. Only the SMS Delivery Receipt Trigger uses it; http://127.0.0.1:PORT points at a local sandbox.',
		},
		{
			displayName: 'MNS Base URL',
			name: 'mnsBaseUrl',
			type: 'string',
			required: true,
			default: 'https://1943695596114318.mns.cn-hangzhou.aliyuncs.com',
			placeholder: 'e.g. https://1943695596114318.mns.cn-hangzhou.aliyuncs.com',
			description:
				"The Message Service (MNS) endpoint that holds Aliyun's SmsReport receipt queues. It is the same for every account; turn on the SmsReport message queue in the SMS console's receipt (回执) settings. http://127.0.0.1:PORT points at a local sandbox.",
		},
	];
}
