/**
 * Chuanglan templates are plain text matched server-side. Placeholders are `{$var}` (positional slots,
 * named var1, var2, ... in order) or `{$name}` (named; sent as positional `{$var}` in order).
 */
import { framedText, startsWithSignature, stripSignature } from '../shared/signature';
import { joinTemplate, splitTemplate } from '../shared/templateText';
import type { TemplateInfo, TemplateSpec, TemplateSyntax } from '../types';

export const MAX_TEXT_LENGTH = 536;
export const MAX_VARIABLES = 20;

const SURROGATE = /[\uD800-\uDFFF]/;

/** Length as Chuanglan counts it (and bills it): characters, so an emoji is one, not two UTF-16 units. */
export function textLength(text: string): number {
	// Counting characters only takes a pass over texts that have any outside the BMP.
	return SURROGATE.test(text) ? [...text].length : text.length;
}

const PLACEHOLDER = /\{\$([^{}$\s]+)\}/g;
const POSITIONAL_NAME = 'var';

/** The variable each placeholder occurrence takes, in order: `var1..varN` for `{$var}`, else the name. */
export function slotNames(content: string): string[] {
	let positional = 0;
	return [...content.matchAll(PLACEHOLDER)].map((match) =>
		match[1] === POSITIONAL_NAME ? `${POSITIONAL_NAME}${++positional}` : match[1],
	);
}

/** Replaces every placeholder occurrence with `fill(slotName, placeholder)`, in one pass. */
function fillSlots(content: string, fill: (slotName: string, placeholder: string) => string): string {
	const names = slotNames(content);
	let index = 0;
	return content.replace(PLACEHOLDER, (placeholder) => fill(names[index++], placeholder));
}

export const CHUANGLAN_SYNTAX: TemplateSyntax = { placeholder: PLACEHOLDER, slotNames, appendsOptOut: true };

/** The `msg` of a variable/json call: every placeholder rewritten to positional `{$var}`. */
export function variableMessage(template: TemplateSpec): string {
	return framedText(
		fillSlots(template.content, () => `{$${POSITIONAL_NAME}}`),
		template.signName,
		template.optOutSuffix,
	);
}

/**
 * What Chuanglan will produce from a variable/json `msg` and one recipient's values: the `msg` is split
 * around its placeholders once, and each recipient's text joined from the pieces.
 */
export function variableMessageFiller(message: string): (values: string[]) => string {
	const split = splitTemplate(message, PLACEHOLDER);
	return (values) => joinTemplate(split, values);
}

/**
 * The local template check (Chuanglan has no template query in its send API): signature present,
 * at most 20 placeholders, within 536 characters even before filling, and ending with the opt-out
 * sentence when one is required.
 */
export function checkTemplateLocally(
	templateId: string,
	content: string,
	signName: string,
	optOutSuffix: string | undefined,
): TemplateInfo {
	const slots = slotNames(content);
	const unfilledLength = textLength(
		framedText(
			fillSlots(content, () => ''),
			signName,
			optOutSuffix,
		),
	);
	const rules: Array<[failed: boolean, reason: string]> = [
		[content.trim() === '', 'Template Content is empty.'],
		[
			!startsWithSignature(content) && signName === '',
			'No 【signature】: start the content with one or set the signature in the credential or node.',
		],
		[
			slots.length > MAX_VARIABLES,
			`The template has ${slots.length} placeholders; Chuanglan allows at most ${MAX_VARIABLES}.`,
		],
		[
			unfilledLength > MAX_TEXT_LENGTH,
			`The text has ${unfilledLength} characters before any placeholder is filled; Chuanglan allows ${MAX_TEXT_LENGTH}.`,
		],
		[
			Boolean(optOutSuffix) && !content.trimEnd().endsWith(optOutSuffix ?? ''),
			`Marketing texts must end with "${optOutSuffix}".`,
		],
	];
	const failedRule = rules.find(([failed]) => failed)?.[1];
	return {
		templateId,
		status: failedRule ? 'rejected' : 'notChecked',
		reason:
			failedRule ??
			'Chuanglan has no template query: the content passed the local checks; ' +
				'Chuanglan matches it against approved templates when sending.',
		content: stripSignature(content),
		variables: [...new Set(slots)],
		positional: content.includes(`{$${POSITIONAL_NAME}}`),
		checkedLocally: true,
	};
}
