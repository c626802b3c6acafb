/** Reading a vendor's answers page by page. */
import { VendorError, type EventPull, type PullOptions } from '../types';

/** Whether a pull may start another vendor request: always its first, then only before the deadline. */
export function mayStartRequest(options: Pick<PullOptions, 'deadline'>, started: number): boolean {
	return started === 0 || options.deadline === undefined || Date.now() < options.deadline;
}

/**
 * Reads a destructive pull page by page until a short page, `max` or the deadline. Records already
 * pulled are deleted at the vendor, so a failure after the first page is returned next to them, never
 * thrown. One page at a time: the vendors ask for a single puller.
 */
export async function drainPull<T>(
	options: Pick<PullOptions, 'max' | 'deadline'>,
	pageLimit: number,
	fetchPage: (pageSize: number) => Promise<T[]>,
): Promise<{ items: T[]; error?: VendorError }> {
	const { max } = options;
	const items: T[] = [];
	for (let pages = 0; items.length < max && mayStartRequest(options, pages); pages++) {
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
export async function destructivePull<T>(
	source: string,
	options: Pick<PullOptions, 'max' | 'deadline'>,
	pageLimit: number,
	fetchPage: (pageSize: number) => Promise<T[]>,
): Promise<EventPull<T>> {
	const { items, error } = await drainPull(options, pageLimit, fetchPage);
	return { events: items, source, acknowledge: acknowledgeNothing, ...(error ? { error } : {}) };
}

/** One numbered page of a query: the rows as read, the ones kept, and the total when the vendor says. */
export interface NumberedPage<T> {
	rows: unknown[];
	kept: T[];
	total?: number;
}

/**
 * Reads pages 1, 2, … of a query until a page is short, the vendor's total is reached, `maxPages` were
 * read (against a server that ignores the page number) or `max` rows are kept.
 */
export async function readNumberedPages<T>(
	fetchPage: (pageNumber: number) => Promise<NumberedPage<T>>,
	limits: { pageSize: number; maxPages?: number; max?: number },
): Promise<T[]> {
	const { pageSize, maxPages = Number.POSITIVE_INFINITY, max = Number.POSITIVE_INFINITY } = limits;
	const kept: T[] = [];
	for (let pageNumber = 1; pageNumber <= maxPages && kept.length < max; pageNumber++) {
		const page = await fetchPage(pageNumber);
		kept.push(...page.kept);
		if (page.rows.length < pageSize || (page.total !== undefined && kept.length >= page.total)) break;
	}
	return kept.length > max ? kept.slice(0, max) : kept;
}

/** The page number a picker's page token names: the first page without one. */
export function pageNumberOf(pageToken: string | undefined): number {
	const pageNumber = Number(pageToken);
	return Number.isInteger(pageNumber) && pageNumber > 1 ? pageNumber : 1;
}

/** The token of the page after `pageNumber`, unless this page was short or the vendor's total is reached. */
export function nextPageToken(pageNumber: number, rows: number, pageSize: number, total: unknown): string | undefined {
	const known = Number(total);
	const more = rows === pageSize && (!Number.isFinite(known) || pageNumber * pageSize < known);
	return more ? String(pageNumber + 1) : undefined;
}
