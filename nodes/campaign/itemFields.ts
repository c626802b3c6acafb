import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** A parameter's value for one input item. */
export type PerItemValue = (itemIndex: number) => unknown;

/**
 * `={{ $json.a.b }}`, `={{ $json["first name"] }}`, `={{ $json.list[0] }}` or `={{ $json }}`: nothing but a
 * path into the current item, which can be read straight from it.
 */
const PLAIN_JSON_REFERENCE = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\]*'|"[^"\\]*"|\d+)\s*\])*)\s*\}\}$/;
const PATH_SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)"|(\d+))\s*\]/g;
/** `templateVariables.variable[0].value` → `templateVariables`, `variable`, `0`, `value`. */
const PARAMETER_PATH_SEGMENT = /[^.[\]]+/g;

/**
 * Reads a parameter per item without n8n's expression engine where that is safe. Resolving an expression
 * through `getNodeParameter` costs ~0.85 ms per item, reading the item ~2 µs; a 100k campaign cannot
 * afford the former. A fixed value is read once, a plain `$json` path straight from the item, and any
 * other expression still goes through n8n's evaluation, unchanged.
 *
 * One difference: a plain path through a missing field (`$json.user.phone` without `user`) gives
 * `undefined` here, where n8n's evaluation would fail the whole node.
 */
export function perItemParameter(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	parameterPath: string,
): PerItemValue {
	const raw = rawParameter(context.getNode().parameters, parameterPath);
	if (typeof raw !== 'string' || !raw.startsWith('=')) return () => raw;
	const path = plainJsonPath(raw);
	if (path) return (itemIndex) => readPath(items[itemIndex].json, path);
	return (itemIndex) => context.getNodeParameter(parameterPath, itemIndex);
}

/** The path of a plain `$json` reference, or undefined when the expression does anything else. */
export function plainJsonPath(expression: string): string[] | undefined {
	const match = PLAIN_JSON_REFERENCE.exec(expression);
	if (!match) return undefined;
	return Array.from(match[1].matchAll(PATH_SEGMENT), (segment) => segment[1] ?? segment[2] ?? segment[3] ?? segment[4]);
}

export function readPath(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const segment of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[segment];
	}
	return value;
}

/** The parameter as saved in the workflow (expressions unevaluated). */
function rawParameter(parameters: IDataObject, parameterPath: string): unknown {
	return readPath(parameters, parameterPath.match(PARAMETER_PATH_SEGMENT) ?? []);
}

export type VariablesMode = 'autoMap' | 'fields' | 'json';

/** A recipient's value for one placeholder, looked up by name or, for positional templates, by slot. */
export type ValueLookup = (name: string, slot: number) => unknown;

/**
 * Where each item's template values come from. `autoMap`: the item's field named like the placeholder.
 * `fields`: the Template Variables entries by name. `json`: the Variables (JSON) object by name, or an array
 * by position. For a positional template (`slots`: its slot names in order, such as `1`, `2` for `{1}`,
 * `{2}`) an entry or key named like a slot fills it, and the others fill the remaining slots in their order.
 */
export function perItemVariables(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	mode: VariablesMode,
	slots: string[] | undefined,
): (itemIndex: number) => ValueLookup {
	if (mode === 'fields') return fieldVariables(context, items, slots);
	if (mode === 'json') return jsonVariables(context, items, slots);
	return (itemIndex) => {
		const json = items[itemIndex].json;
		return (name) => ownValue(json, name);
	};
}

function fieldVariables(context: IExecuteFunctions, items: INodeExecutionData[], slots: string[] | undefined) {
	const entries = readPath(context.getNode().parameters, ['templateVariables', 'variable']);
	const count = Array.isArray(entries) ? entries.length : 0;
	const named = Array.from({ length: count }, (_, entry): [string, PerItemValue] => [
		String(perItemParameter(context, items, `templateVariables.variable[${entry}].name`)(0) ?? '').trim(),
		perItemParameter(context, items, `templateVariables.variable[${entry}].value`),
	]);
	const sources = slots ? slotSources(slots, named) : new Map(named.map(([name, value]) => [name, value]));
	return (itemIndex: number): ValueLookup =>
		(name) =>
			sources.get(name)?.(itemIndex);
}

function jsonVariables(context: IExecuteFunctions, items: INodeExecutionData[], slots: string[] | undefined) {
	const variablesJson = perItemParameter(context, items, 'variablesJson');
	return (itemIndex: number): ValueLookup => {
		const source = variablesObject(variablesJson(itemIndex));
		if (Array.isArray(source)) return (_name, slot) => (slots ? source[slot] : undefined);
		if (!slots) return (name) => ownValue(source, name);
		const sources = slotSources(slots, Object.entries(source));
		return (name) => sources.get(name);
	};
}

/**
 * What fills each slot of a positional template: the entry named like the slot, else the next entry not
 * named like any slot, in the order written. A slot left without one is missing, as a named placeholder is.
 */
function slotSources<T>(slots: string[], entries: Array<[string, T]>): Map<string, T> {
	const slotNames = new Set(slots);
	const sources = new Map<string, T>();
	for (const [name, value] of entries) {
		if (slotNames.has(name) && !sources.has(name)) sources.set(name, value);
	}
	const unnamed = entries.filter(([name]) => !slotNames.has(name)).map(([, value]) => value);
	for (const slot of slots) {
		if (!sources.has(slot) && unnamed.length > 0) sources.set(slot, unnamed.shift() as T);
	}
	return sources;
}

/** A field of the object itself, so that a placeholder named `constructor` finds no inherited value. */
function ownValue(object: IDataObject, name: string): unknown {
	return Object.hasOwn(object, name) ? object[name] : undefined;
}

function variablesObject(value: unknown): IDataObject | unknown[] {
	const parsed = typeof value === 'string' ? parseJson(value) : value;
	if (parsed === null || typeof parsed !== 'object') {
		throw new TypeError('Variables (JSON) must be an object such as {"name": "Li Lei"}');
	}
	return parsed as IDataObject | unknown[];
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text === '' ? '{}' : text);
	} catch (error) {
		throw new TypeError(`Variables (JSON) is not valid JSON: ${(error as Error).message}`);
	}
}
