/**
 * SMS Reply Trigger, polled for real through n8n-core's PollContext against the loopback sandbox. Numbers
 * reply to the vendor (Sandbox.reply); the trigger's polls must hand every reply over exactly once, tell
 * opt-outs apart, and never consume anything for a test event.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { ProviderName } from '../../nodes/providers';
import { createPollTrigger, emitted, pollFailingHalfway, type PollTrigger } from '../helpers/poll';
import { mainlandNumber, VENDORS } from '../helpers/sms-campaign';
import { startSandbox, type RequestRecord, type Sandbox } from '../sandbox';

/** The destructive pull (or queue receive) a poll repeats until the replies are drained. */
const PULL_API: Record<ProviderName, { vendor: RequestRecord['vendor']; api: string }> = {
	aliyun: { vendor: 'aliyunMns', api: 'BatchReceiveMessage' },
	yunpian: { vendor: 'yunpian', api: '/v2/sms/pull_reply.json' },
	chuanglan: { vendor: 'chuanglan', api: '/msg/pull/mo' },
	tencent: { vendor: 'tencent', api: 'PullSmsReplyStatus' },
};

const REPLY_FIELDS = [
	'provider',
	'phone',
	'content',
	'receivedAt',
	'signName',
	'extendCode',
	'optOut',
	'optOutKeyword',
].sort();
const ISO_WITH_CHINA_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?\+08:00$/;

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ mnsTokenTtlSeconds: 2 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.setLatency(0);
});

function trigger(vendor: ProviderName, options: INodeParameters = {}, pollBudgetMs?: number): PollTrigger {
	return createPollTrigger({
		trigger: 'replies',
		pollBudgetMs,
		parameters: { provider: vendor, queueName: sandbox.aliyunReplyQueueName, options },
		credentials: sandbox.credentials,
	});
}

/** `count` numbers each reply once, with a text naming the number: `reply <n>`. */
function replyFrom(vendor: ProviderName, count: number): void {
	for (let index = 0; index < count; index++) {
		sandbox.reply(vendor, mainlandNumber(index), `reply ${index}`);
	}
}

const contentsOf = (replies: IDataObject[]) => replies.map((reply) => String(reply.content)).sort();
const expectedContents = (count: number) => Array.from({ length: count }, (_, index) => `reply ${index}`).sort();

