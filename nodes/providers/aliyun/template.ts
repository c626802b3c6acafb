/** Aliyun `${name}` templates: the review state (GetSmsTemplate), placeholders, rendering, and the TemplateParam JSON. */
import { GetSmsTemplateRequest } from '@alicloud/dysmsapi20170525';

import { textOf } from '../shared/fields';
import type { RequestSettings, TemplateInfo, TemplateStatus, TemplateSyntax } from '../types';
import { throwUnlessOk, type AliyunClients } from './client';

const TEMPLATE_STATUS: Record<string, TemplateStatus> = {
	'0': 'pending',
	'1': 'approved',
	'2': 'rejected',
	'10': 'cancelled',
};

const PLACEHOLDER = /\$\{([^{}]+)\}/g;

/** Aliyun adds 【signature】 itself; the opt-out sentence is part of Aliyun's marketing templates. */
export const ALIYUN_SYNTAX: TemplateSyntax = { placeholder: PLACEHOLDER, appendsOptOut: false };

/** Placeholder names in order of first appearance. */
export function templateVariables(content: string): string[] {
	return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/**
 * TemplateParam / TemplateParamJson text. JSON.stringify already escapes quotes, backslashes and control
 * characters; every non-ASCII character is additionally written as \uXXXX (emoji as surrogate pairs) so
 * the value survives any re-encoding between here and the carrier.
 */
export function encodeTemplateJson(value: unknown): string {
	return JSON.stringify(value).replace(
		/[\u007f-\uffff]/g,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

export async function getAliyunTemplate(
	clients: AliyunClients,
	templateId: string,
	settings: RequestSettings,
): Promise<TemplateInfo> {
	const response = await clients.dysmsapi({ sending: false, settings }, (client, runtime) =>
		client.getSmsTemplateWithOptions(new GetSmsTemplateRequest({ templateCode: templateId }), runtime),
	);
	const body = response.body;
	throwUnlessOk(clients, body);
	const content = textOf(body?.templateContent);
	return {
		templateId,
		status: TEMPLATE_STATUS[textOf(body?.templateStatus)] ?? 'pending',
		reason: textOf(body?.auditInfo?.rejectInfo),
		content,
		variables: templateVariables(content),
		positional: false,
		checkedLocally: false,
	};
}
