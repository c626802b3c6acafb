/**
 * Small pieces of logic the vendor modules share: China-time conversion, the 【signature】 and opt-out
 * rules, phone normalisation of vendor answers, chunking and call outIds, error tables, draining a
 * destructive pull, and credential checks.
 */
import { randomUUID } from 'node:crypto';

import { isTransportError } from './http';
import {
	VendorError,
	type CredentialCheck,
	type OutgoingMessage,
	type Receipt,
	type ReceiptPull,
	type TemplateSpec,
	type VendorErrorInfo,
} from './types';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * A credential's base URL without the trailing slash, or the vendor's default when empty. Anything but an
 * http(s) URL with a host (`smssh1.253.com`, `ftp://…`) throws INVALID_BASE_URL naming it: nothing is
 * sent, and retrying cannot help. Call it when a request is made, not when a provider is built, so that
 * the credential test and each call report it instead of the node failing to start.
 */
export function baseUrlOf(value: unknown, fallback: string): string {
	const given = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	const url = given.replace(/\/+$/, '');
	if (!isHttpUrl(url)) {
		throw new VendorError({
			code: 'INVALID_BASE_URL',
			message: `The Base URL "${given}" is not an http:// or https:// address with a host name (for example ${fallback}); nothing was sent. Correct it in the credential.`,
			retryable: false,
			maybeSent: false,
		});
	}
	return url;
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), the format Yunpian's query windows use. */
export function formatChinaTime(date: Date): string {
	return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const CHINA_TIME_FORMATS: RegExp[] = [
	// yyyy-MM-dd HH:mm[:ss] (Yunpian)
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/,
	// yyyyMMddHHmmss (Chuanglan send `time`)
	/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/,
	// yyMMddHHmm[ss] (Chuanglan reportTime / notifyTime)
	/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/,
];

/** A vendor's China-time timestamp as ISO 8601 with `+08:00`; '' when absent or unreadable. */
export function chinaTimeToIso(value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value).trim();
	for (const format of CHINA_TIME_FORMATS) {
		const match = format.exec(text);
		if (!match) continue;
		const [, year, month, day, hour, minute, second] = match;
		const fullYear = year.length === 2 ? `20${year}` : year;
		return `${fullYear}-${month}-${day}T${hour}:${minute}:${second ?? '00'}+08:00`;
	}
	return '';
}

/** 【signName】 + content, unless the content already carries its own 【signature】. */
export function withSignature(signName: string, content: string): string {
	return startsWithSignature(content) || signName === '' ? content : `【${signName}】${content}`;
}

const LEADING_SIGNATURE = /^【[^】]+】/;

export function startsWithSignature(content: string): boolean {
	// The first character settles it for nearly every text, without running the pattern (once per recipient).
	return content.startsWith('【') && LEADING_SIGNATURE.test(content);
}

export function stripSignature(content: string): string {
	return content.replace(LEADING_SIGNATURE, '');
}

/** 【signature】 + text + opt-out sentence, each added unless the text already has it: the handset text. */
export function framedText(text: string, signName: string, optOutSuffix: string | undefined): string {
	return withOptOut(withSignature(signName, text), optOutSuffix);
}

/** Appends the opt-out sentence unless the text already ends with it. */
export function withOptOut(text: string, optOutSuffix: string | undefined): string {
	return optOutSuffix && !text.endsWith(optOutSuffix) ? text + optOutSuffix : text;
}

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

const MAINLAND_MOBILE = /^1\d{10}$/;

/**
 * A number as a vendor returns it, in E.164. Yunpian and Chuanglan strip `+86` from mainland numbers;
 * international numbers come back with `+` (or `00`).
 */
export function mobileToE164(mobile: unknown): string {
	// Nearly every number of a batch answer: a plain mainland mobile, read without the general clean-up.
	if (typeof mobile === 'string' && MAINLAND_MOBILE.test(mobile)) return `+86${mobile}`;
	const text = String(mobile ?? '').replace(/[\s-]/g, '');
	if (text.startsWith('+')) return `+${text.slice(1).replace(/\D/g, '')}`;
	const digits = text.replace(/\D/g, '');
	if (digits === '') return '';
	if (MAINLAND_MOBILE.test(digits)) return `+86${digits}`;
	if (digits.startsWith('00')) return `+${digits.slice(2)}`;
	return `+${digits}`;
}

export function chunk<T>(items: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}

/** Groups messages by their rendered text, keeping first-appearance order. */
export function groupByText(messages: OutgoingMessage[]): OutgoingMessage[][] {
	const groups = new Map<string, OutgoingMessage[]>();
	for (const message of messages) {
		const group = groups.get(message.text);
		if (group) group.push(message);
		else groups.set(message.text, [message]);
	}
	return [...groups.values()];
}

/** The outId every message of a call shares, if they share one (a vendor call carries a single uid). */
export function sharedOutId(messages: OutgoingMessage[]): string | undefined {
	const outId = messages[0]?.outId;
	return outId && messages.every((message) => message.outId === outId) ? outId : undefined;
}

