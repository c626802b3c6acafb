/**
 * `npm run demo`: the segment campaign through n8n-core against the sandbox, once per vendor.
 */
import { VENDORS } from '../../nodes/providers';
import { UNREACHABLE } from '../demo/campaign';
import { formatTable, runDemo, type DemoResult } from '../demo/run-demo';
import { readSegment } from '../demo/segment';

describe.each(VENDORS.map((vendor) => vendor.name))('demo through %s', (provider) => {
	let result: DemoResult;

	beforeAll(async () => {
		result = await runDemo(provider);
	});

	it('sends the segment and follows every accepted message to its receipt', () => {
		expect(result.counts).toEqual({
			recipients: 20,
			accepted: 18,
			rejected: 1,
			skipped: 1,
			delivered: 16,
			failed: 2,
		});
		expect(result.summary).toBe('20 recipients: 18 accepted, 1 rejected, 1 skipped — 16 delivered, 2 failed');
	});

	it('rejects the invalid number and skips the duplicate, naming why', () => {
		const notSent = result.lines.filter((line) => line.status !== 'accepted');
		expect(notSent).toEqual([
			expect.objectContaining({
				item: 7,
				phone: '1380013',
				status: 'rejected',
				delivery: '',
				note: expect.stringContaining('not a valid phone number'),
			}),
			expect.objectContaining({
				item: 9,
				phone: '+8613512345602',
				status: 'skipped',
				delivery: '',
				note: expect.stringContaining('item 2'),
			}),
		]);
	});

	it('joins each failed receipt to its recipient by message id and phone', () => {
		const failed = result.lines.filter((line) => line.delivery === 'failed');
		expect(failed.map(({ phone }) => phone)).toEqual(UNREACHABLE.map((number) => `+86${number}`));
		expect(failed.every((line) => line.messageId !== '' && line.note !== '')).toBe(true);
	});

	it('prints a header and one table line per segment row', () => {
		const table = formatTable(result.lines).split('\n');
		expect(table[0]).toMatch(/^Item\s+Phone\s+Status\s+Message ID\s+Delivery\s+Note$/);
		expect(table).toHaveLength(readSegment().length + 1);
	});
});
