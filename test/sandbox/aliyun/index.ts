/**
 * The three Aliyun endpoints a client talks to: Dysmsapi (sends, status, templates), Dybaseapi (receipt
 * queue tokens) and the Alicom MNS queue the receipts arrive in. They share the accepted messages'
 * receipts (sms → queue) and the issued tokens (dybase → mns).
 */
import type { SandboxState, VendorSimulator } from '../plugin';
import { createDybaseSimulator } from './dybase';
import { createMnsSimulator, QueueTokens, ReportQueue } from './mns';
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
	const queue = new ReportQueue((options.mnsVisibilityTimeoutSeconds ?? 30) * 1000);
	const tokens = new QueueTokens();
	return {
		sms: createDysmsapiSimulator(state, queue),
		dybase: createDybaseSimulator(state, tokens),
		mns: createMnsSimulator(state, queue, tokens),
	};
}
