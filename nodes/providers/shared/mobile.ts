/** Mainland mobile numbers, and phone numbers as vendors return them. */

/** A mainland China mobile number as its 11 digits: the one rule every module uses. */
export const MAINLAND_MOBILE_DIGITS = '1[3-9]\\d{9}';
const MAINLAND_MOBILE = new RegExp(`^${MAINLAND_MOBILE_DIGITS}$`);

export function isMainlandMobile(digits: string): boolean {
	return MAINLAND_MOBILE.test(digits);
}

/**
 * A number as a vendor returns it, in E.164. Vendors strip `+86` from mainland numbers; international
 * numbers come back with `+` (or `00`).
 */
export function mobileToE164(mobile: unknown): string {
	const text = String(mobile ?? '').replace(/[\s-]/g, '');
	if (text.startsWith('+')) return `+${text.slice(1).replace(/\D/g, '')}`;
	const digits = text.replace(/\D/g, '');
	if (digits === '') return '';
	if (isMainlandMobile(digits)) return `+86${digits}`;
	if (digits.startsWith('00')) return `+${digits.slice(2)}`;
	return `+${digits}`;
}
