export interface QuietHours {
	/** `HH:mm`, local time in `timeZone`. */
	start: string;
	/** `HH:mm`; earlier than `start` means the window runs past midnight (e.g. 21:00–08:00). */
	end: string;
	/** IANA time zone, e.g. `Asia/Shanghai`. */
	timeZone: string;
}

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight for `HH:mm`, or undefined when the text is not a time of day. */
export function minutesOfDay(clock: string): number | undefined {
	const match = CLOCK_TIME.exec(clock.trim());
	return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Whether `now` falls inside the window (start inclusive, end exclusive) in the window's time zone. */
export function isInQuietHours(now: Date, window: QuietHours): boolean {
	const start = minutesOfDay(window.start);
	const end = minutesOfDay(window.end);
	if (start === undefined || end === undefined) {
		throw new RangeError(`Quiet hours need times like 21:00, got "${window.start}" to "${window.end}"`);
	}
	const local = localMinutes(now, window.timeZone);
	if (start === end) return false;
	return start < end ? local >= start && local < end : local >= start || local < end;
}

/** Made once per time zone: making one takes most of a millisecond, before a campaign's first call. */
const clocks = new Map<string, Intl.DateTimeFormat>();

function localMinutes(now: Date, timeZone: string): number {
	let clock = clocks.get(timeZone);
	if (!clock) {
		clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
		clocks.set(timeZone, clock);
	}
	const parts = clock.formatToParts(now);
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return part('hour') * 60 + part('minute');
}
