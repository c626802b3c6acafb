/**
 * Get Status through n8n-core against the sandbox: every message the vendor knows for a phone and day,
 * across pages, in the normalised shape, and a clear answer where the vendor has no such query.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { formatChinaTime } from '../../nodes/providers/shared/chinaTime';
import { runWorkflow, type OnError } from '../helpers/n8n';
import {
	campaignSandbox,
	jsonOf,
	mainlandNumber,
	runSmsCampaign,
	VENDORS,
	type VendorCase,
} from '../helpers/sms-campaign';

const ISO_CHINA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const STATUS_FIELDS = [
	'provider',
	'phone',
	'messageId',
	'outId',
	'status',
	'errorCode',
	'errorMessage',
	'sentAt',
	'deliveredAt',
	'content',
];
const vendorCase = (provider: VendorCase['provider']) => VENDORS.find((vendor) => vendor.provider === provider)!;
const aliyun = vendorCase('aliyun');
const yunpian = vendorCase('yunpian');

const sandbox = campaignSandbox();

/** Sends `count` messages to one number, one Send item each; returns the message IDs in order. */
async function sendTo(vendor: VendorCase, phone: string, count: number): Promise<string[]> {
	const items = Array.from({ length: count }, (_, index) => ({
		phone,
		name: `用户${index}`,
		code: String(1000 + index),
	}));
	const { outputs, error } = await runSmsCampaign(sandbox(), { vendor, operation: 'send', items });
	expect(error).toBeUndefined();
	return jsonOf(outputs[0]).map((json) => String(json.messageId));
}

async function getStatus(
	vendor: VendorCase,
	items: IDataObject[],
	parameters: INodeParameters = {},
	onError?: OnError,
) {
	return await runWorkflow({
		items,
		node: {
			parameters: { provider: vendor.provider, operation: 'getStatus', phone: '={{ $json.phone }}', ...parameters },
			onError,
		},
		credentials: { ...sandbox().credentials },
	});
}

describe('Aliyun', () => {
	test('returns every message of the day for one phone, reading all pages', async () => {
		await sendTo(aliyun, mainlandNumber(1), 60);

		const { outputs, error } = await getStatus(aliyun, [{ phone: mainlandNumber(1) }]);

		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(60);
		expect(sandbox().requests('aliyun', 'QuerySendDetails')).toHaveLength(2);
		expect(new Set(jsonOf(outputs[0]).map((json) => json.content)).size).toBe(60);
	});

	test('normalises delivered, failed and pending messages with times in China time', async () => {
		const [, failed] = await sendTo(aliyun, mainlandNumber(2), 2);
		sandbox().deliver({ fail: (message) => message.messageId === failed, failCode: 'MK:0001' });
		await sendTo(aliyun, mainlandNumber(2), 1);

		const { outputs } = await getStatus(aliyun, [{ phone: `+86 ${mainlandNumber(2)}` }]);

		const byStatus = Object.fromEntries(jsonOf(outputs[0]).map((json) => [json.status, json]));
		expect(Object.keys(byStatus).sort()).toEqual(['delivered', 'failed', 'pending']);
		expect(Object.keys(byStatus.delivered).sort()).toEqual([...STATUS_FIELDS].sort());
		expect(byStatus.delivered).toMatchObject({ provider: 'aliyun', phone: `+86${mainlandNumber(2)}`, errorCode: '' });
		expect(byStatus.delivered.sentAt).toMatch(ISO_CHINA_TIME);
		expect(byStatus.delivered.deliveredAt).toMatch(ISO_CHINA_TIME);
		expect(byStatus.failed.errorCode).toBe('MK:0001');
		expect(byStatus.failed.errorMessage).toMatch(/^[\x20-\x7e]+$/);
		expect(byStatus.pending.deliveredAt).toBe('');
	});

	test('narrows the result to one message with its message ID', async () => {
		const messageIds = await sendTo(aliyun, mainlandNumber(3), 5);

		const { outputs } = await getStatus(aliyun, [{ phone: mainlandNumber(3) }], { messageId: messageIds[2] });

		expect(jsonOf(outputs[0]).map((json) => json.messageId)).toEqual([messageIds[2]]);
	});

	test('a day without sends gives no items', async () => {
		await sendTo(aliyun, mainlandNumber(4), 1);
		const yesterday = formatChinaTime(new Date(Date.now() - 24 * 60 * 60 * 1000)).slice(0, 10);

		const { outputs, error } = await getStatus(aliyun, [{ phone: mainlandNumber(4) }], { sendDate: yesterday });

		expect(error).toBeUndefined();
		expect(outputs[0] ?? []).toHaveLength(0);
	});

	test('a send time with an offset is read as its China day', async () => {
		await sendTo(aliyun, mainlandNumber(5), 1);
		const chinaToday = formatChinaTime(new Date()).slice(0, 10);
		// 04:00 today in China is 20:00 yesterday in UTC: the UTC date alone would name the wrong day.
		const earlyToday = new Date(`${chinaToday}T04:00:00+08:00`).toISOString();

		const { outputs } = await getStatus(aliyun, [{ phone: mainlandNumber(5) }], { sendDate: earlyToday });

		expect(outputs[0]).toHaveLength(1);
	});

	test('a send date beyond the 30 days Aliyun keeps is refused with the reason', async () => {
		const { error } = await getStatus(aliyun, [{ phone: mainlandNumber(6) }], { sendDate: '2020-01-01' });

		expect(error?.message).toContain('30 days');
	});
});

