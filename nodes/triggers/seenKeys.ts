import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/** The most events one poll may take (the Max … Per Poll options' upper bound). */
export const MAX_EVENTS_PER_POLL = 50_000;

/**
 * How many event keys a trigger remembers: twice the most one poll can take, so that the keys of one
 * poll are never pushed out by the next, which is when a vendor offers an unacknowledged event again.
 */
export const SEEN_KEYS_LIMIT = 2 * MAX_EVENTS_PER_POLL;

/**
 * An event's identity as a short digest (72 bits: no collision in practice among 100,000 keys): static
 * data is saved with the workflow on every emitting poll, so each key is ~15 bytes instead of ~45.
 */
export function eventKey(identity: string): string {
	return createHash('sha256').update(identity).digest('base64url').slice(0, 12);
}

/**
 * The events a trigger has already handled, kept in the node's static data under `stateKey` as a bounded
 * FIFO list (oldest first) so that an event the vendor repeats is emitted once.
 */
export class SeenKeys {
	private readonly keys: string[];
	private readonly index: Set<string>;

	constructor(
		private readonly staticData: IDataObject,
		private readonly stateKey: string,
		private readonly limit = SEEN_KEYS_LIMIT,
	) {
		const stored = staticData[stateKey];
		this.keys = Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [];
		this.index = new Set(this.keys);
	}

	/** True the first time a key is offered; remembers it so that later offers return false. */
	claim(key: string): boolean {
		if (this.index.has(key)) return false;
		this.index.add(key);
		this.keys.push(key);
		return true;
	}

	/** Writes the newest `limit` keys back; assigning a new array marks the static data as changed. */
	save(): void {
		this.staticData[this.stateKey] = this.keys.slice(-this.limit);
	}
}
