/**
 * Yunpian templates: read by tpl/get (the text starts with its own 【signature】), or, without a tpl_id,
 * the plain text Yunpian matches against approved templates when sending. Texts are rendered in full.
 */
import { framedText, stripSignature } from '../shared/signature';
import { renderFramed, splitTemplateOnce } from '../shared/templateText';
import { asObject, textOf } from '../shared/fields';
import type { RequestSettings, TemplateInfo, TemplateSpec, TemplateStatus } from '../types';
import type { YunpianClient } from './client';

const CHECK_STATUS: Record<string, TemplateStatus> = { SUCCESS: 'approved', CHECKING: 'pending', FAIL: 'rejected' };

export async function getYunpianTemplate(
	client: YunpianClient,
	templateId: string,
	templateContent: string | undefined,
	settings: RequestSettings,
): Promise<TemplateInfo> {
	if (!templateId) return localTemplate(templateContent ?? '');
	const answer = await client.post('/v2/tpl/get.json', { tpl_id: templateId }, settings, false);
	const template = Array.isArray(answer)
		? asObject(answer.find((entry) => textOf(asObject(entry).tpl_id) === templateId))
		: asObject(answer);
	const signed = textOf(template.tpl_content);
	const content = stripSignature(signed);
	return {
		templateId,
		status: CHECK_STATUS[textOf(template.check_status)] ?? 'pending',
		reason: textOf(template.reason),
		content,
		...signatureOf(signed, content),
		variables: placeholderNames(content),
		positional: false,
		checkedLocally: false,
	};
}

export function renderYunpian(template: TemplateSpec, variables: Record<string, string>, signName: string): string {
	if (valuesFitTemplate(template.variables, variables)) {
		return renderFramed(splitTemplateOnce(template, PLACEHOLDER), variables, signName, template.optOutSuffix);
	}
	return framedText(fillNamedPlaceholders(template, variables), signName, template.optOutSuffix);
}

const PLACEHOLDER = /#([^#\s]+)#/g;

/** Placeholder names in order of first appearance. */
function placeholderNames(content: string): string[] {
	return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/**
 * Fills the `#name#` of every name, template's or given, that has a value, in one pass over the text, so
 * that a value which itself looks like `#name#` is never filled again. (A campaign's values fit the
 * template, which render joins from its split pieces instead.)
 */
function fillNamedPlaceholders(template: TemplateSpec, variables: Record<string, string>): string {
	const names = [...template.variables, ...Object.keys(variables)].filter((name) => variables[name] !== undefined);
	const pattern = placeholderPattern(names);
	return pattern ? template.content.replace(pattern, (placeholder) => variables[placeholder.slice(1, -1)]) : template.content;
}

/** Every template variable has a value and there is no other: what the campaign gives every recipient. */
function valuesFitTemplate(names: string[], variables: Record<string, string>): boolean {
	for (const name in variables) if (!names.includes(name)) return false;
	// A loop, not `every`: this runs once per recipient, and a callback would be made each time.
	for (const name of names) if (variables[name] === undefined) return false;
	return true;
}

/** `#a#|#b#`, each name once in order of first appearance; undefined without names. */
function placeholderPattern(names: string[]): RegExp | undefined {
	if (names.length === 0) return undefined;
	return new RegExp([...new Set(names)].map((name) => `#${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#`).join('|'), 'g');
}

/** Without a tpl_id Yunpian matches the sent text against approved templates; nothing to query. */
function localTemplate(signed: string): TemplateInfo {
	const content = stripSignature(signed);
	return {
		templateId: '',
		status: 'notChecked',
		reason: 'No Template ID given: Yunpian matches the sent text against approved templates when sending.',
		content,
		...signatureOf(signed, content),
		variables: placeholderNames(content),
		positional: false,
		checkedLocally: true,
	};
}

/**
 * The 【signature】 a template text starts with, as TemplateInfo reports it: Yunpian matches sent texts
 * against the template including that signature (docs/protocols/yunpian.md#templates), so it is the one to send with.
 */
function signatureOf(signed: string, unsigned: string): Pick<TemplateInfo, 'signName'> {
	if (signed === unsigned) return {};
	return { signName: signed.slice('【'.length, signed.length - unsigned.length - '】'.length) };
}
