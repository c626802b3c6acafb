/** Aliyun `${name}` templates: placeholders, rendering, and the TemplateParam JSON. */
import { renderFramed, splitTemplateOnce } from '../shared/templateText';
import type { TemplateSpec } from '../types';

const PLACEHOLDER = /\$\{([^{}]+)\}/g;

/** Placeholder names in order of first appearance. */
export function templateVariables(content: string): string[] {
	return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/** 【signature】 + filled content: Aliyun adds the signature itself, so this is what the handset shows. */
export function renderAliyun(template: TemplateSpec, variables: Record<string, string>): string {
	return renderFramed(splitTemplateOnce(template, PLACEHOLDER), variables, template.signName);
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
