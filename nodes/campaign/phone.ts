import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

import { MAINLAND_MOBILE_DIGITS } from '../providers/shared/mobile';
import type { PhoneNumber } from '../providers/types';

export type PhoneParseResult = { valid: true; phone: PhoneNumber } | { valid: false; reason: string };

/** Separators a CRM export or a form may use between several numbers in one field. */
const LIST_SEPARATORS = /[,，;；]/;
/** Spaces, dashes, dots and brackets people type inside numbers. */
const FORMATTING = /[\s\-.()（）]/g;
/**
 * Mainland mobiles, with or without +86 / 0086 / 86. Checked before libphonenumber because a 100k
 * campaign is almost all mainland numbers and this costs a fraction of a full parse (~8 µs each).
 */
const MAINLAND_MOBILE = new RegExp(`^(?:\\+86|0086|86)?(${MAINLAND_MOBILE_DIGITS})$`);
/**
 * Only digits (full-width too) after an optional `+`: libphonenumber would otherwise pick a number out
 * of surrounding text ("abc13900000000"), and a garbled field must not reach a stranger's handset.
 */
const DIGITS_ONLY = /^\+?[0-9\uFF10-\uFF19]+$/;
/** Number types that can receive an SMS; some plans (US, CA) cannot tell mobile from fixed line. */
const TEXTABLE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** The numbers in one phone field: `'138…, 139…'` gives two; numbers and arrays are accepted as well. */
export function splitPhoneList(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	// An object is shown as JSON in the rejection, not as "[object Object]".
	const text = Array.isArray(value) ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value);
	const parts = text === undefined ? (value as unknown[]).map(String) : text.split(LIST_SEPARATORS);
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

export function isCountryCode(value: string): value is CountryCode {
	return isSupportedCountry(value);
}

/**
 * Normalises one number to E.164 and checks that it can receive an SMS. `defaultCountry` applies to
 * numbers written without an international prefix.
 */
export function parsePhone(raw: string, defaultCountry: CountryCode): PhoneParseResult {
	const compact = raw.replace(FORMATTING, '');
	if (compact === '') return { valid: false, reason: 'The phone number is empty' };

	const mainland = MAINLAND_MOBILE.exec(compact);
	// A bare 11-digit 1xx… number is only mainland when the default region says so.
	if (mainland && (defaultCountry === 'CN' || compact.length > 11)) {
		return { valid: true, phone: mainlandPhone(mainland[1]) };
	}

	if (!DIGITS_ONLY.test(compact)) return { valid: false, reason: `"${raw}" is not a valid phone number` };

	const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
	const parsed = parsePhoneNumberFromString(international, defaultCountry);
	if (!parsed || !parsed.isValid()) {
		return { valid: false, reason: `"${raw}" is not a valid phone number` };
	}
	const type = parsed.getType();
	if (type !== undefined && !TEXTABLE_TYPES.has(type)) {
		return { valid: false, reason: `"${raw}" is not a mobile number (${type.toLowerCase().replace(/_/g, ' ')})` };
	}
	const countryCode = String(parsed.countryCallingCode);
	return {
		valid: true,
		phone: {
			e164: String(parsed.number),
			countryCode,
			nationalNumber: String(parsed.nationalNumber),
			isMainland: countryCode === '86',
		},
	};
}

/**
 * One key per number, by which recipients are deduplicated and suppressed: the E.164 form, or for a
 * mainland number its 11 digits, which the E.164 form only prefixes with +86 (and which, unlike that
 * joined string, need not be copied whole to be hashed).
 */
export function numberKey(phone: PhoneNumber): string {
	return phone.isMainland ? phone.nationalNumber : phone.e164;
}

function mainlandPhone(nationalNumber: string): PhoneNumber {
	return { e164: `+86${nationalNumber}`, countryCode: '86', nationalNumber, isMainland: true };
}
