import { billingParts, fillVariables, variableText } from '../../nodes/campaign/template';

describe('billingParts', () => {
	it('counts up to 70 characters as one part', () => {
		expect(billingParts('【签名】' + 'a'.repeat(66))).toBe(1);
	});

	it('counts 67 characters per part beyond 70', () => {
		expect(billingParts('x'.repeat(71))).toBe(2);
		expect(billingParts('x'.repeat(134))).toBe(2);
		expect(billingParts('x'.repeat(135))).toBe(3);
	});

	it('counts an emoji as two characters, as carriers do in UCS-2', () => {
		expect(billingParts('x'.repeat(68) + '😀')).toBe(1);
		expect(billingParts('x'.repeat(69) + '😀')).toBe(2);
	});
});

describe('variableText', () => {
	it('turns numbers, booleans, dates and objects into strings', () => {
		expect(variableText(42)).toBe('42');
		expect(variableText(false)).toBe('false');
		expect(variableText(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
		expect(variableText({ a: 1 })).toBe('{"a":1}');
	});

	it('keeps commas, quotes and emoji as they are', () => {
		expect(variableText('a,b;"c" 😀')).toBe('a,b;"c" 😀');
	});

	it('treats null, undefined and the empty string as no value', () => {
		expect(variableText(null)).toBeUndefined();
		expect(variableText(undefined)).toBeUndefined();
		expect(variableText('')).toBeUndefined();
	});
});

describe('fillVariables', () => {
	it('fills every placeholder by name', () => {
		const values: Record<string, unknown> = { name: 'Li', code: 1234, extra: 'ignored' };
		expect(fillVariables(['name', 'code'], (name) => values[name])).toEqual({
			complete: true,
			variables: { name: 'Li', code: '1234' },
		});
	});

	it('names the first placeholder without a value', () => {
		const values: Record<string, unknown> = { name: 'Li', code: '' };
		expect(fillVariables(['name', 'code', 'time'], (name) => values[name])).toEqual({
			complete: false,
			missing: 'code',
		});
	});

	it('passes each placeholder its slot for positional templates', () => {
		const slots = ['first', 'second'];
		expect(fillVariables(['var1', 'var2'], (_name, slot) => slots[slot])).toEqual({
			complete: true,
			variables: { var1: 'first', var2: 'second' },
		});
	});
});
