/**
 * The SMS Campaign parameters that name a template or a signature, as vendor descriptors declare them: a
 * resource locator whose list the node fills through the selected vendor's `listTemplates` /
 * `listSignatures`, or plain text where the vendor has no list.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The node's listSearch methods (nodes/shared/listSearch.ts), by the provider list each one reads. */
export const SEARCH_METHODS = { listTemplates: 'searchTemplates', listSignatures: 'searchSignatures' } as const;

export type ListMethod = keyof typeof SEARCH_METHODS;

export interface PickerField {
	displayName: string;
	/** The parameter's name, as saved in workflows. */
	name: string;
	description: string;
	required?: boolean;
	/** The provider list that fills the picker. */
	list: ListMethod;
	/** What the "From List" mode shows before a pick, e.g. `Select a template...`. */
	listPlaceholder: string;
	/** The "By ID" mode's label (a signature is named, not numbered) and example. */
	idDisplayName: string;
	idPlaceholder: string;
}

/**
 * A resource locator with modes `list` (searchable, paged) and `id`. A plain string saved by an older
 * workflow or given by an expression stays valid: it is read as the id (see campaign/locator.ts).
 */
export function pickerField(field: PickerField): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(field.required ? { required: true } : {}),
		description: field.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: field.listPlaceholder,
				typeOptions: { searchListMethod: SEARCH_METHODS[field.list], searchable: true },
			},
			{ displayName: field.idDisplayName, name: 'id', type: 'string', placeholder: field.idPlaceholder },
		],
	};
}

const SIGNATURE_DESCRIPTION =
	"The approved signature shown as 【Signature】. Leave empty to use the credential's default signature.";

/** The signature as text, for vendors whose signatures are not picked from a list. */
export const signatureTextField: INodeProperties = {
	displayName: 'Signature',
	name: 'signName',
	type: 'string',
	default: '',
	placeholder: 'e.g. MyShop',
	description: SIGNATURE_DESCRIPTION,
};

/** The signature picked from the account's signatures, for vendors that list them (`listSignatures`). */
export const signaturePickerField: INodeProperties = pickerField({
	displayName: 'Signature',
	name: 'signName',
	description: SIGNATURE_DESCRIPTION,
	list: 'listSignatures',
	listPlaceholder: 'Select a signature...',
	idDisplayName: 'By Name',
	idPlaceholder: 'e.g. MyShop',
});

/** A picker entry's description from its parts (text, type, a rejection's reason), the empty ones left out. */
export function listedDescription(...parts: unknown[]): string {
	return parts
		.map((part) => (part === undefined || part === null ? '' : String(part).trim()))
		.filter((part) => part !== '')
		.join(' · ');
}
