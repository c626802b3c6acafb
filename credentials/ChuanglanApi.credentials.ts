import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class ChuanglanApi implements ICredentialType {
	name = 'chuanglanApi';

	displayName = 'Chuanglan API';

	icon = 'file:../icons/chuanglan.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-sms-campaign/n8n-nodes-sms-campaign#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account',
			name: 'account',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. N6000001',
			description:
				"The API account (not the console login), shown in the Chuanglan console with the product's API interface information. Chuanglan only answers requests from IP addresses on the account's IP whitelist (code 117): add n8n's public IP there first.",
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The API account's password (8-16 characters), shown or reset next to the API account in the Chuanglan console",
		},
		{
			displayName: 'Sign Name',
			name: 'signName',
			type: 'string',
			default: '',
			placeholder: 'e.g. 253云通讯',
			description:
				'An approved signature (签名) exactly as listed in the Chuanglan console, without the 【】 brackets. A node can override it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://smssh1.253.com',
			placeholder: 'e.g. https://smssh1.253.com',
			description:
				"The account's API host, shown with the API account in the Chuanglan console (for example https://smssh1.253.com or https://smsbj1.253.com). http://127.0.0.1:PORT points at a local sandbox.",
		},
	];
}
