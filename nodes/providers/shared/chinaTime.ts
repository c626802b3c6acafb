/** China time (UTC+8), in which every vendor here writes its timestamps. */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), the format Yunpian's query windows use. */
export function formatChinaTime(date: Date): string {
	return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const CHINA_TIME_FORMATS: RegExp[] = [
	// yyyy-MM-dd HH:mm[:ss] (Yunpian)
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/,
	// yyyyMMddHHmmss (Chuanglan send `time`)
	/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/,
	// yyMMddHHmm[ss] (Chuanglan reportTime / notifyTime)
	/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/,
];

/** A vendor's China-time timestamp as ISO 8601 with `+08:00`; '' when absent or unreadable. */
export function chinaTimeToIso(value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value).trim();
	for (const format of CHINA_TIME_FORMATS) {
		const match = format.exec(text);
		if (!match) continue;
		const [, year, month, day, hour, minute, second] = match;
		const fullYear = year.length === 2 ? `20${year}` : year;
		return `${fullYear}-${month}-${day}T${hour}:${minute}:${second ?? '00'}+08:00`;
	}
	return '';
}

/** A moment as ISO 8601 in China time with `+08:00`, for vendors that give epoch times. */
export function chinaIso(date: Date): string {
	return `${formatChinaTime(date).replace(' ', 'T')}+08:00`;
}
