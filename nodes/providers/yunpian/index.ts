/**
 * Yunpian v2 (云片). Sends full texts (【signature】 + filled `#name#` template), one sid per recipient;
 * templates are read with tpl/get, statuses with get_record, receipts with the destructive pull_status.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { formatChinaTime } from '../shared/chinaTime';
import { checkCredentials, CREDENTIAL_TEST_TIMEOUT_MS } from '../shared/credentialCheck';
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { acknowledgeNothing, destructivePull } from '../shared/paging';
import { framedText, stripSignature } from '../shared/signature';
import { renderFramed, splitTemplateOnce } from '../shared/templateText';
import {
	VendorError,
	type CredentialCheck,
	type MessageResult,
	type OutgoingMessage,
	type PlannedCall,
	type PullReceiptsOptions,
	type ReceiptPull,
	type RequestSettings,
	type SendMode,
	type SendPlan,
	type SmsProvider,
	type StatusQuery,
	type StatusRecord,
	type TemplateInfo,
	type TemplateSpec,
	type TemplateStatus,
} from '../types';
import { YunpianClient } from './client';
import { planYunpianCalls, yunpianMobile, YUNPIAN_MAX_MOBILES, type YunpianPayload } from './plan';
import { receipt, reportStatus, sendResults, statusRecord } from './records';

/** get_record and pull_status return at most 100 rows per page. */
const PAGE_SIZE = 100;
/** Guards against a server that ignores page_num: 100 pages = 10,000 records of one phone and day. */
const MAX_RECORD_PAGES = 100;
const PREVIEW_WINDOW_MS = 24 * 60 * 60 * 1000;

const CHECK_STATUS: Record<string, TemplateStatus> = { SUCCESS: 'approved', CHECKING: 'pending', FAIL: 'rejected' };

export class YunpianProvider implements SmsProvider {
	readonly name = 'yunpian' as const;
	readonly maxRecipientsPerCall = YUNPIAN_MAX_MOBILES;
	readonly defaultSignName: string;
	private readonly client: YunpianClient;

	constructor(credentials: ICredentialDataDecryptedObject) {
		this.client = new YunpianClient(credentials.baseUrl, textOf(credentials.apiKey));
		this.defaultSignName = textOf(credentials.signName).trim();
	}

	async testCredentials(): Promise<CredentialCheck> {
		return await checkCredentials('Yunpian', () => this.client.baseUrl, async () => {
			const user = asObject(await this.client.post('/v2/user/get.json', {}, { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS }, false));
			const who = textOf(user.nick) ? ` as ${textOf(user.nick)}` : '';
			return `Connected to Yunpian${who}. Balance: ${textOf(user.balance) || 'unknown'}.`;
		});
	}

	planSend(groups: OutgoingMessage[][], _template: TemplateSpec, mode: SendMode): SendPlan {
		return { calls: planYunpianCalls(groups, mode), unsendable: [] };
	}

	render(template: TemplateSpec, variables: Record<string, string>): string {
		const signName = template.signName || this.defaultSignName;
		if (valuesFitTemplate(template.variables, variables)) {
			return renderFramed(splitTemplateOnce(template, PLACEHOLDER), variables, signName, template.optOutSuffix);
		}
		return framedText(fillNamedPlaceholders(template, variables), signName, template.optOutSuffix);
	}

	async send(call: PlannedCall, settings: RequestSettings): Promise<MessageResult[]> {
		const body = await this.client.send(call.payload as YunpianPayload, settings);
		return sendResults(body, call.messages, (code, entry) => this.client.error(code, entry));
	}

	async getTemplate(templateId: string, templateContent: string | undefined, settings: RequestSettings): Promise<TemplateInfo> {
		if (!templateId) return localTemplate(templateContent ?? '');
		const answer = await this.client.post('/v2/tpl/get.json', { tpl_id: templateId }, settings, false);
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

	async queryStatus(query: StatusQuery, settings: RequestSettings): Promise<StatusRecord[]> {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(query.sendDate)) {
			throw new VendorError({
				code: 'INVALID_SEND_DATE',
				message: `Send Date must be a day written as yyyy-MM-dd (China time), not "${query.sendDate}".`,
				retryable: false,
				maybeSent: false,
			});
		}
		const filter: Record<string, string> = {
			mobile: yunpianMobile(query.phone),
			start_time: `${query.sendDate} 00:00:00`,
			end_time: `${query.sendDate} 23:59:59`,
		};
		if (!query.phone.isMainland) filter.type = 'global';
		const rows = await this.records(filter, Number.POSITIVE_INFINITY, settings);
		const records = rows.map(statusRecord);
		return query.messageId ? records.filter((record) => record.messageId === query.messageId) : records;
	}

	async pullReceipts(options: PullReceiptsOptions, settings: RequestSettings): Promise<ReceiptPull> {
		if (options.peek) {
			// pull_status deletes what it returns, so a manual test reads the send history instead.
			const now = new Date();
			const rows = await this.records(
				{ start_time: formatChinaTime(new Date(now.getTime() - PREVIEW_WINDOW_MS)), end_time: formatChinaTime(now) },
				options.max,
				settings,
				(row) => reportStatus(row.report_status) !== 'pending',
			);
			return { receipts: rows.map(receipt), source: 'get_record (non-destructive preview)', acknowledge: acknowledgeNothing };
		}
		return await destructivePull('pull_status', options.max, PAGE_SIZE, async (pageSize) => {
			const fields = { page_size: String(pageSize) };
			return arrayOf(await this.client.post('/v2/sms/pull_status.json', fields, settings, false)).map(receipt);
		});
	}

	/** get_record, every page (a page shorter than PAGE_SIZE is the last), up to `max` matching rows. */
	private async records(
		filter: Record<string, string>,
		max: number,
		settings: RequestSettings,
		keep: (row: JsonObject) => boolean = () => true,
	): Promise<JsonObject[]> {
		const rows: JsonObject[] = [];
		for (let pageNum = 1; pageNum <= MAX_RECORD_PAGES && rows.length < max; pageNum++) {
			const fields = { ...filter, page_num: String(pageNum), page_size: String(PAGE_SIZE) };
			const page = arrayOf(await this.client.post('/v2/sms/get_record.json', fields, settings, false));
			rows.push(...page.filter(keep));
			if (page.length < PAGE_SIZE) break;
		}
		return rows.slice(0, max);
	}
}

function arrayOf(body: unknown): JsonObject[] {
	return Array.isArray(body) ? body.map(asObject) : [];
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
 * against the template including that signature (vendor-apis.md §2.2), so it is the one to send with.
 */
function signatureOf(signed: string, unsigned: string): Pick<TemplateInfo, 'signName'> {
	if (signed === unsigned) return {};
	return { signName: signed.slice('【'.length, signed.length - unsigned.length - '】'.length) };
}
