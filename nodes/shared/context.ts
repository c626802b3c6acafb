import { createHmac, randomBytes } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { vendorNamed, type SmsProvider, type VendorParameters } from '../providers';

/** Loads the selected vendor's credential and builds its provider, once per execution. */
export async function providerFromContext(
	context: IExecuteFunctions | IPollFunctions,
	parameters: VendorParameters = {},
): Promise<SmsProvider> {
	return (await providerWithIdentity(context, parameters)).provider;
}

/**
 * The provider, and which credential it was built from as a fingerprint: an HMAC of every field, so that
 * a changed key, secret or base URL is a new identity while the secret is never kept in clear. The HMAC
 * key is this process's own and never leaves it, so a fingerprint cannot be checked against guessed
 * passwords elsewhere.
 */
export async function providerWithIdentity(
	context: IExecuteFunctions | IPollFunctions,
	parameters: VendorParameters = {},
): Promise<{ provider: SmsProvider; credentialFingerprint: string }> {
	const vendor = vendorNamed(String(context.getNodeParameter('provider', 0)));
	const credentials = await context.getCredentials(vendor.credentialType);
	return {
		provider: vendor.create(credentials, parameters),
		credentialFingerprint: credentialFingerprint(credentials),
	};
}

const FINGERPRINT_KEY = randomBytes(32);

function credentialFingerprint(credentials: ICredentialDataDecryptedObject): string {
	const fields = Object.keys(credentials)
		.sort()
		.map((name) => [name, credentials[name]]);
	return createHmac('sha256', FINGERPRINT_KEY).update(JSON.stringify(fields)).digest('hex');
}
