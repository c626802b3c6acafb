/** The per-request timeout option of the read-only operations and the trigger. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RequestSettings } from '../providers';

const DEFAULT_TIMEOUT_MS = 10_000;

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TIMEOUT_MS,
	description: 'Milliseconds to wait for each vendor request',
};

export function requestSettings(options: IDataObject): RequestSettings {
	const timeoutMs = Math.floor(Number(options.timeout));
	return { timeoutMs: timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS };
}
