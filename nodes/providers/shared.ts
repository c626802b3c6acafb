/**
 * Small pieces of logic the text-based vendors (Yunpian, Chuanglan) share: China-time conversion, the
 * 【signature】 and opt-out rules, phone normalisation of vendor answers, chunking, draining a destructive
 * pull, and turning HTTP-level failures into plain-English errors.
 */
import { parseJsonBody, type VendorResponse } from './http';
import { VendorError, type CredentialCheck, type OutgoingMessage, type VendorErrorInfo } from './types';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A credential's base URL without the trailing slash, or the vendor's default when empty. */
export function baseUrlOf(value: unknown, fallback: string): string {
	const url = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	return url.replace(/\/+$/, '');
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
	return LEADING_SIGNATURE.test(content);
}

export function stripSignature(content: string): string {
	return content.replace(LEADING_SIGNATURE, '');
}

/** Appends the opt-out sentence unless the text already ends with it. */
export function withOptOut(text: string, optOutSuffix: string | undefined): string {
	return optOutSuffix && !text.endsWith(optOutSuffix) ? text + optOutSuffix : text;
}

/**
 * A number as a vendor returns it, in E.164. Yunpian and Chuanglan strip `+86` from mainland numbers;
 * international numbers come back with `+` (or `00`).
 */
export function mobileToE164(mobile: unknown): string {
	const text = String(mobile ?? '').replace(/[\s-]/g, '');
	if (text.startsWith('+')) return `+${text.slice(1).replace(/\D/g, '')}`;
	const digits = text.replace(/\D/g, '');
	if (digits === '') return '';
	if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
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
 * Turns integer values of the named fields into JSON strings before parsing, so that 64-bit ids
 * (Yunpian sid) keep every digit instead of being rounded to a double.
 */
export function quoteIntegerFields(body: string, fields: string[]): string {
	const pattern = new RegExp(`("(?:${fields.join('|')})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
	return body.replace(pattern, '$1"$2"');
}

/** Removes secrets a vendor might echo back in its error text. */
export function redact(text: string, secrets: string[]): string {
	return secrets.filter((secret) => secret.length >= 4).reduce((result, secret) => result.split(secret).join('***'), text);
}

export interface VendorJsonReading {
	/** Vendor name for messages. */
	vendor: string;
	/** Whether the vendor may have acted on the request when its answer is unreadable (sends). */
	maybeSent: boolean;
	/** Integer fields to keep as strings (64-bit ids). */
	idFields: string[];
	/** The vendor's error carried in a parsed body, or undefined when the body reports success. */
	errorOf(body: unknown, httpStatus: number): VendorError | undefined;
	/** A body that answers the request even under an HTTP error status (per-recipient batch results). */
	carriesResults?(body: unknown): boolean;
}

/**
 * Parses a vendor's JSON answer and raises the error it carries. A 5xx without a vendor error is a
 * gateway failure before processing (retryable); any other unreadable body is MALFORMED_RESPONSE.
 */
export function readVendorJson(response: VendorResponse, reading: VendorJsonReading): unknown {
	const quoted = { ...response, body: quoteIntegerFields(response.body, reading.idFields) };
	let body: unknown;
	try {
		body = parseJsonBody(quoted, reading.maybeSent);
	} catch (error) {
		if (response.status >= 500) throw serverError(reading.vendor, response.status);
		throw error;
	}
	const vendorError = reading.errorOf(body, response.status);
	if (vendorError) throw vendorError;
	if (response.status >= 400 && reading.carriesResults?.(body)) return body;
	if (response.status >= 500) throw serverError(reading.vendor, response.status);
	if (response.status >= 400) {
		throw new VendorError(
			{
				code: `HTTP_${response.status}`,
				message: `${reading.vendor} answered HTTP ${response.status} without an error code. Check the Base URL.`,
				retryable: false,
				maybeSent: false,
			},
			{ httpStatus: response.status },
		);
	}
	return body;
}

/** HTTP 5xx without a vendor answer: the gateway failed before processing, so a later retry is safe. */
function serverError(vendor: string, httpStatus: number): VendorError {
	return new VendorError(
		{
			code: `HTTP_${httpStatus}`,
			message: `${vendor} answered HTTP ${httpStatus} (server error) before processing the request; it can be retried later.`,
			retryable: true,
			maybeSent: false,
		},
		{ httpStatus },
	);
}

/** An error from a vendor error table, with the vendor's own words appended for the operator. */
export function tableError(
	vendor: string,
	table: Record<string, Omit<VendorErrorInfo, 'code'>>,
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

/** A credential test's answer for a failed call: transport failures name the host that was tried. */
export function failedCredentialCheck(vendor: string, baseUrl: string, error: unknown): CredentialCheck {
	if (!(error instanceof VendorError)) throw error;
	const unreachable = error.httpStatus === undefined;
	return {
		ok: false,
		message: unreachable ? `Could not reach ${vendor} at ${baseUrl}: ${error.info.message}` : error.info.message,
	};
}

/** Credential tests are one cheap call; they get no per-execution settings. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 10_000;

/** Destructive pulls (Yunpian, Chuanglan) have already removed what they returned: nothing to confirm. */
export async function acknowledgeNothing(): Promise<void> {}

export type JsonObject = Record<string, unknown>;

/** A parsed JSON value as an object ({} for anything else), for defensive field access. */
export function asObject(value: unknown): JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** A JSON field as text: numbers and booleans as written, null/undefined as ''. */
export function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}
