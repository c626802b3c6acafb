/** Telling an opt-out (a reply of R, TD, 退订 …) from any other reply. */

/** What recipients in mainland China reply to stop marketing messages, and the English equivalents. */
export const DEFAULT_OPT_OUT_KEYWORDS = 'R, TD, T, N, 退订, 拒收, 取消, unsubscribe, stop';

/** Commas, full-width commas and the enumeration comma (、) separate keywords. */
const KEYWORD_SEPARATORS = /[,，、]/;
/** Spaces, punctuation and symbols around a reply ("R。", " TD!", "退订～") do not change what it says. */
const SURROUNDING = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/**
 * A reply or keyword in one comparable form: full-width letters and spaces as their half-width forms
 * (NFKC: "ＴＤ" is "TD"), trimmed of spaces and punctuation, case-folded.
 */
function comparable(text: string): string {
	return text.normalize('NFKC').replace(SURROUNDING, '').toLowerCase();
}

/**
 * A function that names the keyword a reply is, as the user wrote it in the list, or '' when the reply is
 * not an opt-out. A reply is an opt-out when it is one of the keywords, not when it merely contains one.
 */
export function optOutMatcher(keywordList: string): (content: string) => string {
	const keywords = new Map<string, string>();
	for (const keyword of keywordList.split(KEYWORD_SEPARATORS)) {
		const key = comparable(keyword);
		if (key !== '' && !keywords.has(key)) keywords.set(key, keyword.trim());
	}
	return (content) => keywords.get(comparable(content)) ?? '';
}
