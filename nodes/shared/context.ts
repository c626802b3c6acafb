import { createHmac, randomBytes } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { VENDORS, vendorNamed, type SmsProvider, type VendorParameters } from '../providers';

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
	const { provider, credentials } = await vendorProvider(context, context.getNodeParameter('provider', 0), parameters);
	return { provider, credentialFingerprint: credentialFingerprint(credentials) };
}

/**
 * The provider a picker lists from: the vendor and the credential selected in the editor, which n8n hands
 * to the load-options context as the node's current parameters and credential.
 */
export async function providerForPicker(context: ILoadOptionsFunctions): Promise<SmsProvider> {
	return (await vendorProvider(context, context.getCurrentNodeParameter('provider'))).provider;
}

async function vendorProvider(
	context: IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions,
	vendorName: unknown,
	parameters: VendorParameters = {},
): Promise<{ provider: SmsProvider; credentials: ICredentialDataDecryptedObject }> {
	// Absent only where the editor left the `provider` option at its default, the registry's first vendor.
	const vendor = vendorNamed(String(vendorName ?? VENDORS[0].name));
	const credentials = await context.getCredentials(vendor.credentialType);
	return { provider: vendor.create(credentials, parameters), credentials };
}

const FINGERPRINT_KEY = randomBytes(32);

function credentialFingerprint(credentials: ICredentialDataDecryptedObject): string {
	const fields = Object.keys(credentials)
		.sort()
		.map((name) => [name, credentials[name]]);
	return createHmac('sha256', FINGERPRINT_KEY).update(JSON.stringify(fields)).digest('hex');
}
