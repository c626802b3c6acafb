/*
 * Aliyun replies (上行短信): the SmsUp messages of the account's Alicom queue `Alicom-Queue-<accountId>-SmsUp`
 * (protocol and sources in queue.ts).
 *
 * Message body: SmsUp JSON {phone_number, content, sign_name (e.g. 【阿里云】), send_time (yyyyMMddHHmmss, e.g.
 *   20150101120000), dest_code (the extension code), sequence_id (a number)}.
 *   [cbony/dysms cn.zh-CN/API参考/回执消息/MNS消息队列消费模式/上行短信消息（SmsUp）.md]
 */
import { chinaTimeToIso } from '../shared/chinaTime';
import { textOf } from '../shared/fields';
import { mobileToE164 } from '../shared/mobile';
import type { PullOptions, Reply, ReplyPull, RequestSettings } from '../types';
import type { AliyunClients } from './client';
import { pullQueue, type QueueKind } from './queue';

const REPLIES: QueueKind<Reply> = {
	messageType: 'SmsUp',
	missingQueueName:
		'Aliyun delivers replies through a message queue: set Queue Name to the queue shown in the SMS console (Alicom-Queue-<accountId>-SmsUp) after enabling reply (上行短信) delivery by message queue.',
	toEvent: (reply, message) => ({
		provider: 'aliyun',
		phone: mobileToE164(reply.phone_number),
		content: textOf(reply.content),
		receivedAt: chinaTimeToIso(reply.send_time),
		signName: textOf(reply.sign_name).replace(/^【|】$/g, ''),
		extendCode: textOf(reply.dest_code),
		// The sequence id identifies the reply; the queue message id stands in where it is missing.
		replyId: textOf(reply.sequence_id) || message.messageId,
	}),
};

export async function pullAliyunReplies(
	clients: AliyunClients,
	queueName: string | undefined,
	options: PullOptions,
	settings: RequestSettings,
): Promise<ReplyPull> {
	return await pullQueue(clients, REPLIES, queueName, options, settings);
}
