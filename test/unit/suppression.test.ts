import { readSuppressedNumbers, SuppressionListError } from '../../nodes/campaign/suppression';

describe('readSuppressedNumbers', () => {
	it('reads a mainland number in every written form as the same number', () => {
		const keys = readSuppressedNumbers(['13800138000', '+86 138 0013 8000', '0086-13800138000', 8613800138000], 'CN');

		expect([...keys]).toEqual(['13800138000']);
	});

	it('reads a text of numbers separated by commas, full-width commas and new lines', () => {
		const keys = readSuppressedNumbers('13800138000, 13900139000\n+85261234567，13700137000\r\n', 'CN');

		expect([...keys].sort()).toEqual(['+85261234567', '13700137000', '13800138000', '13900139000']);
	});

	it('skips empty entries, as blank cells of a table give', () => {
		expect([...readSuppressedNumbers(['', null, '  ', '13800138000', undefined], 'CN')]).toEqual(['13800138000']);
	});

	it('reads nothing from an empty option', () => {
		expect(readSuppressedNumbers('', 'CN').size).toBe(0);
		expect(readSuppressedNumbers(undefined, 'CN').size).toBe(0);
	});

	it('refuses an entry that is not a phone number, naming it and its place', () => {
		expect(() => readSuppressedNumbers(['13800138000', 'call me'], 'CN')).toThrow(
			new SuppressionListError('Entry 2: "call me" is not a valid phone number'),
		);
	});

	it('refuses whole items in place of numbers, saying how to map them to their phone field', () => {
		expect(() => readSuppressedNumbers([{ phone: '13800138000' }], 'CN')).toThrow(/map the list to its phone field/);
	});
});
