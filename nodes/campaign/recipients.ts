import type { CountryCode } from 'libphonenumber-js/max';

import type { ValueLookup } from './itemFields';
import { settle, type Recipient } from './outcome';
import { numberKey, parsePhone, splitPhoneList } from './phone';
import { billingParts, fillVariables, variableText } from './template';

/** How each field of an input item is read (see itemFields.ts). A reader may throw: that item is rejected. */
export interface ItemFields {
	/** The phone field: one number, a comma-separated list or an array. */
	phones(itemIndex: number): unknown;
	/** The item's correlation id; generated when empty. */
	outId(itemIndex: number): unknown;
	/** Read after the phones, so that an item whose variables cannot be read still names its numbers. */
	values(itemIndex: number): ValueLookup;
}

export interface RecipientSettings {
	/** The template's placeholders and how the provider renders them; absent when there is no usable template. */
	template?: { variables: string[]; render(variables: Record<string, string>): string };
	defaultCountry: CountryCode;
	/** Send each normalised number once per execution. */
	dedupe: boolean;
	/** Keys (numberKey) of the numbers never to send to (Suppressed Numbers). */
	suppressed: ReadonlySet<string>;
	/** Makes generated out ids unique to this execution. */
	outIdPrefix: string;
}

/**
 * Turns items into recipients, one per number, in item order, each validated before any vendor call: an
 * empty or invalid number, a placeholder without a value or an item whose parameters cannot be read is
 * rejected for that recipient alone; a suppressed number is skipped (OPTED_OUT); a repeated number (across
 * the whole execution) is skipped and points at its first recipient. Lazy: a recipient is built when the campaign asks for the next one, so that
 * building a window of recipients overlaps the vendor calls already in flight. Keys count from 0 in the
 * order recipients are yielded, so a list of them in that order is indexed by key.
 */
export function* buildRecipients(
	itemCount: number,
	fields: ItemFields,
	settings: RecipientSettings,
): Generator<Recipient, void, undefined> {
	const firstByPhone = new Map<string, Recipient>();
	let nextKey = 0;
	const newRecipient = (itemIndex: number, input: string, outId?: string): Recipient => {
		const key = nextKey++;
		// Every field from the start: one object shape for all recipients, fields set later included.
		return {
			key,
			itemIndex,
			input,
			phone: undefined,
			variables: undefined,
			text: '',
			parts: 0,
			outId: outId ?? `${settings.outIdPrefix}${key}`,
			status: undefined,
			duplicateOf: undefined,
			messageId: '',
			error: undefined,
		};
	};
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const itemRecipients: Recipient[] = [];
		try {
			addItemRecipients(itemRecipients, newRecipient, itemIndex, fields, settings, firstByPhone);
		} catch (error) {
			// A failed expression or unreadable JSON concerns this item only.
			const recipient = newRecipient(itemIndex, '');
			settle(recipient, 'rejected', {
				error: { code: 'INVALID_PARAMETER', message: (error as Error).message, retryable: false },
			});
			itemRecipients.push(recipient);
		}
		yield* itemRecipients;
	}
}

const OPTED_OUT = {
	code: 'OPTED_OUT',
	message: 'The number is in Suppressed Numbers (it opted out), so it is never sent to',
	retryable: false,
};

type NewRecipient = (itemIndex: number, input: string, outId?: string) => Recipient;

function addItemRecipients(
	recipients: Recipient[],
	newRecipient: NewRecipient,
	itemIndex: number,
	fields: ItemFields,
	settings: RecipientSettings,
	firstByPhone: Map<string, Recipient>,
): void {
	const phones = splitPhoneList(fields.phones(itemIndex));
	const outId = variableText(fields.outId(itemIndex));
	const { template } = settings;
	let filled: ReturnType<typeof fillVariables> | undefined;
	let unreadable: Error | undefined;
	try {
		filled = template ? fillVariables(template.variables, fields.values(itemIndex)) : undefined;
	} catch (error) {
		unreadable = error as Error;
	}
	// The item's phones share its variables, so the text is rendered once per item.
	const text = template && filled?.complete ? template.render(filled.variables) : '';
	const parts = text ? billingParts(text) : 0;

	for (const number of phones.length > 0 ? phones : ['']) {
		const recipient = newRecipient(itemIndex, number, outId);
		recipients.push(recipient);
		recipient.text = text;
		recipient.parts = parts;
		const parsed = parsePhone(number, settings.defaultCountry);
		if (!parsed.valid) {
			settle(recipient, 'rejected', { error: { code: 'INVALID_PHONE', message: parsed.reason, retryable: false } });
			continue;
		}
		recipient.phone = parsed.phone;
		if (settings.suppressed.size > 0 && settings.suppressed.has(numberKey(parsed.phone))) {
			settle(recipient, 'skipped', { error: OPTED_OUT });
			continue;
		}
		if (unreadable) {
			settle(recipient, 'rejected', {
				error: { code: 'INVALID_PARAMETER', message: unreadable.message, retryable: false },
			});
			continue;
		}
		if (filled && !filled.complete) {
			const message = `Template variable "${filled.missing}" has no value`;
			settle(recipient, 'rejected', { error: { code: 'MISSING_VARIABLE', message, retryable: false } });
			continue;
		}
		recipient.variables = filled?.variables;
		const key = numberKey(parsed.phone);
		const first = settings.dedupe ? firstByPhone.get(key) : undefined;
		if (first) {
			recipient.duplicateOf = first;
			const message = `Same number as item ${first.itemIndex}, which is sent once`;
			settle(recipient, 'skipped', {
				error: { code: 'DUPLICATE', message, retryable: false },
				outId: first.outId,
			});
			continue;
		}
		if (settings.dedupe) firstByPhone.set(key, recipient);
	}
}
