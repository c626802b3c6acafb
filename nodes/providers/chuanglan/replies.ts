/**
 * Replies (上行短信) from the destructive /msg/pull/mo: `{account, password, count}` (at most 100) →
 * `{ret, error, result: [{moTime, spCode, mobile, destCode, messageContent}]}` — reply time, the platform's
 * channel code, the sender's number, the carrier channel code (the number replied to, extension included)
 * and the text [docs/protocols/chuanglan.md "Replies"; cl253/chuanglan253-java SmsPullResponse.java]. The
 * format of moTime is not documented: China-time stamps and epoch milliseconds are both read.
 */
import { chinaIso, chinaTimeToIso } from '../shared/chinaTime';
import { textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type { PullOptions, Reply, ReplyPull, RequestSettings } from '../types';
import type { ChuanglanClient } from './client';
import { pullChuanglanEvents } from './pull';

const EPOCH_MILLISECONDS = /^\d{13}$/;

export async function pullChuanglanReplies(
	client: ChuanglanClient,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReplyPull> {
	return await pullChuanglanEvents(
		client,
		{
			path: '/msg/pull/mo',
			pageLimit: 100,
			toEvent: chuanglanReply,
			sample: sampleReply,
			sampleSource: 'sample reply (Chuanglan pull is destructive)',
		},
		options,
		settings,
	);
}

function chuanglanReply(row: JsonObject): Reply {
	const moTime = textOf(row.moTime).trim();
	return {
		provider: 'chuanglan',
		phone: mobileToE164(row.mobile),
		content: textOf(row.messageContent),
		receivedAt: EPOCH_MILLISECONDS.test(moTime) ? chinaIso(new Date(Number(moTime))) : chinaTimeToIso(moTime),
		// Replies name no signature; the number replied to tells the campaigns apart.
		signName: '',
		extendCode: textOf(row.destCode),
		replyId: '',
	};
}

/** What a manual "fetch test event" shows: the real pull would delete replies at Chuanglan. */
function sampleReply(now: Date): Reply {
	return {
		provider: 'chuanglan',
		phone: '+8613800000000',
		content: 'R',
		receivedAt: chinaIso(now),
		signName: '',
		extendCode: '',
		replyId: '',
	};
}
