import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import type { SmsProvider } from './types';

/** Values of a vendor's own trigger parameters (see VendorDescriptor.receiptTriggerFields), by name. */
export type VendorParameters = Record<string, string | undefined>;

/**
 * Everything the nodes need to know of a vendor, kept in the vendor's folder: the `provider` option, its
 * credential type, the parameters that only this vendor shows, and how to build its provider. The nodes
 * list vendors only through the registry.
 */
export interface VendorDescriptor {
	/** The `provider` option's value, as saved in workflows. */
	readonly name: string;
	/** The `provider` option's label. */
	readonly displayName: string;
	/** The credential type (credentials/) its nodes use. */
	readonly credentialType: string;
	/**
	 * SMS Campaign's parameters that name the template to send, shown when this vendor is selected: a
	 * `templateId` picker (shared/pickers.ts `pickerField`, filled by `listTemplates`) and/or text fields.
	 */
	readonly templateFields: INodeProperties[];
	/**
	 * SMS Campaign's `signName` parameter for this vendor: a picker filled by `listSignatures`, or
	 * shared/pickers.ts `signatureTextField` where signatures are not listed.
	 */
	readonly signatureFields: INodeProperties[];
	/** The delivery receipt trigger's own parameters for this vendor (such as a queue name). */
	readonly receiptTriggerFields: INodeProperties[];
	/** The reply trigger's own parameters for this vendor (such as a queue name). */
	readonly replyTriggerFields: INodeProperties[];
	/** The provider for a decrypted credential; `parameters` holds the values of its trigger fields. */
	create(credentials: ICredentialDataDecryptedObject, parameters?: VendorParameters): SmsProvider;
}
