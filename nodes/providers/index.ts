export * from './types';
export type { VendorDescriptor, VendorParameters } from './descriptor';
export {
	createProvider,
	isProviderName,
	vendorNamed,
	vendorOfCredentialType,
	VENDORS,
	type ProviderName,
} from './registry';
