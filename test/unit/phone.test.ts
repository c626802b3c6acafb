import { parsePhone, splitPhoneList } from '../../nodes/campaign/phone';

describe('parsePhone', () => {
	it.each(['13800138000', '+8613800138000', '008613800138000', '8613800138000', '138 0013 8000', '138-0013-8000'])(
		'normalises the mainland mobile %s to E.164',
		(raw) => {
			expect(parsePhone(raw, 'CN')).toEqual({
				valid: true,
				phone: { e164: '+8613800138000', countryCode: '86', nationalNumber: '13800138000', isMainland: true },
			});
		},
	);

	it('keeps an international number in E.164 with its country code', () => {
		expect(parsePhone('+85291234567', 'CN')).toEqual({
			valid: true,
			phone: { e164: '+85291234567', countryCode: '852', nationalNumber: '91234567', isMainland: false },
		});
	});

	it('reads 00-prefixed international numbers', () => {
		const result = parsePhone('00447911123456', 'CN');
		expect(result.valid && result.phone.e164).toBe('+447911123456');
	});

	it('applies the default country to numbers without a prefix', () => {
		const result = parsePhone('(415) 555-2671', 'US');
		expect(result.valid && result.phone.e164).toBe('+14155552671');
	});

	it('does not take a bare 11-digit number for a mainland one when the default country is elsewhere', () => {
		expect(parsePhone('13800138000', 'US').valid).toBe(false);
	});

	it.each(['abc13900000000', '13900000000abc', 'mobile: 13900000000'])(
		'rejects %s instead of picking a number out of the text',
		(raw) => {
			expect(parsePhone(raw, 'CN')).toEqual({ valid: false, reason: `"${raw}" is not a valid phone number` });
		},
	);

	it('rejects a number that is too short and names it', () => {
		expect(parsePhone('12345', 'CN')).toEqual({ valid: false, reason: '"12345" is not a valid phone number' });
	});

	it('rejects a mainland fixed line because it cannot receive SMS', () => {
		const result = parsePhone('+86 21 1234 5678', 'CN');
		expect(result).toEqual({ valid: false, reason: '"+86 21 1234 5678" is not a mobile number (fixed line)' });
	});

	it('rejects an empty number', () => {
		expect(parsePhone('  ', 'CN')).toEqual({ valid: false, reason: 'The phone number is empty' });
	});
});

describe('splitPhoneList', () => {
	it('splits on ASCII and full-width commas and semicolons, trimming blanks', () => {
		expect(splitPhoneList('13800138000, 13900139000，13700137000;;')).toEqual([
			'13800138000',
			'13900139000',
			'13700137000',
		]);
	});

	it('accepts a number value and an array', () => {
		expect(splitPhoneList(13800138000)).toEqual(['13800138000']);
		expect(splitPhoneList(['13800138000', 13900139000])).toEqual(['13800138000', '13900139000']);
	});

	it('gives nothing for a missing field', () => {
		expect(splitPhoneList(undefined)).toEqual([]);
		expect(splitPhoneList(null)).toEqual([]);
	});
});
