/**
 * The vendors this package speaks to, in the order the `provider` option lists them. Adding a vendor is
 * its folder (with a descriptor), one line here and its credential file (see README "Architecture").
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { aliyun } from './aliyun/descriptor';
import { chuanglan } from './chuanglan/descriptor';
import type { VendorDescriptor, VendorParameters } from './descriptor';
import { tencent } from './tencent/descriptor';
import type { SmsProvider } from './types';
import { yunpian } from './yunpian/descriptor';

export const VENDORS = [aliyun, chuanglan, yunpian, tencent] as const satisfies readonly VendorDescriptor[];

export type ProviderName = (typeof VENDORS)[number]['name'];

export function vendorNamed(name: string): VendorDescriptor {
	const found = VENDORS.find((vendor) => vendor.name === name);
	if (!found) throw new Error(`Unknown SMS provider "${name}"`);
	return found;
}

export function vendorOfCredentialType(credentialType: string): VendorDescriptor | undefined {
	return VENDORS.find((vendor) => vendor.credentialType === credentialType);
}

export function isProviderName(name: string): name is ProviderName {
	return VENDORS.some((vendor) => vendor.name === name);
}

/** The provider of the vendor named `name`, for its decrypted credential. */
export function createProvider(
	name: string,
	credentials: ICredentialDataDecryptedObject,
	parameters: VendorParameters = {},
): SmsProvider {
	return vendorNamed(name).create(credentials, parameters);
}
