/** Grouping messages into vendor calls, and the correlation id a call carries. */
import { randomUUID } from 'node:crypto';

import type { OutgoingMessage } from '../types';

export function chunk<T>(items: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}

/** Groups messages by their rendered text, keeping first-appearance order. */
export function groupByText(messages: OutgoingMessage[]): OutgoingMessage[][] {
	return groupBy(messages, (message) => message.text);
}

/** Groups messages by `keyOf`, keeping first-appearance order. */
export function groupBy(messages: OutgoingMessage[], keyOf: (message: OutgoingMessage) => string): OutgoingMessage[][] {
	const groups = new Map<string, OutgoingMessage[]>();
	for (const message of messages) {
		const key = keyOf(message);
		const group = groups.get(key);
		if (group) group.push(message);
		else groups.set(key, [message]);
	}
	return [...groups.values()];
}

/** The outId every message of a call shares, if they share one (a vendor call carries a single uid). */
export function sharedOutId(messages: OutgoingMessage[]): string | undefined {
	const outId = messages[0]?.outId;
	return outId && messages.every((message) => message.outId === outId) ? outId : undefined;
}

/**
 * The one correlation id a call sends where the vendor takes one per request (Aliyun OutId, Chuanglan
 * uid): the messages' shared outId, or else an id generated for the call. The messages come back
 * carrying that id (copies where it changed), so that every outcome of the call, an unknown one
 * included, reports the id the vendor actually received.
 */
export function withCallOutId(messages: OutgoingMessage[]): { outId: string; messages: OutgoingMessage[] } {
	const shared = sharedOutId(messages);
	if (shared !== undefined) return { outId: shared, messages };
	const outId = randomUUID().replace(/-/g, '');
	return { outId, messages: messages.map((message) => ({ ...message, outId })) };
}
