import type { ItemFields, RecipientSettings } from '../../nodes/campaign/recipients';
import { buildRecipients } from '../../nodes/campaign/recipients';

const template: RecipientSettings['template'] = {
	variables: ['name', 'code'],
	render: (variables) => `【Shop】Hi ${variables.name}, code ${variables.code}`,
};
const settings: RecipientSettings = {
	template,
	defaultCountry: 'CN',
	dedupe: true,
	suppressed: new Set(),
	outIdPrefix: 'run-',
};

/** Fields read straight from each row, as autoMap and `$json` references read them. */
function rowFields(rows: Array<Record<string, unknown>>): ItemFields {
	return {
		phones: (index) => rows[index].phone,
		outId: (index) => rows[index].outId,
		values: (index) => (name) => rows[index][name],
	};
}

function build(rows: Array<Record<string, unknown>>, overrides: Partial<RecipientSettings> = {}) {
	return [...buildRecipients(rows.length, rowFields(rows), { ...settings, ...overrides })];
}

describe('buildRecipients', () => {
	it('makes a sendable recipient with its E.164 number, variables, text, parts and generated out id', () => {
		const [recipient] = build([{ phone: '13800138000', name: 'Li', code: 7 }]);
		expect(recipient).toMatchObject({
			key: 0,
			itemIndex: 0,
			input: '13800138000',
			phone: { e164: '+8613800138000' },
			variables: { name: 'Li', code: '7' },
			text: '【Shop】Hi Li, code 7',
			parts: 1,
			outId: 'run-0',
		});
		expect(recipient.status).toBeUndefined();
	});

	it('keeps the out id the item gives', () => {
		const [recipient] = build([{ phone: '13800138000', name: 'Li', code: 7, outId: 'order-1' }]);
		expect(recipient.outId).toBe('order-1');
	});

	it('gives each number of a comma list its own recipient sharing the item and its text', () => {
		const recipients = build([{ phone: '13800138000,13900139000', name: 'Li', code: 7 }]);
		expect(recipients.map((r) => [r.itemIndex, r.phone?.e164, r.text])).toEqual([
			[0, '+8613800138000', '【Shop】Hi Li, code 7'],
			[0, '+8613900139000', '【Shop】Hi Li, code 7'],
		]);
	});

	it('rejects an invalid number for that recipient only, naming the value', () => {
		const recipients = build([
			{ phone: '12345', name: 'Li', code: 7 },
			{ phone: '13900139000', name: 'Wang', code: 8 },
		]);
		expect(recipients[0]).toMatchObject({
			status: 'rejected',
			input: '12345',
			error: { code: 'INVALID_PHONE', message: '"12345" is not a valid phone number', retryable: false },
		});
		expect(recipients[1].status).toBeUndefined();
	});

	it('shows an object given as the number as JSON in the rejection', () => {
		const [recipient] = build([{ phone: { mobile: '13800138000' }, name: 'Li', code: 7 }]);
		expect(recipient.error?.message).toBe('"{"mobile":"13800138000"}" is not a valid phone number');
	});

	it('keeps the number of an item whose variables cannot be read, and rejects it naming the reason', () => {
		const unreadable: ItemFields = {
			...rowFields([{ phone: '13800138000' }]),
			values: () => {
				throw new Error('Variables (JSON) is not valid JSON');
			},
		};
		const [recipient] = [...buildRecipients(1, unreadable, settings)];
		expect(recipient).toMatchObject({
			status: 'rejected',
			phone: { e164: '+8613800138000' },
			error: { code: 'INVALID_PARAMETER', message: 'Variables (JSON) is not valid JSON' },
		});
	});

	it('rejects a value holding half of an emoji, naming the variable, instead of failing the batch', () => {
		const [broken, whole] = build([
			{ phone: '13800138000', name: 'Li\uD83D', code: 7 },
			{ phone: '13900139000', name: 'Li😀', code: 8 },
		]);
		expect(broken).toMatchObject({
			status: 'rejected',
			error: { code: 'INVALID_PARAMETER', message: expect.stringContaining('"name"') },
		});
		expect(whole.status).toBeUndefined();
	});

	it('rejects an item without a number', () => {
		const [recipient] = build([{ name: 'Li', code: 7 }]);
		expect(recipient).toMatchObject({ status: 'rejected', error: { code: 'INVALID_PHONE' } });
	});

	it('rejects a recipient whose placeholder has no value, naming the variable', () => {
		const [recipient] = build([{ phone: '13800138000', name: 'Li' }]);
		expect(recipient).toMatchObject({
			status: 'rejected',
			error: { code: 'MISSING_VARIABLE', message: 'Template variable "code" has no value' },
		});
	});

	it('skips a repeated number and points at the first recipient with it', () => {
		const recipients = build([
			{ phone: '13800138000', name: 'Li', code: 7, outId: 'first' },
			{ phone: '+86 138 0013 8000', name: 'Li', code: 7 },
		]);
		expect(recipients[1]).toMatchObject({
			status: 'skipped',
			outId: 'first',
			error: { code: 'DUPLICATE', message: 'Same number as item 0, which is sent once', retryable: false },
		});
	});

	it('sends a repeated number again when dedupe is off', () => {
		const recipients = build(
			[
				{ phone: '13800138000', name: 'Li', code: 7 },
				{ phone: '13800138000', name: 'Li', code: 8 },
			],
			{ dedupe: false },
		);
		expect(recipients.map((r) => r.status)).toEqual([undefined, undefined]);
	});

	it('does not count a rejected recipient as the first of its number', () => {
		const recipients = build([
			{ phone: '13800138000', name: 'Li' },
			{ phone: '13800138000', name: 'Li', code: 8 },
		]);
		expect(recipients.map((r) => r.status)).toEqual(['rejected', undefined]);
	});

	it('rejects an item whose parameters cannot be read, with the reason', () => {
		const fields = rowFields([{}, { phone: '13800138000', name: 'Li', code: 7 }]);
		const phoneExpressionFailing: ItemFields = {
			...fields,
			phones: (index) => {
				if (index === 0) throw new Error("Cannot read properties of undefined (reading 'mobile')");
				return fields.phones(index);
			},
		};
		const recipients = [...buildRecipients(2, phoneExpressionFailing, settings)];
		expect(recipients[0]).toMatchObject({
			itemIndex: 0,
			status: 'rejected',
			error: { code: 'INVALID_PARAMETER', message: "Cannot read properties of undefined (reading 'mobile')" },
		});
		expect(recipients[1]).toMatchObject({ key: 1, itemIndex: 1, phone: { e164: '+8613800138000' } });
		expect(recipients[1].status).toBeUndefined();
	});
});

