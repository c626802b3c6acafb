/**
 * The pickers' lists (providers/shared/pickers.ts): whatever vendor is selected, its provider's
 * `listTemplates` / `listSignatures`, filtered here by the search text and labelled with each entry's
 * review state.
 */
import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
} from 'n8n-workflow';

import type { ListedResource, TemplateStatus } from '../../providers';
import { SEARCH_METHODS, type ListMethod } from '../../providers/shared/pickers';
import { providerForPicker } from '../../shared/context';
import { vendorNodeError } from '../../shared/errors';
import { requestSettings } from '../../shared/timeout';

/** A search reads further vendor pages until it has this many matches... */
const ENOUGH_MATCHES = 20;
/** ...or has read this many pages in one go; the editor asks for more as the user scrolls. */
const MAX_PAGES_PER_SEARCH = 10;

const WHAT: Record<ListMethod, string> = { listTemplates: 'templates', listSignatures: 'signatures' };

/** Where an entry is not usable yet, its label starts with why. */
const STATUS_MARK: Partial<Record<TemplateStatus, string>> = {
	pending: '[Pending review] ',
	rejected: '[Rejected] ',
	cancelled: '[Review cancelled] ',
};

async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchList(this, 'listTemplates', filter, paginationToken);
}

async function searchSignatures(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchList(this, 'listSignatures', filter, paginationToken);
}

export const listSearch = {
	[SEARCH_METHODS.listTemplates]: searchTemplates,
	[SEARCH_METHODS.listSignatures]: searchSignatures,
};

async function searchList(
	context: ILoadOptionsFunctions,
	list: ListMethod,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const provider = await providerForPicker(context);
	const listPage = provider[list]?.bind(provider);
	if (!listPage) {
		throw new NodeOperationError(context.getNode(), `This provider has no list of ${WHAT[list]}`, {
			description: 'Give the ID instead.',
		});
	}
	// A list is a read: it takes the operation's Timeout option, else the read operations' default.
	const settings = requestSettings((context.getCurrentNodeParameter('options') ?? {}) as IDataObject);
	const wanted = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let page = paginationToken || undefined;
	let pages = 0;
	try {
		// Without a search, one vendor page per call; with one, further pages until enough entries match.
		do {
			const listed = await listPage(page, settings);
			results.push(...listed.entries.filter((entry) => matches(entry, wanted)).map(searchItem));
			page = listed.nextPage;
			pages++;
		} while (page && wanted && results.length < ENOUGH_MATCHES && pages < MAX_PAGES_PER_SEARCH);
	} catch (error) {
		throw vendorNodeError(context.getNode(), error, {
			action: `Could not list the ${WHAT[list]}`,
			description: 'Check the credential, or give the ID instead.',
		});
	}
	return { results, paginationToken: page };
}

/** Whether the search text is part of the entry's id, name or text, ignoring case. */
function matches(entry: ListedResource, wanted: string): boolean {
	return wanted === '' || [entry.id, entry.name, entry.description].some((text) => text.toLowerCase().includes(wanted));
}

/** `[Pending review] Order shipped (SMS_123) — Your order ${order} has shipped`: all the list shows. */
function searchItem(entry: ListedResource): INodeListSearchItems {
	const id = entry.name === entry.id ? '' : ` (${entry.id})`;
	const text = entry.description ? ` — ${entry.description}` : '';
	return {
		name: `${STATUS_MARK[entry.status] ?? ''}${entry.name}${id}${text}`,
		value: entry.id,
		description: entry.description,
	};
}
