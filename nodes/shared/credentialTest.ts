import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { vendorOfCredentialType } from '../providers';

/**
 * Credential test shared by both nodes: one real, cheap vendor call through the provider, so the answer
 * explains in plain words what is wrong (wrong key, signature mismatch, IP not whitelisted, ...).
 */
export async function testSmsCredentials(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const vendor = vendorOfCredentialType(credential.type);
	if (!vendor) {
		return { status: 'Error', message: `Unknown credential type ${credential.type}` };
	}
	const check = await vendor.create(credential.data ?? {}).testCredentials();
	return { status: check.ok ? 'OK' : 'Error', message: check.message };
}
