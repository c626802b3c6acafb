import type { IDataObject } from 'n8n-workflow';

import type { Reply, RequestSettings, SmsProvider } from '../providers';
import type { EventPoll } from '../triggers/pollEvents';
import { eventKey } from '../triggers/seenKeys';
import { optOutMatcher } from './optOut';

/** Where the trigger keeps the keys of the replies it emitted (a saved workflow's static data). */
const STATE_KEY = 'seenReplyKeys';

/**
 * The key of each reply of one pull, in the order they are offered. A reply is the same reply when the
 * vendor gives it the same id. Without one (Chuanglan, Tencent), a reply is its number, time and text,
 * counted within the pull: the same short answer twice in the same second from one number is two replies,
 * and a destructive pull never offers a reply again.
 */
function replyKeys(): (reply: Reply) => string {
	const occurrences = new Map<string, number>();
	return (reply) => {
		if (reply.replyId) return eventKey(`${reply.provider}|id|${reply.replyId}`);
		const identity = `${reply.provider}|${reply.phone}|${reply.receivedAt}|${reply.content}`;
		const occurrence = (occurrences.get(identity) ?? 0) + 1;
		occurrences.set(identity, occurrence);
		return eventKey(`${identity}|${occurrence}`);
	};
}

/** The reply trigger's poll: every reply once, marked as an opt-out or not; only opt-outs on request. */
export function replyPoll(
	provider: SmsProvider,
	settings: { max: number; onlyOptOuts: boolean; optOutKeywords: string; request: RequestSettings },
): EventPoll<Reply> {
	const optOutKeyword = optOutMatcher(settings.optOutKeywords);
	return {
		pull: async (options) => await provider.pullReplies(options, settings.request),
		max: settings.max,
		stateKey: STATE_KEY,
		key: replyKeys(),
		output: (reply) => {
			const output = toOutput(reply, optOutKeyword(reply.content));
			return settings.onlyOptOuts && !output.optOut ? undefined : output;
		},
		words: {
			events: 'replies',
			waitFor: 'Reply to a message from a phone, wait a moment and fetch again.',
			enable: 'reply (上行短信) pulling is enabled for the account.',
		},
	};
}

/** Exactly the trigger's public output shape. */
function toOutput(reply: Reply, optOutKeyword: string): IDataObject {
	return {
		provider: reply.provider,
		phone: reply.phone,
		content: reply.content,
		receivedAt: reply.receivedAt,
		signName: reply.signName,
		extendCode: reply.extendCode,
		optOut: optOutKeyword !== '',
		optOutKeyword,
	};
}
