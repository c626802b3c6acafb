import type { IPollFunctions } from 'n8n-workflow';

/** n8n versions without a poll budget: the shortest interval n8n lets a poll trigger run at. */
const FALLBACK_BUDGET_MS = 60_000;
/**
 * The share of the budget a poll spends pulling. The rest is for emitting and acknowledging, which at an
 * Aliyun queue takes as many requests as receiving did.
 */
const PULL_SHARE = 0.5;

/**
 * `Date.now()` after which a poll starts no further vendor request (PullOptions.deadline), from n8n's
 * budget for one poll (`getPollBudgetMs`: the time after which the engine abandons the tick).
 */
export function pullDeadline(context: IPollFunctions, startedAt = Date.now()): number {
	const budget = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : FALLBACK_BUDGET_MS;
	return startedAt + budget * PULL_SHARE;
}
