import { isInQuietHours, minutesOfDay } from '../../nodes/campaign/quietHours';

const shanghai = (clock: string) => new Date(`2026-03-10T${clock}:00+08:00`);

describe('isInQuietHours', () => {
	const overnight = { start: '21:00', end: '08:00', timeZone: 'Asia/Shanghai' };

	it('is quiet late in the evening and early in the morning of a window past midnight', () => {
		expect(isInQuietHours(shanghai('21:00'), overnight)).toBe(true);
		expect(isInQuietHours(shanghai('23:59'), overnight)).toBe(true);
		expect(isInQuietHours(shanghai('07:59'), overnight)).toBe(true);
	});

	it('is not quiet during the day, the end minute included', () => {
		expect(isInQuietHours(shanghai('08:00'), overnight)).toBe(false);
		expect(isInQuietHours(shanghai('20:59'), overnight)).toBe(false);
	});

	it("reads the clock in the window's time zone", () => {
		// 13:00 UTC is 21:00 in Shanghai but 14:00 in London (CET+0 in March).
		const now = new Date('2026-03-10T13:00:00Z');
		expect(isInQuietHours(now, overnight)).toBe(true);
		expect(isInQuietHours(now, { ...overnight, timeZone: 'Europe/London' })).toBe(false);
	});

	it('handles a window within one day', () => {
		const lunch = { start: '12:00', end: '13:30', timeZone: 'Asia/Shanghai' };
		expect(isInQuietHours(shanghai('12:45'), lunch)).toBe(true);
		expect(isInQuietHours(shanghai('13:30'), lunch)).toBe(false);
	});

	it('refuses a time that is not HH:mm', () => {
		expect(() => isInQuietHours(shanghai('12:00'), { ...overnight, start: '9pm' })).toThrow(RangeError);
	});
});

describe('minutesOfDay', () => {
	it('reads HH:mm and H:mm', () => {
		expect(minutesOfDay('21:30')).toBe(1290);
		expect(minutesOfDay('8:05')).toBe(485);
		expect(minutesOfDay('24:00')).toBeUndefined();
	});
});
