/** Template text split at its placeholders once, and each recipient's text joined from the pieces. */
import type { TemplateSpec, TemplateSyntax } from '../types';
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
export function splitTemplate(
	content: string,
	placeholder: RegExp,
	slotNames?: (content: string) => string[],
): SplitTemplate {
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

/**
 * A template prepared once per execution: split at its placeholders in the vendor's syntax, with its
 * frame (【signature】, and the opt-out sentence where the vendor sends free text) folded into the first
 * and last literals, so that each recipient's handset text is joined in one go. Where a value could
 * change the frame (see framedTemplate), each text is framed after filling instead.
 */
export function prepareText(
	template: TemplateSpec,
	syntax: TemplateSyntax,
): (variables: Record<string, string>) => string {
	const split = splitTemplate(template.content, syntax.placeholder, syntax.slotNames);
	const optOutSuffix = syntax.appendsOptOut ? template.optOutSuffix : undefined;
	const framed = framedTemplate(split, template.signName, optOutSuffix);
	if (framed) return (variables) => fillTemplate(framed, variables);
	return (variables) => framedText(fillTemplate(split, variables), template.signName, optOutSuffix);
}

/**
 * The template with its frame folded into the first and last literals, or undefined when a value could
 * change the frame: a value at the very start may bring its own 【signature】, one at the end (within
 * the opt-out sentence's length) may complete the sentence.
 */
function framedTemplate(
	split: SplitTemplate,
	signName: string,
	optOutSuffix: string | undefined,
): SplitTemplate | undefined {
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
export function fillTemplate(
	{ literals, names, placeholders }: SplitTemplate,
	variables: Record<string, string>,
): string {
	let text = literals[0];
	for (let slot = 1; slot < literals.length; slot++) {
		text += (variables[names[slot - 1]] ?? placeholders[slot - 1]) + literals[slot];
	}
	return text;
}