describe.each(VENDORS.map((vendor) => vendor.provider))('%s', (vendor) => {
	const pullApi = PULL_API[vendor];

	test('emits every reply exactly once across polls', async () => {
		replyFrom(vendor, 250);
		const poller = trigger(vendor, { maxRepliesPerPoll: 100 });

		const perPoll: number[] = [];
		const all: IDataObject[] = [];
		for (let poll = 0; poll < 4; poll++) {
			const replies = emitted(await poller.poll());
			perPoll.push(replies.length);
			all.push(...replies);
		}

		expect(perPoll).toEqual([100, 100, 50, 0]);
		expect(contentsOf(all)).toEqual(expectedContents(250));
		expect(sandbox.pendingReplies(vendor)).toBe(0);
	});

	test('emits each reply in the one normalised shape', async () => {
		sandbox.reply(vendor, '13800138000', '收到，谢谢', { extendCode: '01' });

		const [reply] = emitted(await trigger(vendor).poll());

		expect(Object.keys(reply).sort()).toEqual(REPLY_FIELDS);
		expect(reply).toMatchObject({
			provider: vendor,
			phone: '+8613800138000',
			content: '收到，谢谢',
			optOut: false,
			optOutKeyword: '',
		});
		expect(reply.receivedAt).toMatch(ISO_WITH_CHINA_OFFSET);
		expect(String(reply.extendCode)).toMatch(/01$/);
		expect(String(reply.signName)).not.toMatch(/[【】]/);
	});

	test('tells opt-outs apart in either script, any case and full-width letters', async () => {
		const replies = ['r', ' TD ', 'Ｔｄ', '退订。', '拒收', 'STOP!', 'Unsubscribe', 'Reply later', '请不要退订我'];
		replies.forEach((content, index) => sandbox.reply(vendor, mainlandNumber(index), content));

		const byContent = new Map(emitted(await trigger(vendor).poll()).map((reply) => [reply.content, reply]));

		const keywordOf = (content: string) => byContent.get(content)?.optOutKeyword;
		expect(replies.map(keywordOf)).toEqual(['R', 'TD', 'TD', '退订', '拒收', 'stop', 'unsubscribe', '', '']);
		expect(replies.map((content) => byContent.get(content)?.optOut)).toEqual([...Array(7).fill(true), false, false]);
	});

	test('with Only Opt-Outs emits the opt-outs and still consumes the other replies', async () => {
		sandbox.reply(vendor, mainlandNumber(0), 'R');
		sandbox.reply(vendor, mainlandNumber(1), 'thanks');
		sandbox.reply(vendor, mainlandNumber(2), 'QUIT');
		const poller = trigger(vendor, { onlyOptOuts: true, optOutKeywords: 'R, quit' });

		const replies = emitted(await poller.poll());

		expect(replies.map((reply) => [reply.content, reply.optOutKeyword])).toEqual([
			['R', 'R'],
			['QUIT', 'quit'],
		]);
		expect(sandbox.pendingReplies(vendor)).toBe(0);
		expect(await poller.poll()).toBeNull();
	});

	test('a test event leaves the vendor and the trigger state untouched', async () => {
		replyFrom(vendor, 5);
		const poller = trigger(vendor);

		const preview = emitted(await poller.poll('manual'));

		expect(preview.length).toBeGreaterThan(0);
		expect(preview[0].testEventSource).toEqual(expect.any(String));
		expect(sandbox.pendingReplies(vendor)).toBe(5);
		expect(sandbox.requests(pullApi.vendor, pullApi.api)).toHaveLength(0);
		expect(sandbox.requests('aliyunMns', 'BatchDeleteMessage')).toHaveLength(0);
		expect(poller.staticData).toEqual({});
		expect(contentsOf(emitted(await poller.poll()))).toEqual(expectedContents(5));
	});

	test('emits the replies already pulled when a later pull of the same poll fails, and the rest next time', async () => {
		replyFrom(vendor, 400);
		const poller = trigger(vendor);

		const { partial, rest } = await pollFailingHalfway(sandbox, poller, pullApi);

		expect(partial.length).toBeGreaterThan(0);
		expect(partial.length).toBeLessThan(400);
		expect(poller.logs.some((entry) => entry.level === 'warn' && entry.message.includes('stopped early'))).toBe(true);
		expect(contentsOf([...partial, ...rest])).toEqual(expectedContents(400));
	});

	test("stops pulling once half of n8n's poll budget is spent; the next poll goes on", async () => {
		replyFrom(vendor, 120);
		// A budget already spent: each poll makes its first request only.
		const poller = trigger(vendor, {}, 0);

		const first = emitted(await poller.poll());
		const pullsOfFirst = sandbox.requests(pullApi.vendor, pullApi.api).length;
		const second = emitted(await poller.poll());

		expect(pullsOfFirst).toBe(1);
		expect(first.length).toBeLessThan(120);
		expect(second.length).toBeGreaterThan(0);
		expect(new Set(contentsOf([...first, ...second])).size).toBe(first.length + second.length);
	});
});

test('a pull request waits at most a quarter of the poll budget, whatever the Timeout option says', async () => {
	sandbox.injectFault('yunpian', { kind: 'hang' });
	const started = Date.now();

	const poll = trigger('yunpian', { timeout: 60_000 }, 4_000).poll();

	await expect(poll).rejects.toThrow(/\[TIMEOUT\]$/);
	expect(Date.now() - started).toBeLessThan(10_000);
});