describe('Yunpian', () => {
	test('returns every record of the day for one phone, reading all pages', async () => {
		await sendTo(yunpian, mainlandNumber(7), 120);
		sandbox().deliver();

		const { outputs, error } = await getStatus(yunpian, [{ phone: mainlandNumber(7) }]);

		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(120);
		expect(sandbox().requests('yunpian', '/v2/sms/get_record.json')).toHaveLength(2);
		expect(jsonOf(outputs[0]).every((json) => json.status === 'delivered' && json.messageId !== '')).toBe(true);
	});
});

describe('Tencent', () => {
	const tencent = vendorCase('tencent');

	test('returns the receipts of the send day for one phone, each with its SerialNo and outId', async () => {
		const messageIds = await sendTo(tencent, mainlandNumber(12), 2);
		sandbox().deliver({ fail: (message) => message.messageId === messageIds[1] });

		const { outputs, error } = await getStatus(tencent, [{ phone: mainlandNumber(12) }]);

		expect(error).toBeUndefined();
		const records = jsonOf(outputs[0]);
		expect(Object.keys(records[0]).sort()).toEqual([...STATUS_FIELDS].sort());
		expect(records.map((json) => [json.messageId, json.status])).toEqual([
			[messageIds[0], 'delivered'],
			[messageIds[1], 'failed'],
		]);
		expect(records[0].deliveredAt).toMatch(ISO_CHINA_TIME);
		expect(records[1].errorMessage).not.toBe('');
		expect(sandbox().requests('tencent', 'PullSmsSendStatusByPhoneNumber')).toHaveLength(1);
	});
});

describe('Chuanglan', () => {
	test('has no per-message query and points to the receipt trigger', async () => {
		const { error } = await getStatus(vendorCase('chuanglan'), [{ phone: mainlandNumber(8) }]);

		expect(error?.message).toContain('SMS Delivery Receipt Trigger');
		expect(error?.message).toContain('[NOT_SUPPORTED]');
	});
});

describe('items', () => {
	test('each message is paired with the item that asked for its phone', async () => {
		await sendTo(aliyun, mainlandNumber(9), 2);
		await sendTo(aliyun, mainlandNumber(10), 1);

		const { outputs } = await getStatus(aliyun, [{ phone: mainlandNumber(9) }, { phone: mainlandNumber(10) }]);

		expect(outputs[0].map((item) => [item.pairedItem, item.json.phone])).toEqual([
			[{ item: 0 }, `+86${mainlandNumber(9)}`],
			[{ item: 0 }, `+86${mainlandNumber(9)}`],
			[{ item: 1 }, `+86${mainlandNumber(10)}`],
		]);
	});

	test('an invalid phone fails its item only when failures continue', async () => {
		await sendTo(aliyun, mainlandNumber(11), 1);

		const { outputs } = await getStatus(
			aliyun,
			[{ phone: '12345' }, { phone: mainlandNumber(11) }],
			{},
			'continueRegularOutput',
		);

		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(outputs[0][0].json).toMatchObject({
			phone: '12345',
			status: 'unknown',
			error: { code: 'INVALID_PARAMETER', message: '"12345" is not a valid phone number', retryable: false },
		});
		expect(outputs[0][1].json.status).toBe('pending');
	});

	test('routes a failed item to the error output with the same fields and its input item', async () => {
		const { outputs } = await getStatus(aliyun, [{ phone: '12345', customer: 7 }], {}, 'continueErrorOutput');

		expect(outputs[0]).toEqual([]);
		expect(outputs[1]).toEqual([
			{
				json: expect.objectContaining({
					customer: 7,
					provider: 'aliyun',
					phone: '12345',
					status: 'unknown',
					error: expect.objectContaining({ code: 'INVALID_PARAMETER' }),
				}),
				pairedItem: { item: 0 },
			},
		]);
	});
});
