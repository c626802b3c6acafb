/**
 * Reading the sandbox's record of what each vendor accepted. Vendors receive numbers in their own formats
 * (`13800138000`, `+8613800138000`, `8613800138000`), so every comparison is on the E.164 form.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

import type { Sandbox, SentMessage } from '../sandbox';
import type { Vendor } from './workflows';

export function e164(phone: string): string {
	return parsePhoneNumberFromString(phone, 'CN')?.number ?? phone;
}

/** How many messages the vendor accepted for each of the given numbers (0 when none). */
export function timesSent(sandbox: Sandbox, vendor: Vendor, phones: string[]): Map<string, number> {
	const counts = new Map(phones.map((phone) => [e164(phone), 0]));
	for (const message of sandbox.sent(vendor)) {
		const phone = e164(message.phone);
		if (counts.has(phone)) counts.set(phone, counts.get(phone)! + 1);
	}
	return counts;
}

/** `+86… sent 3 times` for every number not sent exactly `expected` times. */
export function sendCountProblems(counts: Map<string, number>, expected: number): string[] {
	return [...counts]
		.filter(([, count]) => count !== expected)
		.map(([phone, count]) => `${phone} sent ${count} time(s), expected ${expected}`);
}

/** A receipt's identity: the vendor's message id and the number. */
export function receiptKey(messageId: unknown, phone: unknown): string {
	return `${String(messageId)} ${e164(String(phone))}`;
}

export const messageKey = (message: SentMessage): string => receiptKey(message.messageId, message.phone);
