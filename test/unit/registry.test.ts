/**
 * The registry is the one list of vendors: the nodes' provider option and credentials come from it, and
 * the shared behaviour specs must run for every vendor in it.
 */
import { VENDORS as REGISTERED, vendorOfCredentialType } from '../../nodes/providers';
import { providerCredentials, providerProperty } from '../../nodes/shared/descriptions';
import { VENDORS as SPECIFIED } from '../helpers/sms-campaign';

const names = REGISTERED.map((vendor) => vendor.name);

test('the shared behaviour specs have a case for every registered vendor, with its credential type', () => {
	expect(SPECIFIED.map((vendor) => vendor.provider).sort()).toEqual([...names].sort());
	for (const vendor of SPECIFIED) {
		expect(vendorOfCredentialType(vendor.credentialType)?.name).toBe(vendor.provider);
	}
});

test('the Provider option lists every registered vendor, each showing only its own credential', () => {
	expect(providerProperty.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(names);
	expect(providerCredentials.map((credential) => credential.displayOptions?.show?.provider)).toEqual(
		names.map((name) => [name]),
	);
});
