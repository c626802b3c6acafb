import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { createProvider, CREDENTIAL_TYPES, type ProviderName, type ProviderOptions, type SmsProvider } from '../providers';

/** Loads the selected vendor's credential and builds its provider, once per execution. */
export async function providerFromContext(
	context: IExecuteFunctions | IPollFunctions,
	options: ProviderOptions = {},
): Promise<SmsProvider> {
	const providerName = context.getNodeParameter('provider', 0) as ProviderName;
	const credentials = await context.getCredentials(CREDENTIAL_TYPES[providerName]);
	return createProvider(providerName, credentials, options);
}
