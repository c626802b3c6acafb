/**
 * Tencent templates: numbered placeholders `{1}`, `{2}`, … filled from one TemplateParamSet, and their
 * review state from DescribeSmsTemplateList (docs/protocols/tencent.md#templates).
 */
import { asObject, textOf, type JsonObject } from '../shared/fields';
import {
	VendorError,
	type RequestSettings,
	type TemplateInfo,
	type TemplateStatus,
	type TemplateSyntax,
} from '../types';
import type { TencentClient } from './client';

const PLACEHOLDER = /\{(\d+)\}/g;

/**
 * Each `{n}` takes the variable named `n`. Tencent puts the 【signature】 in front itself; the opt-out
 * sentence of a marketing text is part of its approved template.
 */
export const TENCENT_SYNTAX: TemplateSyntax = { placeholder: PLACEHOLDER, appendsOptOut: false };

/** The placeholder numbers, each once, in number order: the order of the TemplateParamSet values. */
export function templateVariables(content: string): string[] {
	const numbers = new Set([...content.matchAll(PLACEHOLDER)].map((match) => Number(match[1])));
	return [...numbers].sort((a, b) => a - b).map(String);
}

/** StatusCode: 0 approved and in effect, 1 under review, 2 approved but not yet in effect, -1 rejected. */
export const REVIEW_STATUS: Record<string, TemplateStatus> = {
	'0': 'approved',
	'1': 'pending',
	'2': 'pending',
	'-1': 'rejected',
};

export const NOT_YET_IN_EFFECT = 'Approved, but not in effect yet; it can be used once Tencent Cloud activates it.';

/** The review reason Tencent gives, or why an approved row is not usable yet. */
export function reviewReason(row: JsonObject): string {
	return textOf(row.StatusCode) === '2' ? NOT_YET_IN_EFFECT : textOf(row.ReviewReply);
}

/** Domestic templates first, then international (and hybrid) ones: a TemplateId is in one of them. */
const MARKETS = [0, 1];

export async function getTencentTemplate(
	client: TencentClient,
	templateId: string,
	settings: RequestSettings,
): Promise<TemplateInfo> {
	const id = templateId.trim();
	if (!/^\d+$/.test(id)) {
		throw new VendorError({
			code: 'INVALID_TEMPLATE_ID',
			message: `"${templateId}" is not a Tencent Cloud TemplateId: they are numbers such as 1234567, listed in the SMS console under Body Templates.`,
			retryable: false,
			maybeSent: false,
		});
	}
	for (const international of MARKETS) {
		const answer = await client.call(
			'DescribeSmsTemplateList',
			{ International: international, TemplateIdSet: [Number(id)] },
			settings,
			false,
		);
		const rows = Array.isArray(answer.DescribeTemplateStatusSet) ? answer.DescribeTemplateStatusSet.map(asObject) : [];
		const row = rows.find((candidate) => textOf(candidate.TemplateId) === id);
		if (row) return templateInfo(id, row);
	}
	throw new VendorError({
		code: 'TEMPLATE_NOT_FOUND',
		message: `This Tencent Cloud account has no template ${id}, domestic or international. Check the TemplateId in the SMS console.`,
		retryable: false,
		maybeSent: false,
	});
}

function templateInfo(templateId: string, row: JsonObject): TemplateInfo {
	const content = textOf(row.TemplateContent);
	return {
		templateId,
		status: REVIEW_STATUS[textOf(row.StatusCode)] ?? 'pending',
		reason: reviewReason(row),
		content,
		variables: templateVariables(content),
		positional: true,
		checkedLocally: false,
	};
}
