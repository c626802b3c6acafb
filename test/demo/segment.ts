/**
 * The demo segment: a CSV export of users (`phone,name,points`), read the way n8n's Extract From File
 * node reads a CSV — first row as header, every value a string.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEGMENT_CSV = join(__dirname, '..', 'fixtures', 'segment.csv');

export type SegmentRow = Record<string, string>;

/** A plain comma split: the segment has no quoted fields, and this keeps the demo free of a CSV library. */
export function readSegment(file = SEGMENT_CSV): SegmentRow[] {
	const [header, ...lines] = readFileSync(file, 'utf8')
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '');
	const columns = header.split(',').map((column) => column.trim());
	return lines.map((line) => {
		const values = line.split(',');
		return Object.fromEntries(columns.map((column, index) => [column, (values[index] ?? '').trim()]));
	});
}
