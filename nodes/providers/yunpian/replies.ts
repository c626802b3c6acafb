/**
 * Replies (上行短信) from the destructive pull_reply; a manual test event searches the last day's replies
 * with get_reply instead, which consumes nothing. Both answer rows of `{id, mobile, text, reply_time, extend,
 * base_extend, _sign}` [docs/protocols/yunpian.md "Replies"].
 */
import { chinaTimeToIso } from '../shared/chinaTime';
import { textOf, type JsonObject } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import { acknowledgeNothing, destructivePull, readNumberedPages } from '../shared/paging';
import type { PullOptions, Reply, ReplyPull, RequestSettings } from '../types';
import type { YunpianClient } from './client';
import { lastDayWindow, rowsOf } from './status';

/** pull_reply and get_reply return at most 100 replies per call. */
const PAGE_LIMIT = 100;

export async function pullYunpianReplies(
	client: YunpianClient,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReplyPull> {
	if (options.peek) {
		const window = lastDayWindow();
		const rows = await readNumberedPages(
			async (pageNumber) => {
				const fields = { ...window, page_num: String(pageNumber), page_size: String(PAGE_LIMIT) };
				const page = rowsOf(await client.post('/v2/sms/get_reply.json', fields, settings, false));
				return { rows: page, kept: page };
			},
			{ pageSize: PAGE_LIMIT, max: options.max },
		);
		return { events: rows.map(reply), source: 'get_reply (non-destructive preview)', acknowledge: acknowledgeNothing };
	}
	return await destructivePull('pull_reply', options, PAGE_LIMIT, async (pageSize) => {
		const fields = { page_size: String(pageSize) };
		return rowsOf(await client.post('/v2/sms/pull_reply.json', fields, settings, false)).map(reply);
	});
}

function reply(row: JsonObject): Reply {
	return {
		provider: 'yunpian',
		phone: mobileToE164(row.mobile),
		content: textOf(row.text),
		receivedAt: chinaTimeToIso(row.reply_time),
		signName: textOf(row._sign).replace(/^【|】$/g, ''),
		// The extension the send passed (`extend`); base_extend is the one Yunpian assigned the account.
		extendCode: textOf(row.extend),
		replyId: textOf(row.id),
	};
}