/**
 * The one correlation id a call sends where the vendor takes one per request (Aliyun OutId, Chuanglan
 * uid): the messages' shared outId, or else an id generated for the call. The messages come back
 * carrying that id (copies where it changed), so that every outcome of the call, an unknown one
 * included, reports the id the vendor actually received.
 */
export function withCallOutId(messages: OutgoingMessage[]): { outId: string; messages: OutgoingMessage[] } {
	const shared = sharedOutId(messages);
	if (shared !== undefined) return { outId: shared, messages };
	const outId = randomUUID().replace(/-/g, '');
	return { outId, messages: messages.map((message) => ({ ...message, outId })) };
}

/** Removes secrets a vendor might echo back in its error text. */
export function redact(text: string, secrets: string[]): string {
	return secrets.filter((secret) => secret.length >= 4).reduce((result, secret) => result.split(secret).join('***'), text);
}

/** One row of a vendor's error table: everything but the code, which is the row's key. */
export type ErrorTableEntry = Omit<VendorErrorInfo, 'code'>;

/** A refusal before processing that sending the same request again cannot cure. */
export const permanent = (message: string): ErrorTableEntry => ({ message, retryable: false, maybeSent: false });

/**
 * A refusal that every further call of the campaign would meet too (balance, credential, IP allow list,
 * signature or template): the campaign stops at the first one.
 */
export const accountWide = (message: string): ErrorTableEntry => ({ ...permanent(message), accountWide: true });

/** A refusal before processing that a later retry can get past (throttling, a busy or failing server). */
export const retryLater = (message: string): ErrorTableEntry => ({ message, retryable: true, maybeSent: false });

/** An error from a vendor error table, with the vendor's own words appended for the operator. */
export function tableError(
	vendor: string,
	table: Record<string, ErrorTableEntry>,
	code: string,
	vendorText: string,
	httpStatus?: number,
): VendorError {
	const known = table[code];
	const said = vendorText ? ` (${vendor} said: ${vendorText})` : '';
	const info: VendorErrorInfo = known
		? { code, ...known, message: `${known.message}${said}` }
		: { code, message: `${vendor} returned error ${code}${said}.`, retryable: false, maybeSent: false };
	return new VendorError(info, { httpStatus });
}

/**
 * Reads a destructive pull page by page until a short page or `max`. Records already pulled are
 * deleted at the vendor, so a failure after the first page is returned next to them, never thrown.
 */
export async function drainPull<T>(
	max: number,
	pageLimit: number,
	fetchPage: (pageSize: number) => Promise<T[]>,
): Promise<{ items: T[]; error?: VendorError }> {
	const items: T[] = [];
	while (items.length < max) {
		const pageSize = Math.min(pageLimit, max - items.length);
		let page: T[];
		try {
			page = await fetchPage(pageSize);
		} catch (error) {
			if (items.length === 0 || !(error instanceof VendorError)) throw error;
			return { items, error };
		}
		items.push(...page);
		if (page.length < pageSize) break;
	}
	return { items };
}

/** Destructive pulls (Yunpian, Chuanglan) have already removed what they returned: nothing to confirm. */
export async function acknowledgeNothing(): Promise<void> {}

/** A destructive pull (see drainPull) as the trigger receives it, under the name of the API it read. */
export async function destructivePull(
	source: string,
	max: number,
	pageLimit: number,
	fetchPage: (pageSize: number) => Promise<Receipt[]>,
): Promise<ReceiptPull> {
	const { items, error } = await drainPull(max, pageLimit, fetchPage);
	return { receipts: items, source, acknowledge: acknowledgeNothing, ...(error ? { error } : {}) };
}

/** Credential tests are one cheap call; they get no per-execution settings. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 10_000;

/**
 * A credential test: `probe` makes one cheap call and words its success. A failure says what is wrong;
 * one below HTTP also names the host that was tried, since a wrong Base URL is then the likely cause.
 * `baseUrl` may be a function that reads it through baseUrlOf: it is called only after such a failure,
 * which needed a usable URL, while an unusable one fails the probe itself.
 */
export async function checkCredentials(
	vendor: string,
	baseUrl: string | (() => string),
	probe: () => Promise<string>,
): Promise<CredentialCheck> {
	try {
		return { ok: true, message: await probe() };
	} catch (error) {
		if (!(error instanceof VendorError)) throw error;
		if (!isTransportError(error)) return { ok: false, message: error.info.message };
		const host = typeof baseUrl === 'string' ? baseUrl : baseUrl();
		return { ok: false, message: `Could not reach ${vendor} at ${host}: ${error.info.message}` };
	}
}

export type JsonObject = Record<string, unknown>;

/** A parsed JSON value as an object ({} for anything else), for defensive field access. */
export function asObject(value: unknown): JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** A JSON field as text: numbers and booleans as written, null/undefined as ''. */
export function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}
