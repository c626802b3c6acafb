import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { RequestSettings } from '../providers';
import { requestSettings } from '../shared/timeout';

/** n8n versions without a poll budget: the shortest interval n8n lets a poll trigger run at. */
const FALLBACK_BUDGET_MS = 60_000;
/**
 * The share of the budget a poll spends pulling. The rest is for emitting and acknowledging, which at an
 * Aliyun queue takes as many requests as receiving did.
 */
const PULL_SHARE = 0.5;
/**
 * The longest a poll's vendor request may wait, as a share of the budget: one started just before the
 * deadline still ends in time to emit what it pulled (a destructive pull's page is gone at the vendor).
 */
const REQUEST_SHARE = 0.25;
/** However small the budget, a request gets this long: the first request of a poll is always made. */
const MIN_REQUEST_MS = 1_000;

function pollBudgetMs(context: IPollFunctions): number {
	return typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : FALLBACK_BUDGET_MS;
}

/**
 * `Date.now()` after which a poll starts no further vendor request (PullOptions.deadline), from n8n's
 * budget for one poll (`getPollBudgetMs`: the time after which the engine abandons the tick).
 */
export function pullDeadline(context: IPollFunctions, startedAt = Date.now()): number {
	return startedAt + pollBudgetMs(context) * PULL_SHARE;
}

/** The trigger's request settings: its Timeout option, capped so that a request ends within the poll's budget. */
export function pollRequestSettings(context: IPollFunctions, options: IDataObject): RequestSettings {
	const { timeoutMs } = requestSettings(options);
	const cap = Math.max(MIN_REQUEST_MS, Math.floor(pollBudgetMs(context) * REQUEST_SHARE));
	return { timeoutMs: Math.min(timeoutMs, cap) };
}
