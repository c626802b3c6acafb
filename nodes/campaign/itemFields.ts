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
 * `fields`: the Template Variables entries (by name; for positional templates the entry named like the
 * slot (`1` for a `{1}` placeholder), else the entry in the slot's position). `json`: the Variables (JSON)
 * object (by name; an array or, for positional templates, the key named like the slot, else the key order).
 */
export function perItemVariables(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	mode: VariablesMode,
	positional: boolean,
): (itemIndex: number) => ValueLookup {
	if (mode === 'fields') return fieldVariables(context, items, positional);
	if (mode === 'json') return jsonVariables(context, items, positional);
	return (itemIndex) => {
		const json = items[itemIndex].json;
		return (name) => ownValue(json, name);
	};
}

function fieldVariables(context: IExecuteFunctions, items: INodeExecutionData[], positional: boolean) {
	const entries = readPath(context.getNode().parameters, ['templateVariables', 'variable']);
	const count = Array.isArray(entries) ? entries.length : 0;
	const values = Array.from({ length: count }, (_, entry) =>
		perItemParameter(context, items, `templateVariables.variable[${entry}].value`),
	);
	const byName = new Map<string, PerItemValue>();
	values.forEach((value, entry) => {
		const name = perItemParameter(context, items, `templateVariables.variable[${entry}].name`)(0);
		byName.set(String(name ?? '').trim(), value);
	});
	return (itemIndex: number): ValueLookup =>
		positional
			? (name, slot) => (byName.get(name) ?? values[slot])?.(itemIndex)
			: (name) => byName.get(name)?.(itemIndex);
}

function jsonVariables(context: IExecuteFunctions, items: INodeExecutionData[], positional: boolean) {
	const variablesJson = perItemParameter(context, items, 'variablesJson');
	return (itemIndex: number): ValueLookup => {
		const source = variablesObject(variablesJson(itemIndex));
		if (Array.isArray(source)) return (_name, slot) => (positional ? source[slot] : undefined);
		if (!positional) return (name) => ownValue(source, name);
		const inOrder = Object.values(source);
		return (name, slot) => (Object.hasOwn(source, name) ? source[name] : inOrder[slot]);
	};
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
