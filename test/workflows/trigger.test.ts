/**
 * SMS Delivery Receipt Trigger, polled for real through n8n-core's PollContext against the loopback
 * sandbox. Messages are sent with the SMS Campaign node (Send Batch), delivered by the sandbox, and the
 * trigger's polls must hand every receipt over exactly once.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { receiptKey } from '../../nodes/SmsDeliveryReceiptTrigger/pollReceipts';
import { SeenKeys } from '../../nodes/triggers/seenKeys';
import type { ProviderName, Receipt } from '../../nodes/providers';
import { createPollTrigger, emitted, pollFailingHalfway, type PollTrigger } from '../helpers/poll';
import { jsonOf, mainlandNumber, runSmsCampaign, VENDORS, type VendorCase } from '../helpers/sms-campaign';
import { startSandbox, type Sandbox } from '../sandbox';

const RECEIPT_FIELDS = [
	'provider',
	'phone',
	'status',
	'vendorStatus',
	'errorCode',
	'errorMessage',
	'messageId',
	'outId',
	'sentAt',
	'reportedAt',
	'parts',
];
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ mnsTokenTtlSeconds: 2 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.setLatency(0);
	for (const vendor of VENDORS) vendor.define(sandbox);
});

/** Sends to `count` distinct numbers with Send Batch; returns `messageId|phone` of every accepted message. */
async function send(vendor: VendorCase, count: number): Promise<string[]> {
	const items = Array.from({ length: count }, (_, index) => ({
		phone: mainlandNumber(index),
		name: `用户${index}`,
		code: String(100_000 + index),
	}));
	const { outputs, error } = await runSmsCampaign(sandbox, { vendor, operation: 'sendBatch', items });
	expect(error).toBeUndefined();
	const accepted = jsonOf(outputs[0]).filter((json) => json.status === 'accepted');
	expect(accepted).toHaveLength(count);
	return keysOf(accepted);
}

function trigger(vendor: ProviderName, options: INodeParameters = {}): PollTrigger {
	return createPollTrigger({
		parameters: { provider: vendor, queueName: sandbox.aliyunQueueName, options },
		credentials: sandbox.credentials,
	});
}

function keysOf(receipts: IDataObject[]): string[] {
	return receipts.map((receipt) => `${String(receipt.messageId)}|${String(receipt.phone)}`);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(outcome).toBeInstanceOf(Error);
	return outcome as Error;
}

describe.each(VENDORS)('$provider', (vendorCase) => {
	const vendor = vendorCase.provider;
	const pullApi = vendorCase.receipts.pull;

	test('drains a backlog of 1,000 receipts over several polls, each exactly once', async () => {
		const sent = await send(vendorCase, 1000);
		expect(sandbox.deliver()).toBe(1000);
		const poller = trigger(vendor, { maxReceiptsPerPoll: 300 });

		const perPoll: number[] = [];
		const all: IDataObject[] = [];
		for (let poll = 0; poll < 5; poll++) {
			const receipts = emitted(await poller.poll());
			perPoll.push(receipts.length);
			all.push(...receipts);
		}

		expect(perPoll).toEqual([300, 300, 300, 100, 0]);
		expect(new Set(keysOf(all)).size).toBe(1000);
		expect(keysOf(all).sort()).toEqual([...sent].sort());
		expect(sandbox.pendingReceipts(vendor)).toBe(0);
	});

	test('emits each receipt in the one normalised shape', async () => {
		const [sentKey] = await send(vendorCase, 1);
		sandbox.deliver();

		const [receipt] = emitted(await trigger(vendor).poll());

		expect(Object.keys(receipt).sort()).toEqual([...RECEIPT_FIELDS].sort());
		expect(receipt).toMatchObject({ provider: vendor, status: 'delivered', errorCode: '' });
		expect(keysOf([receipt])).toEqual([sentKey]);
		expect(receipt.reportedAt).toMatch(ISO_WITH_OFFSET);
	});

	test('emits a receipt the vendor repeats only once, across polls too', async () => {
		await send(vendorCase, 20);
		sandbox.deliver({ duplicate: true });
		const poller = trigger(vendor, { maxReceiptsPerPoll: 25 });

		const first = emitted(await poller.poll());
		const second = emitted(await poller.poll());
		const third = await poller.poll();

		expect(new Set(keysOf([...first, ...second])).size).toBe(20);
		expect(first.length + second.length).toBe(20);
		expect(third).toBeNull();
	});

	test('returns null, not an empty item, when nothing is waiting', async () => {
		expect(await trigger(vendor).poll()).toBeNull();
	});

	test('filters by delivery status and still consumes the other receipts', async () => {
		await send(vendorCase, 10);
		sandbox.deliver({ fail: (message) => Number(message.phone.slice(-1)) % 2 === 1 });
		const poller = trigger(vendor, { statusFilter: 'failed' });

		const receipts = emitted(await poller.poll());

		expect(receipts).toHaveLength(5);
		for (const receipt of receipts) {
			expect(receipt.status).toBe('failed');
			expect(receipt.errorCode).not.toBe('');
			expect(receipt.errorMessage).not.toBe('');
		}
		expect(sandbox.pendingReceipts(vendor)).toBe(0);
		expect(await poller.poll()).toBeNull();
	});

	test('a test event leaves the vendor queue and the trigger state untouched', async () => {
		await send(vendorCase, 5);
		sandbox.deliver();
		const poller = trigger(vendor);

		const preview = emitted(await poller.poll('manual'));

		expect(preview.length).toBeGreaterThan(0);
		expect(preview[0].testEventSource).toEqual(expect.any(String));
		expect(sandbox.pendingReceipts(vendor)).toBe(5);
		expect(sandbox.requests(pullApi.vendor, pullApi.api)).toHaveLength(0);
		expect(poller.staticData).toEqual({});
		expect(emitted(await poller.poll())).toHaveLength(5);
	});

	test('emits the receipts already pulled when a later pull of the same poll fails', async () => {
		await send(vendorCase, 250);
		sandbox.deliver();
		const poller = trigger(vendor, { maxReceiptsPerPoll: 1000 });

		const { partial, rest } = await pollFailingHalfway(sandbox, poller, pullApi);

		expect(partial.length).toBeGreaterThan(0);
		expect(partial.length).toBeLessThan(250);
		expect(poller.logs.some((entry) => entry.level === 'warn' && entry.message.includes('stopped early'))).toBe(true);
		expect(new Set(keysOf([...partial, ...rest])).size).toBe(250);
		expect(partial.length + rest.length).toBe(250);
	});
});

