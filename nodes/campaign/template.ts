/** One SMS part holds 70 characters; a longer message is split into parts of 67 (the rest is the header). */
const SINGLE_PART_LENGTH = 70;
const MULTI_PART_LENGTH = 67;

export type VariablesResult =
	{ complete: true; variables: Record<string, string> } | { complete: false; missing: string };

/**
 * The text a placeholder gets for a value. `undefined` means "no value": null, undefined and the empty
 * string, which would otherwise go out as a blank in the middle of a sentence.
 */
export function variableText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	let text: string;
	if (typeof value === 'string') text = value;
	else if (value instanceof Date) text = value.toISOString();
	else if (typeof value === 'object') text = JSON.stringify(value);
	else text = String(value);
	return text === '' ? undefined : text;
}

/** Half of a surrogate pair (a cut emoji): no vendor can encode it, so it must not reach a request. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Fills every placeholder, in template order. `valueOf` gets the placeholder's name and its slot
 * (its position, which is all a positional placeholder has).
 */
export function fillVariables(names: string[], valueOf: (name: string, slot: number) => unknown): VariablesResult {
	const variables: Record<string, string> = {};
	for (let slot = 0; slot < names.length; slot++) {
		const text = variableText(valueOf(names[slot], slot));
		if (text === undefined) return { complete: false, missing: names[slot] };
		if (LONE_SURROGATE.test(text)) {
			throw new Error(`Template variable "${names[slot]}" contains half of an emoji or other broken character`);
		}
		variables[names[slot]] = text;
	}
	return { complete: true, variables };
}

/** Billing parts of the full text (signature included), counted in UTF-16 units as carriers do. */
export function billingParts(text: string): number {
	if (text.length <= SINGLE_PART_LENGTH) return 1;
	return Math.ceil(text.length / MULTI_PART_LENGTH);
}
