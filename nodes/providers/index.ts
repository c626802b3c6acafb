import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AliyunProvider } from './aliyun';
import { ChuanglanProvider } from './chuanglan';
import type { ProviderName, SmsProvider } from './types';
import { YunpianProvider } from './yunpian';

export * from './types';

export interface ProviderOptions {
	/** Aliyun receipt queue (`Alicom-Queue-<accountId>-SmsReport`); only the trigger needs it. */
	queueName?: string;
}

/** The credential type each provider uses, as declared on the nodes. */
export const CREDENTIAL_TYPES: Record<ProviderName, string> = {
	aliyun: 'aliyunSmsApi',
	yunpian: 'yunpianApi',
	chuanglan: 'chuanglanApi',
};

/** The only place that picks a vendor module: adding a vendor is one module and one line here. */
export function createProvider(
	name: ProviderName,
	credentials: ICredentialDataDecryptedObject,
	options: ProviderOptions = {},
): SmsProvider {
	switch (name) {
		case 'aliyun':
			return new AliyunProvider(credentials, options);
		case 'yunpian':
			return new YunpianProvider(credentials);
		case 'chuanglan':
			return new ChuanglanProvider(credentials);
	}
}

export function providerForCredentialType(credentialType: string): ProviderName | undefined {
	return (Object.keys(CREDENTIAL_TYPES) as ProviderName[]).find((name) => CREDENTIAL_TYPES[name] === credentialType);
}