describe('Aliyun reply queue', () => {
	test('deletes only replies it emitted, once every receive of the poll is over', async () => {
		replyFrom('aliyun', 100);

		const replies = emitted(await trigger('aliyun').poll());

		const receives = sandbox.requests('aliyunMns', 'BatchReceiveMessage').map((request) => request.at.getTime());
		const deletes = sandbox.requests('aliyunMns', 'BatchDeleteMessage').map((request) => request.at.getTime());
		expect(replies).toHaveLength(100);
		expect(deletes).toHaveLength(Math.ceil(100 / 16));
		expect(Math.min(...deletes)).toBeGreaterThanOrEqual(Math.max(...receives));
		expect(sandbox.pendingReplies('aliyun')).toBe(0);
	});

	test('a poll that fails before it can emit deletes nothing', async () => {
		replyFrom('aliyun', 20);
		sandbox.injectFault('aliyunMns', { kind: 'http5xx', api: 'BatchReceiveMessage', times: 8 });

		await expect(trigger('aliyun').poll()).rejects.toThrow('Could not pull replies');

		expect(sandbox.requests('aliyunMns', 'BatchDeleteMessage')).toHaveLength(0);
		expect(sandbox.pendingReplies('aliyun')).toBe(20);
	});

	test('a reply whose delete failed comes back from the queue but is not emitted again', async () => {
		const sandboxWithShortVisibility = await startSandbox({ aliyunMnsVisibilityTimeoutSeconds: 1 });
		try {
			for (let index = 0; index < 5; index++) {
				sandboxWithShortVisibility.reply('aliyun', mainlandNumber(index), `reply ${index}`);
			}
			const poller = createPollTrigger({
				trigger: 'replies',
				parameters: { provider: 'aliyun', queueName: sandboxWithShortVisibility.aliyunReplyQueueName },
				credentials: sandboxWithShortVisibility.credentials,
			});
			sandboxWithShortVisibility.injectFault('aliyunMns', { kind: 'http5xx', api: 'BatchDeleteMessage' });

			const first = emitted(await poller.poll());
			await new Promise((resolve) => setTimeout(resolve, 1100));
			const second = await poller.poll();

			expect(contentsOf(first)).toEqual(expectedContents(5));
			expect(second).toBeNull();
			expect(sandboxWithShortVisibility.pendingReplies('aliyun')).toBe(0);
		} finally {
			await sandboxWithShortVisibility.close();
		}
	});

	test('without a queue name explains where to find it', async () => {
		const poller = createPollTrigger({
			trigger: 'replies',
			parameters: { provider: 'aliyun' },
			credentials: sandbox.credentials,
		});

		await expect(poller.poll()).rejects.toThrow(/Queue Name.*SmsUp/);
	});
});

describe('errors', () => {
	test('a test event with nothing waiting says which source it looked at', async () => {
		const error = await trigger('yunpian')
			.poll('manual')
			.then(
				() => undefined,
				(reason: Error) => reason,
			);

		expect(error?.message).toBe('No replies are waiting');
		expect((error as { description?: string }).description).toContain('get_reply');
	});
});

describe('test events', () => {
	test('show one vendor page of what is waiting, however much the trigger would take in a poll', async () => {
		replyFrom('yunpian', 250);

		const preview = emitted(await trigger('yunpian').poll('manual'));

		expect(preview).toHaveLength(100);
		expect(sandbox.requests('yunpian', '/v2/sms/get_reply.json')).toHaveLength(1);
		expect(sandbox.pendingReplies('yunpian')).toBe(250);
	});
});

describe.each(['chuanglan', 'tencent'] as const)('%s, which gives replies no id', (vendor) => {
	test('emits the same answer sent twice in the same second from one number twice', async () => {
		const receivedAt = new Date('2026-12-01T02:00:00Z');
		sandbox.reply(vendor, mainlandNumber(0), 'R', { receivedAt });
		sandbox.reply(vendor, mainlandNumber(0), 'R', { receivedAt });

		const replies = emitted(await trigger(vendor).poll());

		expect(replies.map((reply) => reply.content)).toEqual(['R', 'R']);
	});
});
