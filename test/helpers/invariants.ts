/**
 * What every SMS Campaign run and every receipt poll must guarantee, whatever the vendor did. Checked
 * against the sandbox's own records of what it accepted, never against mocks. Each check gathers every
 * violation and asserts the list is empty, so a failure names all offending recipients at once.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { SandboxCredentials, SentMessage } from '../sandbox';

const RECIPIENT_STATUSES = ['accepted', 'rejected', 'unknown', 'skipped', 'dryRun'] as const;
type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/**
 * One output item per input item (each holding one number), in input order and paired with it, each
 * with a clear outcome: accepted with the vendor's message id, a dry run without error, anything else
 * with an error code and message. The recipients of each status add up to the input.
 */
export function assertOneOutcomePerRecipient(output: INodeExecutionData[], inputCount: number): void {
	const counts = Object.fromEntries(RECIPIENT_STATUSES.map((status) => [status, 0])) as Record<RecipientStatus, number>;
	const problems: string[] = [];
	if (output.length !== inputCount) problems.push(`${output.length} output items for ${inputCount} input items`);
	output.forEach(({ json, pairedItem }, index) => {
		const pairedWith = (pairedItem as IPairedItemData | undefined)?.item;
		if (pairedWith !== index) problems.push(`output ${index} is paired with input ${String(pairedWith)}`);
		const problem = outcomeProblem(json);
		if (problem) problems.push(`output ${index} (${String(json.phone)}): ${problem}`);
		else counts[json.status as RecipientStatus] += 1;
	});
	expect(problems).toEqual([]);
	expect(RECIPIENT_STATUSES.reduce((total, status) => total + counts[status], 0)).toBe(inputCount);
}

function outcomeProblem(json: IDataObject): string | undefined {
	const status = json.status as RecipientStatus;
	if (!RECIPIENT_STATUSES.includes(status)) return `status ${JSON.stringify(json.status)}`;
	const error = json.error as { code?: unknown; message?: unknown } | null;
	if (status === 'accepted')
		return json.messageId && error === null ? undefined : 'accepted without a message id, or with an error';
	if (status === 'dryRun') return error === null ? undefined : 'dry run with an error';
	const clear =
		typeof error?.code === 'string' && error.code !== '' && typeof error.message === 'string' && error.message !== '';
	return clear ? undefined : `${status} without an error code and message`;
}

/**
 * The sandbox sent each number as often as there are recipients of it reported `accepted`, plus at
 * most those reported `unknown` (the vendor may have taken a call whose answer was lost), and never a
 * number whose recipients were all rejected, skipped or dry-run. Every accepted recipient's message id
 * is one the vendor gave for that number.
 */
export function assertSentMatchesOutcomes(sent: SentMessage[], outcomes: IDataObject[]): void {
	const sentTo = groupBy(sent, (message) => e164(message.phone));
	const reported = groupBy(outcomes, (outcome) => String(outcome.phone));
	const problems: string[] = [];
	for (const phone of new Set([...sentTo.keys(), ...reported.keys()])) {
		const messages = sentTo.get(phone) ?? [];
		const recipients = reported.get(phone) ?? [];
		const accepted = recipients.filter((outcome) => outcome.status === 'accepted');
		const unknown = recipients.filter((outcome) => outcome.status === 'unknown');
		if (messages.length < accepted.length || messages.length > accepted.length + unknown.length) {
			problems.push(
				`${phone}: sent ${messages.length} time(s) for ${accepted.length} accepted and ${unknown.length} unknown recipient(s)`,
			);
		}
		for (const outcome of accepted) {
			if (!messages.some((message) => message.messageId === outcome.messageId)) {
				problems.push(`${phone}: accepted as ${String(outcome.messageId)}, which the vendor never issued for it`);
			}
		}
	}
	expect(problems).toEqual([]);
}

/** Each delivered message's receipt (message id and number) emitted exactly once, and nothing else. */
export function assertEachReceiptEmittedOnce(emitted: IDataObject[], delivered: SentMessage[]): void {
	const expected = new Set(delivered.map((message) => receiptKey(message.messageId, e164(message.phone))));
	const emittedCounts = new Map<string, number>();
	for (const receipt of emitted) {
		const key = receiptKey(String(receipt.messageId), String(receipt.phone));
		emittedCounts.set(key, (emittedCounts.get(key) ?? 0) + 1);
	}
	const problems = [
		...[...expected].filter((key) => !emittedCounts.has(key)).map((key) => `${key}: never emitted`),
		...[...emittedCounts]
			.filter(([key, count]) => count > 1 || !expected.has(key))
			.map(([key, count]) =>
				expected.has(key) ? `${key}: emitted ${count} times` : `${key}: emitted, never delivered`,
			),
	];
	expect(problems).toEqual([]);
}

/** The sandbox account's secrets: AccessKey ID and Secret, API key, password. */
export function secretsOf(credentials: SandboxCredentials): string[] {
	return [
		credentials.aliyunSmsApi.accessKeyId,
		credentials.aliyunSmsApi.accessKeySecret,
		credentials.yunpianApi.apiKey,
		credentials.chuanglanApi.password,
	];
}

/**
 * No string anywhere in `valueTree` (output items, errors with their description, cause and stack,
 * logs) contains a secret. Own properties are walked, non-enumerable ones too, so an Error's message
 * and anything it wraps are searched.
 */
export function assertNoSecrets(valueTree: unknown, secrets: string[]): void {
	const leaks: string[] = [];
	const path: string[] = ['$'];
	const visited = new WeakSet<object>();
	const check = (text: string, where: () => string) => {
		for (const secret of secrets)
			if (text.includes(secret)) leaks.push(`${where()} contains ${JSON.stringify(secret)}`);
	};
	const walk = (value: unknown): void => {
		if (typeof value === 'string') check(value, () => path.join('.'));
		if (value === null || typeof value !== 'object' || visited.has(value)) return;
		visited.add(value);
		for (const name of Object.getOwnPropertyNames(value)) {
			path.push(name);
			check(name, () => `${path.join('.')} (the key)`);
			// The descriptor rather than a read: a getter is not data, and reading one may throw.
			walk(Object.getOwnPropertyDescriptor(value, name)?.value);
			path.pop();
		}
	};
	walk(valueTree);
	expect(leaks).toEqual([]);
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** A number as a vendor received it, in E.164 (mainland numbers arrive without +86). */
function e164(phone: string): string {
	// The common case without a full parse, which would cost a second on a 100k campaign.
	if (MAINLAND_MOBILE.test(phone)) return `+86${phone}`;
	return parsePhoneNumberFromString(phone, 'CN')?.number ?? phone;
}

function receiptKey(messageId: string, phone: string): string {
	return `${messageId}|${phone}`;
}

function groupBy<T>(values: T[], keyOf: (value: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const value of values) {
		const key = keyOf(value);
		const group = groups.get(key);
		if (group) group.push(value);
		else groups.set(key, [value]);
	}
	return groups;
}
