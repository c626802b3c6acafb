/** Vendor error tables: each code in plain words, whether a retry can help, and whether it stops a campaign. */
import { VendorError, type VendorErrorInfo } from '../types';

/** Removes secrets a vendor might echo back in its error text. */
export function redact(text: string, secrets: string[]): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((result, secret) => result.split(secret).join('***'), text);
}

/** One row of a vendor's error table: everything but the code, which is the row's key. */
export type ErrorTableEntry = Omit<VendorErrorInfo, 'code'>;

/** A refusal before processing that sending the same request again cannot cure. */
export const permanent = (message: string): ErrorTableEntry => ({ message, retryable: false, maybeSent: false });

/**
 * A refusal that every further call of the campaign would meet too (balance, credential, IP allow list,
 * signature or template): the campaign stops at the first one.
 */
export const accountWide = (message: string): ErrorTableEntry => ({ ...permanent(message), accountWide: true });

/** A refusal before processing that a later retry can get past (throttling, a busy or failing server). */
export const retryLater = (message: string): ErrorTableEntry => ({ message, retryable: true, maybeSent: false });

/** An error from a vendor error table, with the vendor's own words appended for the operator. */
export function tableError(
	vendor: string,
	table: Record<string, ErrorTableEntry>,
	code: string,
	vendorText: string,
	httpStatus?: number,
): VendorError {
	const known = table[code];
	const said = vendorText ? ` (${vendor} said: ${vendorText})` : '';
	const info: VendorErrorInfo = known
		? { code, ...known, message: `${known.message}${said}` }
		: { code, message: `${vendor} returned error ${code}${said}.`, retryable: false, maybeSent: false };
	return new VendorError(info, { httpStatus });
}
