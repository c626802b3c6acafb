import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { VENDORS, type VendorDescriptor } from '../providers';

export const CREDENTIAL_TEST_METHOD = 'smsProviderCredentialTest';

/** Both nodes pick a vendor the same way: one `provider` option that shows that vendor's credential. */
// The rule looks for a literal default; the registry's first vendor is one.
// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: VENDORS.map((vendor) => ({ name: vendor.displayName, value: vendor.name })),
	default: VENDORS[0].name,
	description: 'The SMS vendor to use',
};

export const providerCredentials: INodeCredentialDescription[] = VENDORS.map((vendor) => ({
	name: vendor.credentialType,
	required: true,
	testedBy: CREDENTIAL_TEST_METHOD,
	displayOptions: { show: { provider: [vendor.name] } },
}));

/** Every vendor's own fields of a kind, each shown only while its vendor is selected. */
export function vendorFields(fieldsOf: (vendor: VendorDescriptor) => INodeProperties[]): INodeProperties[] {
	return VENDORS.flatMap((vendor) =>
		fieldsOf(vendor).map((field) => ({ ...field, displayOptions: { show: { provider: [vendor.name] } } })),
	);
}

/** "A, B or C": the vendors' names, for node descriptions. */
export function vendorList(): string {
	const names = VENDORS.map((vendor) => vendor.displayName.replace(/\s*\(.*\)$/, ''));
	return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}
