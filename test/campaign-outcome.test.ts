import type { INode } from 'n8n-workflow';

import { campaignFailure, describeItems, OutputItems, settle, type Recipient } from '../nodes/campaign/outcome';

const node: INode = {
	id: 'sms',
	name: 'SMS Campaign',
	type: 'n8n-nodes-sms-campaign.smsCampaign',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function recipient(itemIndex: number, status?: Recipient['status']): Recipient {
	const result: Recipient = {
		key: itemIndex,
		itemIndex,
		input: `1390000000${itemIndex}`,
		phone: { e164: `+861390000000${itemIndex}`, countryCode: '86', nationalNumber: `1390000000${itemIndex}`, isMainland: true },
		text: '【Shop】Hi',
		parts: 1,
		outId: `out-${itemIndex}`,
		messageId: '',
	};
	if (status === 'accepted') settle(result, 'accepted', { messageId: `m-${itemIndex}` });
	else if (status) settle(result, status, { error: { code: 'X', message: 'Refused', retryable: false } });
	return result;
}

describe('settle', () => {
	it('keeps the first outcome of a recipient', () => {
		const once = recipient(0, 'accepted');
		settle(once, 'unknown', { error: { code: 'NO_RESULT', message: 'late', retryable: false } });
		expect(once).toMatchObject({ status: 'accepted', messageId: 'm-0' });
		expect(once.error).toBeUndefined();
	});

	it('keeps only code, message and retryable of a vendor error', () => {
		const rejected = recipient(0);
		settle(rejected, 'rejected', { error: { code: 'isv.X', message: 'No', retryable: true, maybeSent: false } });
		expect(rejected.error).toEqual({ code: 'isv.X', message: 'No', retryable: true });
	});
});

describe('describeItems', () => {
	it('joins consecutive items into ranges', () => {
		const recipients = [0, 1, 2, 4, 7, 8].map((index) => recipient(index));
		expect(describeItems(recipients)).toBe('items 0–2, 4, 7–8 (6 recipients)');
	});

	it('counts the numbers of one item once in its range but each as a recipient', () => {
		expect(describeItems([recipient(3), recipient(3)])).toBe('item 3 (2 recipients)');
	});

	it('says none when there are none', () => {
		expect(describeItems([])).toBe('none');
	});
});

describe('OutputItems', () => {
	it('gives each recipient the outcome shape, paired with its item', () => {
		expect(new OutputItems('yunpian', { errorOutput: false }).all([recipient(2, 'accepted')])).toEqual([
			{
				json: {
					provider: 'yunpian',
					phone: '+8613900000002',
					status: 'accepted',
					messageId: 'm-2',
					outId: 'out-2',
					parts: 1,
					content: '【Shop】Hi',
					error: null,
				},
				pairedItem: { item: 2 },
			},
		]);
	});

	it('keeps only error, message and details on a rejected item when the error output is on', () => {
		const [item] = new OutputItems('yunpian', { errorOutput: true }).all([recipient(1, 'rejected')]);
		expect(Object.keys(item.json)).toEqual(['error', 'message', 'details']);
		expect(item.json.message).toBe('Item 1 (+8613900000001): Refused [X]');
	});

	it('makes the same items, in recipient order, whether they were made as recipients settled or at the end', () => {
		const recipients = [recipient(0, 'accepted'), recipient(1, 'rejected'), recipient(2, 'unknown'), recipient(3, 'accepted')];
		const output = new OutputItems('chuanglan', { errorOutput: true });
		output.add(recipients[3]);
		output.add(recipients[1]);
		expect(output.all(recipients)).toEqual(new OutputItems('chuanglan', { errorOutput: true }).all(recipients));
	});

	it('gives a repeated number the outId its first recipient was finally sent with', () => {
		const first = recipient(0);
		const repeat: Recipient = { ...recipient(1), duplicateOf: first };
		settle(repeat, 'skipped', { outId: first.outId });
		const output = new OutputItems('aliyun', { errorOutput: false });
		output.add(repeat);
		settle(first, 'accepted', { messageId: 'biz-1', outId: 'call-7' });
		output.add(first);
		expect(output.all([first, repeat]).map((item) => item.json.outId)).toEqual(['call-7', 'call-7']);
	});
});

describe('campaignFailure', () => {
	it('is nothing when no recipient was rejected', () => {
		expect(campaignFailure(node, [recipient(0, 'accepted'), recipient(1, 'unknown')])).toBeUndefined();
	});

	it('names the first rejected item and lists accepted and unknown recipients', () => {
		const failure = campaignFailure(node, [
			recipient(0, 'accepted'),
			recipient(1, 'unknown'),
			recipient(2, 'rejected'),
			recipient(3, 'accepted'),
		]);
		expect(failure?.message).toBe('Item 2 (+8613900000002): Refused [X]');
		expect(failure?.description).toContain('Accepted, do not send again: items 0, 3 (2 recipients).');
		expect(failure?.description).toContain('may have sent them (check delivery receipts before resending): item 1 (1 recipient).');
	});
});
