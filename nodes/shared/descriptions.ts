import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPES, type ProviderName } from '../providers';

export const CREDENTIAL_TEST_METHOD = 'smsProviderCredentialTest';

/** Both nodes pick a vendor the same way: one `provider` option that shows that vendor's credential. */
export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Aliyun SMS (阿里云短信)', value: 'aliyun' },
		{ name: 'Chuanglan 253 (创蓝)', value: 'chuanglan' },
		{ name: 'Yunpian (云片)', value: 'yunpian' },
	],
	default: 'aliyun',
	description: 'The SMS vendor to use',
};

export const providerCredentials: INodeCredentialDescription[] = (
	Object.entries(CREDENTIAL_TYPES) as Array<[ProviderName, string]>
).map(([provider, credentialType]) => ({
	name: credentialType,
	required: true,
	testedBy: CREDENTIAL_TEST_METHOD,
	displayOptions: { show: { provider: [provider] } },
}));
