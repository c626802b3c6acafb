/**
 * Suppressed Numbers: the numbers a campaign never sends to (opt-outs), read once per execution into a set
 * of the same keys recipients are deduplicated by, so that each recipient costs one lookup.
 */
import type { CountryCode } from 'libphonenumber-js/max';

import { numberKey, parsePhone } from './phone';

/** Commas (ASCII and full-width), semicolons and line breaks separate numbers written in one text. */
const SEPARATORS = /[,，;；\r\n]+/;

/** Why an entry of the list cannot be used; the node turns it into an error naming the option. */
export class SuppressionListError extends Error {}

/**
 * The keys of every number on the list: an array (usually an expression reading a table or a sheet) or a
 * text of numbers separated by commas or new lines. Empty entries are skipped. An entry that is not a
 * phone number is an error rather than skipped: it may be an opted-out number written in a way that
 * cannot be read, and sending to it would ignore an opt-out.
 */
export function readSuppressedNumbers(list: unknown, defaultCountry: CountryCode): Set<string> {
	const keys = new Set<string>();
	entriesOf(list).forEach((entry, index) => {
		if (entry === undefined || entry === null || (typeof entry === 'string' && entry.trim() === '')) return;
		if (typeof entry !== 'string' && typeof entry !== 'number') {
			throw new SuppressionListError(
				`Entry ${index + 1} is ${JSON.stringify(entry)}, not a phone number: map the list to its phone field, e.g. {{ $('Opt-Outs').all().map(item => item.json.phone) }}`,
			);
		}
		const parsed = parsePhone(String(entry).trim(), defaultCountry);
		if (!parsed.valid) throw new SuppressionListError(`Entry ${index + 1}: ${parsed.reason}`);
		keys.add(numberKey(parsed.phone));
	});
	return keys;
}

function entriesOf(list: unknown): unknown[] {
	if (list === undefined || list === null || list === '') return [];
	if (Array.isArray(list)) return list;
	if (typeof list === 'number') return [list];
	if (typeof list === 'string') return list.split(SEPARATORS);
	throw new SuppressionListError(
		'It must be a list of numbers or a text of numbers separated by commas or new lines, not an object',
	);
}
