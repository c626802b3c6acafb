/** The frame of a handset text: 【signature】 in front, the opt-out sentence at the end. */

/** 【signName】 + content, unless the content already carries its own 【signature】. */
export function withSignature(signName: string, content: string): string {
	return startsWithSignature(content) || signName === '' ? content : `【${signName}】${content}`;
}

const LEADING_SIGNATURE = /^【[^】]+】/;

export function startsWithSignature(content: string): boolean {
	return LEADING_SIGNATURE.test(content);
}

export function stripSignature(content: string): string {
	return content.replace(LEADING_SIGNATURE, '');
}

/** 【signature】 + text + opt-out sentence, each added unless the text already has it: the handset text. */
export function framedText(text: string, signName: string, optOutSuffix: string | undefined): string {
	return withOptOut(withSignature(signName, text), optOutSuffix);
}

/** Appends the opt-out sentence unless the text already ends with it. */
export function withOptOut(text: string, optOutSuffix: string | undefined): string {
	return optOutSuffix && !text.endsWith(optOutSuffix) ? text + optOutSuffix : text;
}
