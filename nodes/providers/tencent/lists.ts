/**
 * The template and signature pickers: DescribeSmsTemplateList and DescribeSmsSignList, domestic entries
 * first and then international ones, 100 per page (docs/protocols/tencent.md#templates).
 */
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { listedDescription } from '../shared/pickers';
import type { ListedPage, ListedResource, RequestSettings } from '../types';
import type { TencentClient } from './client';
import { REVIEW_STATUS, reviewReason } from './template';

const PAGE_SIZE = 100;

interface ListKind {
	action: string;
	/** The answer's list of rows. */
	set: string;
	entry(row: JsonObject, international: boolean): ListedResource;
}

const TEMPLATES: ListKind = {
	action: 'DescribeSmsTemplateList',
	set: 'DescribeTemplateStatusSet',
	entry: (row, international) =>
		listed(
			textOf(row.TemplateId),
			textOf(row.TemplateName),
			row,
			international,
			listedDescription(row.TemplateContent, reviewReason(row)),
		),
};

const SIGNATURES: ListKind = {
	action: 'DescribeSmsSignList',
	set: 'DescribeSignListStatusSet',
	entry: (row, international) =>
		listed(textOf(row.SignName), textOf(row.SignName), row, international, reviewReason(row)),
};

export async function listTencentTemplates(
	client: TencentClient,
	page: string | undefined,
	settings: RequestSettings,
): Promise<ListedPage> {
	return await listPage(client, TEMPLATES, page, settings);
}

export async function listTencentSignatures(
	client: TencentClient,
	page: string | undefined,
	settings: RequestSettings,
): Promise<ListedPage> {
	return await listPage(client, SIGNATURES, page, settings);
}

/** `page` is `<International>:<Offset>`, as the previous page gave it; absent for the first. */
async function listPage(
	client: TencentClient,
	kind: ListKind,
	page: string | undefined,
	settings: RequestSettings,
): Promise<ListedPage> {
	const [international, offset] = (page ?? '0:0').split(':').map(Number);
	const answer = await client.call(
		kind.action,
		{ International: international, Limit: PAGE_SIZE, Offset: offset },
		settings,
		false,
	);
	const set = answer[kind.set];
	const rows = Array.isArray(set) ? set.map(asObject) : [];
	const entries = rows.map((row) => kind.entry(row, international === 1));
	if (rows.length === PAGE_SIZE) return { entries, nextPage: `${international}:${offset + PAGE_SIZE}` };
	return international === 0 ? { entries, nextPage: '1:0' } : { entries };
}

function listed(
	id: string,
	name: string,
	row: JsonObject,
	international: boolean,
	description: string,
): ListedResource {
	const market = international ? ' · international' : '';
	return {
		id,
		name: `${name}${market}`,
		status: REVIEW_STATUS[textOf(row.StatusCode)] ?? 'pending',
		description,
	};
}
