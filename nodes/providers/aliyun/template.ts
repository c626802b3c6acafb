/** Aliyun `${name}` templates: placeholders, rendering, and the TemplateParam JSON. */
import { withSignature } from '../shared';
import type { OutgoingMessage, TemplateSpec, VendorErrorInfo } from '../types';

const PLACEHOLDER = /\$\{([^{}]+)\}/g;

/** Placeholder names in order of first appearance. */
export function templateVariables(content: string): string[] {
	return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/** 【signature】 + filled content: Aliyun adds the signature itself, so this is what the handset shows. */
export function renderAliyun(template: TemplateSpec, variables: Record<string, string>): string {
	const filled = template.content.replace(PLACEHOLDER, (placeholder, name: string) => variables[name] ?? placeholder);
	return withSignature(template.signName, filled);
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

/**
 * Aliyun's template rules allow at most 35 characters per variable value (help.aliyun.com 44357), and
 * a longer one fails the whole request with isv.PARAM_LENGTH_LIMIT — for SendBatchSms, every recipient
 * of the batch. Refusing it here keeps the other recipients' calls clean.
 */
const MAX_VARIABLE_LENGTH = 35;

export function variableLengthError(message: OutgoingMessage): VendorErrorInfo | undefined {
	const tooLong = Object.entries(message.variables).find(([, value]) => [...value].length > MAX_VARIABLE_LENGTH);
	if (!tooLong) return undefined;
	return {
		code: 'isv.PARAM_LENGTH_LIMIT',
		message: `Aliyun accepts at most ${MAX_VARIABLE_LENGTH} characters per template variable; "${tooLong[0]}" has ${[...tooLong[1]].length}. Nothing was sent to this number.`,
		retryable: false,
		maybeSent: false,
	};
}
