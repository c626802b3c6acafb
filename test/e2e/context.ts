/** What every group of checks works with, and the recipients they send to. */
import type { Sandbox } from '../sandbox';
import type { N8nInstance } from './n8nInstance';
import type { Report } from './report';
import type { Recipient } from './workflows';

export interface E2eContext {
	sandbox: Sandbox;
	n8n: N8nInstance;
	report: Report;
}

/** A number the node must reject before any vendor call. */
export const INVALID_NUMBER = '12345';

/**
 * `count` mainland numbers of their own for one check (`139<block:3><index:5>`): the sandbox keeps every
 * message of the whole run, and each check counts only its own numbers.
 */
export function recipients(block: number, count: number): Recipient[] {
	return Array.from({ length: count }, (_, index) => ({
		phone: `139${String(block).padStart(3, '0')}${String(index).padStart(5, '0')}`,
		name: `用户${block}-${index}`,
		points: 100 + index,
	}));
}
