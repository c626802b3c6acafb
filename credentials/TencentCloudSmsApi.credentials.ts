import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class TencentCloudSmsApi implements ICredentialType {
	name = 'tencentCloudSmsApi';

	displayName = 'Tencent Cloud SMS API';

	icon = 'file:../icons/tencent.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-sms-campaign/n8n-nodes-sms-campaign#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'SecretId',
			name: 'secretId',
			// The SecretId names the key and is listed in the console; only the SecretKey is secret.
			// eslint-disable-next-line n8n-nodes-base/cred-class-field-type-options-password-missing
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
			description:
				'The SecretId of an API key, from Access Management (CAM) → API Key Management in the Tencent Cloud console. A sub-user key needs the QcloudSMSFullAccess policy.',
		},
		{
			displayName: 'SecretKey',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The SecretKey shown with the SecretId in API Key Management',
		},
		{
			displayName: 'SMS SdkAppId',
			name: 'smsSdkAppId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 1400006666',
			description:
				'The SdkAppId of the SMS application to send from, listed in the Tencent Cloud SMS console under Application Management',
		},
		{
			displayName: 'Sign Name',
			name: 'signName',
			type: 'string',
			default: '',
			placeholder: 'e.g. 腾讯云',
			description:
				'An approved signature (签名) exactly as listed in the Tencent Cloud SMS console, without the 【】 brackets. Mainland China messages need one; a node can override it.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			required: true,
			default: 'ap-guangzhou',
			placeholder: 'e.g. ap-guangzhou',
			description:
				'The Tencent Cloud region the SMS API is called in (ap-guangzhou, ap-beijing or ap-nanjing). Messages and templates are the same in every region.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://sms.tencentcloudapi.com',
			placeholder: 'e.g. https://sms.tencentcloudapi.com',
			description:
				'The Tencent Cloud SMS API endpoint. Keep the default unless you use a regional one such as https://sms.ap-guangzhou.tencentcloudapi.com; http://127.0.0.1:PORT points at a local sandbox.',
		},
	];
}
