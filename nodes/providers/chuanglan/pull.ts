/**
 * Chuanglan's destructive pulls (receipts: /msg/pull/report, replies: /msg/pull/mo), both `{account, password,
 * count}` → `{ret, error, result: [...]}`. A manual test event must not consume, so it shows a labelled
 * sample instead, after proving the credential: the real pull would fail on a wrong one.
 */
import { asObject, type JsonObject } from '../shared/fields';
import { acknowledgeNothing, destructivePull } from '../shared/paging';
import type { EventPull, PullOptions, RequestSettings } from '../types';
import type { ChuanglanClient } from './client';

export interface ChuanglanPull<T> {
	path: '/msg/pull/report' | '/msg/pull/mo';
	/** The most rows one pull returns. */
	pageLimit: number;
	toEvent(row: JsonObject): T;
	/** What a test event shows, and how it is labelled. */
	sample(now: Date): T;
	sampleSource: string;
}

export async function pullChuanglanEvents<T>(
	client: ChuanglanClient,
	kind: ChuanglanPull<T>,
	options: PullOptions,
	settings: RequestSettings,
): Promise<EventPull<T>> {
	if (options.peek) {
		await client.balance(settings.timeoutMs);
		return {
			events: options.max > 0 ? [kind.sample(new Date())] : [],
			source: kind.sampleSource,
			acknowledge: acknowledgeNothing,
		};
	}
	const source = kind.path.replace('/msg/', '');
	return await destructivePull(source, options, kind.pageLimit, async (count) => {
		const answer = await client.post(kind.path, { count: String(count) }, settings, false);
		return Array.isArray(answer.result) ? answer.result.map((row) => kind.toEvent(asObject(row))) : [];
	});
}
