/**
 * Yunpian templates: read by tpl/get (the text starts with its own 【signature】), or, without a tpl_id,
 * the plain text Yunpian matches against approved templates when sending.
 */
import { stripSignature } from '../shared/signature';
import { asObject, textOf } from '../shared/fields';
import { listedDescription } from '../shared/pickers';
import type { ListedPage, RequestSettings, TemplateInfo, TemplateStatus, TemplateSyntax } from '../types';
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

/**
 * Every template of the account for the picker: tpl/get without a tpl_id answers them all at once
 * (docs/protocols/yunpian.md#templates), so there is one page. The text keeps its 【signature】.
 */
export async function listYunpianTemplates(client: YunpianClient, settings: RequestSettings): Promise<ListedPage> {
	const answer = await client.post('/v2/tpl/get.json', {}, settings, false);
	const templates = (Array.isArray(answer) ? answer : [answer]).map(asObject);
	return {
		entries: templates.map((template) => ({
			id: textOf(template.tpl_id),
			name: textOf(template.tpl_id),
			status: CHECK_STATUS[textOf(template.check_status)] ?? 'pending',
			description: listedDescription(template.tpl_content, template.reason),
		})),
	};
}

const PLACEHOLDER = /#([^#\s]+)#/g;

export const YUNPIAN_SYNTAX: TemplateSyntax = { placeholder: PLACEHOLDER, appendsOptOut: true };

/** Placeholder names in order of first appearance. */
function placeholderNames(content: string): string[] {
	return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1]))];
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
