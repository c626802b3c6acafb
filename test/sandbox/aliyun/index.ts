/**
 * The three Aliyun endpoints a client talks to: Dysmsapi (sends, status, templates), Dybaseapi (queue
 * tokens) and the Alicom MNS queues the receipts and replies arrive in. They share the accepted messages'
 * receipts (sms → queue) and the issued tokens (dybase → mns).
 */
import type { SandboxState, VendorSimulator } from '../plugin';
import { createDybaseSimulator } from './dybase';
import { createMnsSimulator, MessageQueue, QueueTokens } from './mns';
import { createDysmsapiSimulator } from './sms';

/** The RequestRecord.api names of the Aliyun simulators. */
export const ALIYUN_APIS = {
	aliyun: [
		'SendSms',
		'SendBatchSms',
		'QuerySendDetails',
		'GetSmsTemplate',
		'QuerySmsTemplate',
		'QuerySmsTemplateList',
		'QuerySmsSignList',
	],
	aliyunDybase: ['QueryTokenForMnsQueue'],
	aliyunMns: [
		'BatchReceiveMessage',
		'ReceiveMessage',
		'BatchPeekMessage',
		'PeekMessage',
		'DeleteMessage',
		'BatchDeleteMessage',
	],
} as const;

export interface AliyunSimulatorOptions {
	/** How long a received, undeleted queue message stays invisible (MNS default: 30 seconds). */
	mnsVisibilityTimeoutSeconds?: number;
}

export function createAliyunSimulators(
	state: SandboxState,
	options: AliyunSimulatorOptions = {},
): { sms: VendorSimulator; dybase: VendorSimulator; mns: VendorSimulator } {
	const visibilityTimeoutMs = (options.mnsVisibilityTimeoutSeconds ?? 30) * 1000;
	const reports = new MessageQueue(visibilityTimeoutMs);
	const replies = new MessageQueue(visibilityTimeoutMs);
	const tokens = new QueueTokens();
	return {
		sms: createDysmsapiSimulator(state, reports),
		dybase: createDybaseSimulator(state, tokens),
		mns: createMnsSimulator(state, reports, replies, tokens),
	};
}
