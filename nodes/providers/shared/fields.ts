/** Defensive reading of a vendor's parsed JSON. */

export type JsonObject = Record<string, unknown>;

/** A parsed JSON value as an object ({} for anything else), for defensive field access. */
export function asObject(value: unknown): JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** A JSON field as text: numbers and booleans as written, null/undefined as ''. */
export function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}
