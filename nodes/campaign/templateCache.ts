import type { TemplateInfo } from '../providers';
import type { CallOutcome } from './pacing';

/**
 * Approved templates Send and Send Batch have read, kept in this n8n process for 5 minutes. Without it
 * every execution starts with a template query: one more round trip before the first send, and for
 * event-driven workflows (a webhook per user → Send) twice the vendor requests, against a template query
 * that vendors limit to a low QPS. Only an approved template is kept, so that a pending or rejected one
 * is asked about again next time; a template withdrawn at the vendor can still be sent with for up to
 * the TTL, which the vendor then refuses call by call. Check Template never reads from here: it always
 * asks the vendor. Concurrent executions share one read in flight.
 */
const TTL_MS = 5 * 60_000;
/** Templates are few per workflow; the bound only keeps a long-lived process from growing without end. */
const MAX_ENTRIES = 500;

/** What a template read depends on. The credential appears only as a hash (see providerWithIdentity). */
export interface TemplateCacheKey {
	provider: string;
	credentialFingerprint: string;
	templateId: string;
	templateContent: string;
	signName: string;
}

interface Entry {
	/** Infinity while the read is in flight. */
	expiresAt: number;
	read: Promise<CallOutcome<TemplateInfo>>;
}

const entries = new Map<string, Entry>();

/** The approved template read within the TTL for the same key, else the outcome of `read`. */
export async function cachedTemplateRead(
	key: TemplateCacheKey,
	read: () => Promise<CallOutcome<TemplateInfo>>,
): Promise<CallOutcome<TemplateInfo>> {
	const id = JSON.stringify([
		key.provider,
		key.credentialFingerprint,
		key.templateId,
		key.templateContent,
		key.signName,
	]);
	const cached = entries.get(id);
	if (cached && cached.expiresAt > Date.now()) return await cached.read;
	const entry: Entry = { expiresAt: Number.POSITIVE_INFINITY, read: read() };
	remember(id, entry);
	let approved = false;
	try {
		const outcome = await entry.read;
		approved = outcome.ok && outcome.result.status === 'approved';
		return outcome;
	} finally {
		if (approved) entry.expiresAt = Date.now() + TTL_MS;
		else if (entries.get(id) === entry) entries.delete(id);
	}
}

/** Forgets every template; for tests that change a template between executions. */
export function clearTemplateCache(): void {
	entries.clear();
}

function remember(id: string, entry: Entry): void {
	entries.delete(id);
	if (entries.size >= MAX_ENTRIES) {
		// Maps iterate in insertion order: the first entry is the oldest read.
		const oldest = entries.keys().next();
		if (!oldest.done) entries.delete(oldest.value);
	}
	entries.set(id, entry);
}
