import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { createProvider, providerForCredentialType } from '../providers';

/**
 * Credential test shared by both nodes: one real, cheap vendor call through the provider, so the answer
 * explains in plain words what is wrong (wrong key, signature mismatch, IP not whitelisted, ...).
 */
export async function testSmsCredentials(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const providerName = providerForCredentialType(credential.type);
	if (!providerName) {
		return { status: 'Error', message: `Unknown credential type ${credential.type}` };
	}
	const check = await createProvider(providerName, credential.data ?? {}).testCredentials();
	return { status: check.ok ? 'OK' : 'Error', message: check.message };
}
