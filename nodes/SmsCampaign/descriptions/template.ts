import type { INodeProperties } from 'n8n-workflow';

import { vendorFields } from '../../shared/descriptions';

/**
 * The template to send, as each vendor names it (a template picked from the account's list or given by
 * ID, or the approved text). Shared by every operation that works with a template.
 */
export const templateProperties: INodeProperties[] = vendorFields((vendor) => vendor.templateFields);

/** The signature, picked from the account's list where the vendor lists them, else given as text. */
export const signatureProperties: INodeProperties[] = vendorFields((vendor) => vendor.signatureFields);
