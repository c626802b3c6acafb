/**
 * Small helpers the vendor simulators share: billed parts, China-time stamps, paging, 【signature】
 * splitting, template matching and destructive receipt queues.
 */
import type { DeliverOptions, SandboxTemplate } from './types';

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

const SURROGATE = /[\uD800-\uDFFF]/;

/** Billed parts as every vendor counts them: one part holds 70 characters, longer texts 67 per part. */
export function countParts(text: string): number {
	// Characters are code points; counting them only takes a pass when the text has any outside the BMP.
	const length = SURROGATE.test(text) ? Array.from(text).length : text.length;
	return length <= 70 ? 1 : Math.ceil(length / 67);
}

/**
 * An application/x-www-form-urlencoded body, decoded natively: URLSearchParams decodes in JavaScript,
 * which a 1,000-text Yunpian multi_send (~250 KB) makes the sandbox's costliest step. A body that
 * decodeURIComponent refuses (a stray `%`, invalid UTF-8) is left to URLSearchParams, whose lenient
 * decoding is what the vendors' servers are taken to do, so both read every body alike.
 */
export function parseForm(body: string): URLSearchParams {
	// URLSearchParams also drops a leading `?`.
	if (body.startsWith('?')) return new URLSearchParams(body);
	const form = new URLSearchParams();
	try {
		for (const field of body.split('&')) {
			if (field === '') continue;
			const separator = field.indexOf('=');
			const [name, value] = separator === -1 ? [field, ''] : [field.slice(0, separator), field.slice(separator + 1)];
			form.append(decodeFormText(name), decodeFormText(value));
		}
	} catch {
		return new URLSearchParams(body);
	}
	return form;
}

function decodeFormText(text: string): string {
	return decodeURIComponent(text.includes('+') ? text.replace(/\+/g, ' ') : text);
}

/** Formats a moment in China Standard Time; tokens `yyyy yy MM dd HH mm ss`, e.g. `yyyy-MM-dd HH:mm:ss`. */
export function formatChinaTime(date: Date, pattern: string): string {
	const china = new Date(date.getTime() + CHINA_OFFSET_MS);
	const two = (value: number) => String(value).padStart(2, '0');
	const fields: Record<string, string> = {
		yyyy: String(china.getUTCFullYear()),
		yy: two(china.getUTCFullYear() % 100),
		MM: two(china.getUTCMonth() + 1),
		dd: two(china.getUTCDate()),
		HH: two(china.getUTCHours()),
		mm: two(china.getUTCMinutes()),
		ss: two(china.getUTCSeconds()),
	};
	return pattern.replace(/yyyy|yy|MM|dd|HH|mm|ss/g, (token) => fields[token]);
}

/** Parses `yyyy-MM-dd HH:mm:ss` as China Standard Time; undefined when malformed. */
export function parseChinaTime(text: string): Date | undefined {
	if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return undefined;
	const date = new Date(`${text.replace(' ', 'T')}+08:00`);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads an optional count parameter (page size, page number, pull size): `fallback` when absent,
 * undefined when it is not an integer in 1..max.
 */
export function readCount(raw: unknown, fallback: number, max: number): number | undefined {
	if (raw === undefined || raw === null || raw === '') return fallback;
	const text = String(raw);
	if (!/^\d+$/.test(text)) return undefined;
	const count = Number(text);
	return count >= 1 && count <= max ? count : undefined;
}

/** One 1-based page of a list. */
export function pageOf<T>(items: T[], pageNumber: number, pageSize: number): T[] {
	return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

export interface SignedText {
	signName: string;
	/** The text without the 【signature】. */
	body: string;
}

/** Splits a leading 【signature】 off a text (or a trailing one when `allowTrailing`). */
export function splitSignature(text: string, allowTrailing = false): SignedText | undefined {
	const leading = /^【([^【】]+)】([\s\S]*)$/.exec(text);
	if (leading) return { signName: leading[1], body: leading[2] };
	const trailing = allowTrailing ? /^([\s\S]*)【([^【】]+)】$/.exec(text) : null;
	return trailing ? { signName: trailing[2], body: trailing[1] } : undefined;
}

export interface TemplateMatch {
	template: SandboxTemplate;
	approved: boolean;
}

export type TemplateMatcher = (templates: Iterable<SandboxTemplate>, body: string) => TemplateMatch | undefined;

/**
 * Matches message bodies against a vendor's templates, where each placeholder (vendor syntax given by
 * `placeholder`, a global regex) stands for any text. Prefers an approved template; otherwise reports
 * the first unapproved one that matches, so callers can say "pending/rejected" instead of "not found".
 */
export function createTemplateMatcher(placeholder: RegExp): TemplateMatcher {
	// Templates are few and bodies many (100k-message benchmarks): compile each template once.
	const compiled = new Map<string, RegExp>();
	const patternOf = (content: string): RegExp => {
		let pattern = compiled.get(content);
		if (!pattern) {
			let source = '^';
			let literalStart = 0;
			for (const match of content.matchAll(placeholder)) {
				source += `${escapeRegExp(content.slice(literalStart, match.index))}[\\s\\S]*?`;
				literalStart = match.index + match[0].length;
			}
			pattern = new RegExp(`${source}${escapeRegExp(content.slice(literalStart))}$`);
			compiled.set(content, pattern);
		}
		return pattern;
	};
	return (templates, body) => {
		let fallback: TemplateMatch | undefined;
		for (const template of templates) {
			if (!patternOf(template.content).test(body)) continue;
			if ((template.status ?? 'approved') === 'approved') return { template, approved: true };
			fallback ??= { template, approved: false };
		}
		return fallback;
	};
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Placeholder names in order of first appearance (`pattern` must capture the name as group 1). */
export function placeholderNames(content: string, pattern: RegExp): string[] {
	return [...new Set(Array.from(content.matchAll(pattern), (match) => match[1]))];
}

/** A vendor's destructive pull queue (Yunpian pull_status, Chuanglan pull/report): reads remove what they return. */
export class PullQueue<T> {
	private items: T[] = [];

	/** Queues a receipt, twice when the test asks for the repeats vendors are known to send. */
	report(receipt: T, options: Pick<DeliverOptions, 'duplicate'>): void {
		this.items.push(receipt);
		if (options.duplicate) this.items.push({ ...receipt });
	}

	take(count: number): T[] {
		return this.items.splice(0, count);
	}

	get size(): number {
		return this.items.length;
	}

	clear(): void {
		this.items = [];
	}
}
