/**
 * Yunpian multi_send's `text` field: each text percent-encoded on its own, the list joined by commas, and
 * the whole encoded again as a form value (docs/protocols/yunpian.md#multi-send).
 */
/** Characters encodeURIComponent leaves as they are: A–Z a–z 0–9 - _ . ! ~ * ' ( ). */
const UNRESERVED = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
	UNRESERVED[char.charCodeAt(0)] = 1;
const HEX_DIGITS = Buffer.from('0123456789ABCDEF');
const [PERCENT, DIGIT_2, DIGIT_5, LETTER_C] = Buffer.from('%25C');
const REPLACEMENT_CHARACTER = 0xfffd;

/**
 * A list of texts, each percent-encoded on its own and joined by commas, as a form value: exactly
 * `encodeURIComponent(texts.map(encodeURIComponent).join(','))` (a lone surrogate becomes U+FFFD
 * instead of an exception). Yunpian's multi_send wants its texts so (docs/protocols/yunpian.md#multi-send). Encoded in one
 * pass over the texts' characters, straight into bytes: for a 1,000-text call that is several times
 * faster than encoding twice, and it makes no strings at all (twice encoding makes a thousand, then two
 * copies of a ~300 KB body), which matters on a campaign's one thread and to its garbage collector.
 */
export function encodedTextList(texts: string[]): Buffer {
	let units = 0;
	for (const text of texts) units += text.length;
	// A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair 4), each byte at most 5 (`%25XX`); a comma 3.
	const target = Buffer.allocUnsafe(units * 15 + 3 * texts.length);
	let written = 0;
	/** One UTF-8 byte of a character that is escaped: `%25` and its two hex digits. */
	const escape = (byte: number) => {
		target[written++] = PERCENT;
		target[written++] = DIGIT_2;
		target[written++] = DIGIT_5;
		target[written++] = HEX_DIGITS[byte >> 4];
		target[written++] = HEX_DIGITS[byte & 0x0f];
	};
	for (let index = 0; index < texts.length; index++) {
		if (index > 0) {
			target[written++] = PERCENT;
			target[written++] = DIGIT_2;
			target[written++] = LETTER_C;
		}
		const text = texts[index];
		for (let unit = 0; unit < text.length; unit++) {
			let code = text.charCodeAt(unit);
			if (code < 0x80) {
				if (UNRESERVED[code] === 1) target[written++] = code;
				else escape(code);
			} else if (code < 0x800) {
				escape(0xc0 | (code >> 6));
				escape(0x80 | (code & 0x3f));
			} else if (code >= 0xd800 && code <= 0xdfff) {
				const low = text.charCodeAt(unit + 1);
				if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
					const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
					unit++;
					escape(0xf0 | (point >> 18));
					escape(0x80 | ((point >> 12) & 0x3f));
					escape(0x80 | ((point >> 6) & 0x3f));
					escape(0x80 | (point & 0x3f));
					continue;
				}
				code = REPLACEMENT_CHARACTER;
				escape(0xe0 | (code >> 12));
				escape(0x80 | ((code >> 6) & 0x3f));
				escape(0x80 | (code & 0x3f));
			} else {
				escape(0xe0 | (code >> 12));
				escape(0x80 | ((code >> 6) & 0x3f));
				escape(0x80 | (code & 0x3f));
			}
		}
	}
	return target.subarray(0, written);
}
