/** Phone numbers as vendors return them. */

const MAINLAND_MOBILE = /^1\d{10}$/;

/**
 * A number as a vendor returns it, in E.164. Yunpian and Chuanglan strip `+86` from mainland numbers;
 * international numbers come back with `+` (or `00`).
 */
export function mobileToE164(mobile: unknown): string {
	// Nearly every number of a batch answer: a plain mainland mobile, read without the general clean-up.
	if (typeof mobile === 'string' && MAINLAND_MOBILE.test(mobile)) return `+86${mobile}`;
	const text = String(mobile ?? '').replace(/[\s-]/g, '');
	if (text.startsWith('+')) return `+${text.slice(1).replace(/\D/g, '')}`;
	const digits = text.replace(/\D/g, '');
	if (digits === '') return '';
	if (MAINLAND_MOBILE.test(digits)) return `+86${digits}`;
	if (digits.startsWith('00')) return `+${digits.slice(2)}`;
	return `+${digits}`;
}