describe('errors', () => {
	test('a test event with a wrong credential fails with a clear error', async () => {
		const poller = createPollTrigger({
			parameters: { provider: 'yunpian' },
			credentials: { yunpianApi: { ...sandbox.credentials.yunpianApi, apiKey: 'wrong-key' } },
		});

		const error = await rejection(poller.poll('manual'));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Could not pull delivery receipts: .+\[-1\]$/);
		expect(error.message).not.toContain('wrong-key');
	});

	test('an active poll that pulled nothing before failing throws instead of emitting', async () => {
		sandbox.injectFault('chuanglan', { kind: 'http5xx', api: '/msg/pull/report' });

		const error = await rejection(trigger('chuanglan').poll());

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Could not pull delivery receipts');
	});

	test('a pull the vendor never answers fails after the Timeout option, naming the timeout', async () => {
		sandbox.injectFault('yunpian', { kind: 'hang', api: '/v2/sms/pull_status.json' });
		const started = Date.now();

		const error = await rejection(trigger('yunpian', { timeout: 300 }).poll());

		expect(error.message).toMatch(/^Could not pull delivery receipts: .+\[TIMEOUT\]$/);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test('a test event with nothing waiting says which source it looked at', async () => {
		const error = await rejection(trigger('yunpian').poll('manual'));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No delivery receipts are waiting');
		expect((error as NodeOperationError).description).toContain('get_record');
	});

	test('Aliyun without a queue name explains where to find it', async () => {
		const poller = createPollTrigger({ parameters: { provider: 'aliyun' }, credentials: sandbox.credentials });

		const error = await rejection(poller.poll());

		expect(error.message).toContain('Queue Name');
	});
});

describe('Aliyun queue token', () => {
	const aliyun = VENDORS.find((vendor) => vendor.provider === 'aliyun')!;

	test('is fetched again once it has expired, and receipts keep flowing', async () => {
		await send(aliyun, 20);
		sandbox.deliver();
		const poller = trigger('aliyun', { maxReceiptsPerPoll: 10 });
		const tokenRequests = () => sandbox.requests('aliyunDybase', 'QueryTokenForMnsQueue').length;

		const first = emitted(await poller.poll());
		const tokensBefore = tokenRequests();
		await new Promise((resolve) => setTimeout(resolve, 2100));
		const second = emitted(await poller.poll());

		expect(tokenRequests()).toBeGreaterThan(tokensBefore);
		expect(new Set(keysOf([...first, ...second])).size).toBe(20);
		expect(sandbox.pendingReceipts('aliyun')).toBe(0);
	});
});

describe('seen receipts', () => {
	const receipt = (messageId: string): Receipt => ({
		provider: 'yunpian',
		phone: '+8613700000000',
		status: 'delivered',
		vendorStatus: 'SUCCESS',
		errorCode: '',
		errorMessage: '',
		messageId,
		outId: '',
		sentAt: '',
		reportedAt: '',
		parts: 1,
	});

	test('keep only the newest keys, oldest forgotten first', () => {
		const staticData: IDataObject = {};
		const seen = new SeenKeys(staticData, 'seenReceiptKeys', 3);
		for (const id of ['a', 'b', 'c', 'd']) seen.claim(receiptKey(receipt(id)));
		seen.save();

		const reloaded = new SeenKeys(staticData, 'seenReceiptKeys', 3);

		expect(reloaded.claim(receiptKey(receipt('a')))).toBe(true);
		expect(reloaded.claim(receiptKey(receipt('d')))).toBe(false);
		expect(staticData.seenReceiptKeys).toHaveLength(3);
	});
});
