import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Receipt } from '../providers';

/** How many receipt keys the trigger remembers; vendors repeat receipts within minutes, not days. */
export const SEEN_RECEIPTS_LIMIT = 10_000;

const STATE_KEY = 'seenReceiptKeys';

/**
 * A receipt is the same receipt when it is about the same message to the same phone. Stored as a short
 * digest (72 bits: no collision in practice among 10,000 keys): static data is saved with the workflow on
 * every emitting poll, so each key is ~15 bytes instead of ~45.
 */
export function receiptKey(receipt: Pick<Receipt, 'messageId' | 'phone'>): string {
	return createHash('sha256').update(`${receipt.messageId}|${receipt.phone}`).digest('base64url').slice(0, 12);
}

/**
 * The receipts this trigger has already handled, kept in the node's static data as a bounded FIFO list
 * (oldest first) so that a receipt repeated by the vendor is emitted once.
 */
export class SeenReceipts {
	private readonly keys: string[];
	private readonly index: Set<string>;

	constructor(
		private readonly staticData: IDataObject,
		private readonly limit = SEEN_RECEIPTS_LIMIT,
	) {
		const stored = staticData[STATE_KEY];
		this.keys = Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [];
		this.index = new Set(this.keys);
	}

	/** True the first time a receipt is offered; remembers it so that later offers return false. */
	claim(receipt: Receipt): boolean {
		const key = receiptKey(receipt);
		if (this.index.has(key)) return false;
		this.index.add(key);
		this.keys.push(key);
		return true;
	}

	/** Writes the newest `limit` keys back; assigning a new array marks the static data as changed. */
	save(): void {
		this.staticData[STATE_KEY] = this.keys.slice(-this.limit);
	}
}
