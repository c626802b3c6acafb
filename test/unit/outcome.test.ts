import { nothingSentFailure, outcomeHint, OutputItems, settle, type Recipient } from '../../nodes/campaign/outcome';
import { smsCampaignNode } from '../helpers/node';

const node = smsCampaignNode;

function recipient(itemIndex: number, status?: Recipient['status']): Recipient {
	const result: Recipient = {
		key: itemIndex,
		itemIndex,
		input: `1390000000${itemIndex}`,
		phone: {
			e164: `+861390000000${itemIndex}`,
			countryCode: '86',
			nationalNumber: `1390000000${itemIndex}`,
			isMainland: true,
		},
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

describe('OutputItems', () => {
	it('gives each recipient the outcome shape, paired with its item', () => {
		expect(new OutputItems('yunpian', { errorOutput: false, node }).all([recipient(2, 'accepted')])).toEqual([
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

	it('gives a rejected item the same fields when the error output is on, and an item-level error that routes it there', () => {
		const [item] = new OutputItems('yunpian', { errorOutput: true, node }).all([recipient(1, 'rejected')]);
		expect(item.json).toMatchObject({
			phone: '+8613900000001',
			status: 'rejected',
			error: { code: 'X', message: 'Refused', retryable: false },
		});
		expect(item.error?.message).toBe('Item 1 (+8613900000001): Refused [X]');
	});

	it("keeps the item-level error out of copies of the item, so that n8n's routed copy keeps its json", () => {
		const [item] = new OutputItems('yunpian', { errorOutput: true, node }).all([recipient(1, 'rejected')]);
		expect({ ...item }).not.toHaveProperty('error');
	});

	it('sets no item-level error without the error output', () => {
		const [item] = new OutputItems('yunpian', { errorOutput: false, node }).all([recipient(1, 'rejected')]);
		expect(item.error).toBeUndefined();
	});

	it('makes the same items, in recipient order, whether they were made as recipients settled or at the end', () => {
		const recipients = [
			recipient(0, 'accepted'),
			recipient(1, 'rejected'),
			recipient(2, 'unknown'),
			recipient(3, 'accepted'),
		];
		const output = new OutputItems('chuanglan', { errorOutput: true, node });
		output.add(recipients[3]);
		output.add(recipients[1]);
		expect(output.all(recipients)).toEqual(new OutputItems('chuanglan', { errorOutput: true, node }).all(recipients));
	});

	it('gives a repeated number the outId its first recipient was finally sent with', () => {
		const first = recipient(0);
		const repeat: Recipient = { ...recipient(1), duplicateOf: first };
		settle(repeat, 'skipped', { outId: first.outId });
		const output = new OutputItems('aliyun', { errorOutput: false, node });
		output.add(repeat);
		settle(first, 'accepted', { messageId: 'biz-1', outId: 'call-7' });
		output.add(first);
		expect(output.all([first, repeat]).map((item) => item.json.outId)).toEqual(['call-7', 'call-7']);
	});
});

describe('nothingSentFailure', () => {
	it('is nothing when no recipient was rejected', () => {
		expect(nothingSentFailure(node, [recipient(0, 'skipped'), recipient(1, 'dryRun')])).toBeUndefined();
	});

	it('is nothing once a recipient was accepted, whatever else was rejected', () => {
		expect(nothingSentFailure(node, [recipient(0, 'rejected'), recipient(1, 'accepted')])).toBeUndefined();
	});

	it('is nothing once a recipient may have been sent', () => {
		expect(nothingSentFailure(node, [recipient(0, 'rejected'), recipient(1, 'unknown')])).toBeUndefined();
	});

	it('names the first rejected item when nothing went out', () => {
		const failure = nothingSentFailure(node, [
			recipient(0, 'skipped'),
			recipient(1, 'rejected'),
			recipient(2, 'rejected'),
		]);
		expect(failure?.message).toBe('Item 1 (+8613900000001): Refused [X]');
		expect(failure?.description).toContain('2 of 3 recipients were rejected and nothing was sent');
	});
});

describe('outcomeHint', () => {
	it('is nothing when every recipient was accepted or skipped', () => {
		expect(outcomeHint([recipient(0, 'accepted'), recipient(1, 'skipped')])).toBeUndefined();
	});

	it('warns with the counts when some recipients were rejected or unknown', () => {
		const hint = outcomeHint([
			recipient(0, 'accepted'),
			recipient(1, 'rejected'),
			recipient(2, 'unknown'),
			recipient(3, 'accepted'),
		]);
		expect(hint).toMatchObject({ type: 'warning', location: 'outputPane' });
		expect(hint?.message).toContain('2 accepted, 1 rejected, 1 unknown, 0 skipped of 4 recipients.');
	});

	it('says how many were not sent because the execution was stopped', () => {
		const cancelled = recipient(1);
		settle(cancelled, 'skipped', { error: { code: 'CANCELLED', message: 'Not sent', retryable: true } });
		expect(outcomeHint([recipient(0, 'accepted'), cancelled])?.message).toContain(
			'The execution was stopped: 1 were not sent (CANCELLED).',
		);
	});
});
