/**
 * The demo campaign's steps, shared by the demo and the example-workflow tests: the segment goes out with
 * Send Batch in an n8n-core workflow run, and the sandbox delivers it with two handsets switched off.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { vendorNamed, type ProviderName } from '../../nodes/providers';
import { runWorkflow } from '../helpers/n8n';
import type { Sandbox, SandboxCredentials } from '../sandbox';
import { readSegment } from './segment';
import { POINTS_EXPIRY_TEMPLATE } from './templates';

/** Segment numbers whose handsets are switched off: the sandbox reports their messages as not delivered. */
export const UNREACHABLE = ['15912345604', '13712345612'];

/** The provider's sandbox credential, keyed by its credential type as nodes expect it. */
export function credentialsFor(sandbox: Sandbox, provider: ProviderName): Partial<SandboxCredentials> {
	const credentialType = vendorNamed(provider).credentialType as keyof SandboxCredentials;
	return { [credentialType]: sandbox.credentials[credentialType] };
}

/** Sends the points-expiry notice to the segment; one outcome per row, rejected ones included. */
export async function sendSegment(sandbox: Sandbox, provider: ProviderName): Promise<INodeExecutionData[]> {
	const { outputs, error } = await runWorkflow({
		items: readSegment(),
		node: {
			parameters: {
				provider,
				operation: 'sendBatch',
				phone: '={{ $json.phone }}',
				...POINTS_EXPIRY_TEMPLATE[provider],
				options: {},
			},
			onError: 'continueRegularOutput',
		},
		credentials: credentialsFor(sandbox, provider),
	});
	if (error) throw error;
	return outputs[0] ?? [];
}

/** Turns every accepted message into a receipt: failed for the unreachable numbers, delivered otherwise. */
export function deliverSegment(sandbox: Sandbox): number {
	return sandbox.deliver({ fail: (message) => UNREACHABLE.some((number) => message.phone.endsWith(number)) });
}
