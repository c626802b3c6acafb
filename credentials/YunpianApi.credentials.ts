import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class YunpianApi implements ICredentialType {
	name = 'yunpianApi';

	displayName = 'Yunpian API';

	icon = 'file:../icons/yunpian.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-sms-campaign/n8n-nodes-sms-campaign#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The account's APIKEY, shown on the Yunpian console's home page and under Account Settings. If the console's IP whitelist is on, add n8n's public IP to it (otherwise Yunpian answers code -3).",
		},
		{
			displayName: 'Sign Name',
			name: 'signName',
			type: 'string',
			default: '',
			placeholder: 'e.g. 云片网',
			description:
				'An approved signature (签名) exactly as listed in the Yunpian console under Domestic SMS → Signatures, without the 【】 brackets. A node can override it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://sms.yunpian.com',
			placeholder: 'e.g. https://sms.yunpian.com',
			description:
				'The Yunpian API host: https://sms.yunpian.com for most accounts, https://us.yunpian.com for accounts on the overseas platform. http://127.0.0.1:PORT points at a local sandbox.',
		},
	];
}