describe('buildRecipients, lazily', () => {
	it('reads an item only when its recipients are asked for, keys counting in the order they come', () => {
		const rows = [
			{ phone: '13800138000,13900139000', name: 'Li', code: 7 },
			{ phone: '13700137000', name: 'Wang', code: 8 },
		];
		const read: number[] = [];
		const fields = rowFields(rows);
		const recording: ItemFields = {
			...fields,
			phones: (index) => {
				read.push(index);
				return fields.phones(index);
			},
		};
		const recipients = buildRecipients(rows.length, recording, settings);
		expect(read).toEqual([]);
		expect(recipients.next().value).toMatchObject({ key: 0, itemIndex: 0 });
		expect(read).toEqual([0]);
		expect(recipients.next().value).toMatchObject({ key: 1, itemIndex: 0 });
		expect(read).toEqual([0]);
		expect(recipients.next().value).toMatchObject({ key: 2, itemIndex: 1 });
		expect(read).toEqual([0, 1]);
		expect(recipients.next().done).toBe(true);
	});

	it('remembers every number for dedupe however far apart the repeats come', () => {
		const rows = Array.from({ length: 2500 }, (_, index) => ({
			phone: String(13_900_000_000 + (index % 2000)),
			name: 'Li',
			code: index,
		}));
		const recipients = [...buildRecipients(rows.length, rowFields(rows), settings)];
		expect(recipients.filter((recipient) => recipient.status === undefined)).toHaveLength(2000);
		expect(recipients[2499]).toMatchObject({
			status: 'skipped',
			duplicateOf: recipients[499],
			error: { code: 'DUPLICATE' },
		});
	});
});
