/**
 * Planning and making SendSms / SendBatchSms calls. SendSms carries up to 1,000 numbers that share one
 * TemplateParam; SendBatchSms carries up to 100 numbers with a TemplateParam each. Aliyun answers one
 * BizId per request and takes one OutId per request (see withCallOutId).
 */
import { SendBatchSmsRequest, SendSmsRequest } from '@alicloud/dysmsapi20170525';

import { chunk, withCallOutId } from '../shared/calls';
import {
	VendorError,
	type MessageResult,
	type OutgoingMessage,
	type PhoneNumber,
	type PlannedCall,
	type RequestSettings,
	type SendMode,
	type TemplateSpec,
} from '../types';
import type { AliyunClients } from './client';
import { aliyunError } from './errors';
import { encodeTemplateJson } from './template';

export const SEND_SMS_MAX_NUMBERS = 1000;
export const SEND_BATCH_MAX_NUMBERS = 100;

export type AliyunSendPayload =
	| {
			action: 'SendSms';
			phoneNumbers: string;
			signName: string;
			templateCode: string;
			templateParam?: string;
			outId: string;
	  }
	| {
			action: 'SendBatchSms';
			phoneNumberJson: string;
			signNameJson: string;
			templateCode: string;
			templateParamJson?: string;
			outId: string;
	  };

/** Mainland numbers as the plain 11 digits; others as country code + number without `+` (docs/protocols/aliyun.md#phone-numbers). */
export function aliyunPhone(phone: PhoneNumber): string {
	return phone.isMainland ? phone.nationalNumber : `${phone.countryCode}${phone.nationalNumber}`;
}

/** The template's variables of one message (all of them when the template declares none). */
function templateParams(message: OutgoingMessage, template: TemplateSpec): Record<string, string> {
	if (template.variables.length === 0) return message.variables;
	return Object.fromEntries(template.variables.map((name) => [name, message.variables[name] ?? '']));
}

const hasParams = (params: Record<string, string>): boolean => Object.keys(params).length > 0;

function sendSmsCall(group: OutgoingMessage[], template: TemplateSpec): PlannedCall {
	const { outId, messages } = withCallOutId(group);
	const params = templateParams(messages[0], template);
	const payload: AliyunSendPayload = {
		action: 'SendSms',
		phoneNumbers: messages.map((message) => aliyunPhone(message.phone)).join(','),
		signName: template.signName,
		templateCode: template.templateId,
		templateParam: hasParams(params) ? encodeTemplateJson(params) : undefined,
		outId,
	};
	return { api: 'SendSms', messages, payload };
}

function sendBatchSmsCall(group: OutgoingMessage[], template: TemplateSpec): PlannedCall {
	const { outId, messages } = withCallOutId(group);
	const params = messages.map((message) => templateParams(message, template));
	const payload: AliyunSendPayload = {
		action: 'SendBatchSms',
		phoneNumberJson: encodeTemplateJson(messages.map((message) => aliyunPhone(message.phone))),
		signNameJson: encodeTemplateJson(messages.map(() => template.signName)),
		templateCode: template.templateId,
		templateParamJson: params.some(hasParams) ? encodeTemplateJson(params) : undefined,
		outId,
	};
	return { api: 'SendBatchSms', messages, payload };
}

/** Messages with identical template variables, in first-appearance order. */
function groupByParams(messages: OutgoingMessage[], template: TemplateSpec): OutgoingMessage[][] {
	const groups = new Map<string, OutgoingMessage[]>();
	for (const message of messages) {
		// The template's names are the same for every message, so its values alone tell them apart.
		const key =
			template.variables.length > 0
				? JSON.stringify(template.variables.map((name) => message.variables[name] ?? ''))
				: JSON.stringify(Object.entries(message.variables).sort());
		const group = groups.get(key);
		if (group) group.push(message);
		else groups.set(key, [message]);
	}
	return [...groups.values()];
}

/**
 * Batch mode, fewest calls: full 1,000-number runs of identical variables always go by SendSms (1 call
 * instead of 10). Each leftover run costs one SendSms call or its share of the SendBatchSms pool; taking
 * the m largest leftovers out of the pool is best for any m, so trying every m gives the minimum. Ties
 * go to SendSms, which Aliyun recommends over SendBatchSms for timely delivery.
 */
function planBatch(messages: OutgoingMessage[], template: TemplateSpec): PlannedCall[] {
	const calls: PlannedCall[] = [];
	const leftovers: OutgoingMessage[][] = [];
	for (const group of groupByParams(messages, template)) {
		const runs = chunk(group, SEND_SMS_MAX_NUMBERS);
		const last = runs[runs.length - 1];
		if (last.length < SEND_SMS_MAX_NUMBERS) leftovers.push(runs.pop() as OutgoingMessage[]);
		calls.push(...runs.map((run) => sendSmsCall(run, template)));
	}
	leftovers.sort((a, b) => b.length - a.length);
	let pooled = leftovers.reduce((total, run) => total + run.length, 0);
	let best = { bySendSms: 0, cost: Math.ceil(pooled / SEND_BATCH_MAX_NUMBERS) };
	leftovers.forEach((run, index) => {
		pooled -= run.length;
		const cost = index + 1 + Math.ceil(pooled / SEND_BATCH_MAX_NUMBERS);
		if (cost <= best.cost) best = { bySendSms: index + 1, cost };
	});
	calls.push(...leftovers.slice(0, best.bySendSms).map((run) => sendSmsCall(run, template)));
	const pool = leftovers
		.slice(best.bySendSms)
		.flat()
		.sort((a, b) => a.key - b.key);
	calls.push(...chunk(pool, SEND_BATCH_MAX_NUMBERS).map((batch) => sendBatchSmsCall(batch, template)));
	return calls;
}

export function planAliyunCalls(groups: OutgoingMessage[][], template: TemplateSpec, mode: SendMode): PlannedCall[] {
	if (mode === 'batch') return planBatch(groups.flat(), template);
	return groups.flatMap((group) => chunk(group, SEND_SMS_MAX_NUMBERS).map((run) => sendSmsCall(run, template)));
}

/** Makes one planned call: Code OK accepts every message under the BizId; any other code rejects them all. */
export async function sendAliyunCall(
	clients: AliyunClients,
	call: PlannedCall,
	settings: RequestSettings,
): Promise<MessageResult[]> {
	const payload = call.payload as AliyunSendPayload;
	const response = await clients.dysmsapi({ sending: true, settings }, (client, runtime) => {
		if (payload.action === 'SendSms') {
			const { action: _, ...request } = payload;
			return client.sendSmsWithOptions(new SendSmsRequest(request), runtime);
		}
		const { action: _, ...request } = payload;
		return client.sendBatchSmsWithOptions(new SendBatchSmsRequest(request), runtime);
	});
	const { code, message, bizId } = response.body ?? {};
	if (!code) {
		throw new VendorError({
			code: 'MALFORMED_RESPONSE',
			message: 'Aliyun answered without a result code; it may have accepted the messages, so they are not sent again.',
			retryable: false,
			maybeSent: true,
		});
	}
	if (code === 'OK')
		return call.messages.map((sent) => ({ key: sent.key, status: 'accepted', messageId: bizId ?? '' }));
	const { info } = aliyunError(code, message ?? '', { secret: clients.credentials.accessKeySecret });
	return call.messages.map((sent) => ({ key: sent.key, status: 'rejected', error: info }));
}
