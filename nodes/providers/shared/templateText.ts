/** Template text split at its placeholders once, and each recipient's text joined from the pieces. */
import type { TemplateSpec } from '../types';
import { framedText, startsWithSignature } from './signature';

/**
 * A template text split at its placeholders, so that each recipient's text is joined from the pieces
 * instead of searched again (a 100k campaign renders 100k texts): the literals around the placeholders
 * (one more literal than placeholders), each placeholder as written, and the variable it takes.
 */
export interface SplitTemplate {
	literals: string[];
	placeholders: string[];
	names: string[];
}

/**
 * `placeholder` has the `g` flag and the variable's name as its first group; `slotNames` overrides the
 * names (positional templates number theirs).
 */
export function splitTemplate(content: string, placeholder: RegExp, slotNames?: (content: string) => string[]): SplitTemplate {
	const split: SplitTemplate = { literals: [], placeholders: [], names: [] };
	let literalStart = 0;
	for (const match of content.matchAll(placeholder)) {
		split.literals.push(content.slice(literalStart, match.index));
		split.placeholders.push(match[0]);
		split.names.push(match[1]);
		literalStart = match.index + match[0].length;
	}
	split.literals.push(content.slice(literalStart));
	if (slotNames) split.names = slotNames(content);
	return split;
}

const splitTemplates = new WeakMap<TemplateSpec, SplitTemplate>();

/** splitTemplate of the template's content, once per template. */
export function splitTemplateOnce(template: TemplateSpec, placeholder: RegExp, slotNames?: (content: string) => string[]): SplitTemplate {
	let split = splitTemplates.get(template);
	if (!split) {
		split = splitTemplate(template.content, placeholder, slotNames);
		splitTemplates.set(template, split);
	}
	return split;
}

const framedSplits = new WeakMap<SplitTemplate, { signName: string; optOutSuffix?: string; framed?: SplitTemplate }>();

/**
 * The handset text of a template filled with `variables`: framedText of the filled template. Nearly
 * always the frame does not depend on the values (see framedTemplate); it is then part of the template's
 * literals, and a text is joined in one go rather than framed afterwards, which copies it twice more
 * (a 100k campaign renders 100k texts).
 */
export function renderFramed(
	split: SplitTemplate,
	variables: Record<string, string>,
	signName: string,
	optOutSuffix?: string,
): string {
	let cached = framedSplits.get(split);
	if (!cached || cached.signName !== signName || cached.optOutSuffix !== optOutSuffix) {
		cached = { signName, optOutSuffix, framed: framedTemplate(split, signName, optOutSuffix) };
		framedSplits.set(split, cached);
	}
	if (cached.framed) return fillTemplate(cached.framed, variables);
	return framedText(fillTemplate(split, variables), signName, optOutSuffix);
}

/**
 * The template with its frame folded into the first and last literals, or undefined when a value could
 * change the frame: a value at the very start may bring its own 【signature】, one at the end (within
 * the opt-out sentence's length) may complete the sentence.
 */
function framedTemplate(split: SplitTemplate, signName: string, optOutSuffix: string | undefined): SplitTemplate | undefined {
	const literals = [...split.literals];
	if (literals.length === 1) return { ...split, literals: [framedText(literals[0], signName, optOutSuffix)] };
	const first = literals[0];
	if (signName !== '' && !startsWithSignature(first)) {
		if (first === '' || first.startsWith('【')) return undefined;
		literals[0] = `【${signName}】${first}`;
	}
	const last = literals[literals.length - 1];
	if (optOutSuffix && !last.endsWith(optOutSuffix)) {
		if (last.length < optOutSuffix.length) return undefined;
		literals[literals.length - 1] = last + optOutSuffix;
	}
	return { ...split, literals };
}

/** The text with each placeholder replaced by the value of its slot; a slot without one is left empty. */
export function joinTemplate({ literals }: SplitTemplate, values: Array<string | undefined>): string {
	let text = literals[0];
	for (let slot = 1; slot < literals.length; slot++) text += (values[slot - 1] ?? '') + literals[slot];
	return text;
}

/** The text with each placeholder's variable filled in; a placeholder without a value stays as written. */
export function fillTemplate({ literals, names, placeholders }: SplitTemplate, variables: Record<string, string>): string {
	let text = literals[0];
	for (let slot = 1; slot < literals.length; slot++) {
		text += (variables[names[slot - 1]] ?? placeholders[slot - 1]) + literals[slot];
	}
	return text;
}
