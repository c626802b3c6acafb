/**
 * Aliyun SMS (Dysmsapi 2017-05-25) through the official SDK: template sends by SendSms / SendBatchSms,
 * template review by GetSmsTemplate, per-phone status by QuerySendDetails, and delivery receipts from the
 * account's Alicom MNS queue.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type {
	CredentialCheck,
	MessageResult,
	OutgoingMessage,
	PlannedCall,
	PullReceiptsOptions,
	ReceiptPull,
	RequestSettings,
	SendMode,
	SendPlan,
	SmsProvider,
	StatusQuery,
	StatusRecord,
	TemplateInfo,
	TemplateSpec,
} from '../types';
import { AliyunClients, readCredentials, testAliyunCredentials } from './client';
import { planAliyunCalls, sendAliyunCall, SEND_SMS_MAX_NUMBERS } from './plan';
import { pullAliyunReceipts } from './receipts';
import { queryAliyunStatus } from './status';
import { ALIYUN_SYNTAX, getAliyunTemplate } from './template';

export class AliyunProvider implements SmsProvider {
	readonly name = 'aliyun';
	readonly maxRecipientsPerCall = SEND_SMS_MAX_NUMBERS;
	readonly templateSyntax = ALIYUN_SYNTAX;
	private readonly clients: AliyunClients;

	constructor(
		credentials: ICredentialDataDecryptedObject,
		private readonly options: { queueName?: string } = {},
	) {
		this.clients = new AliyunClients(readCredentials(credentials));
	}

	get defaultSignName(): string {
		return this.clients.credentials.signName;
	}

	async testCredentials(): Promise<CredentialCheck> {
		return await testAliyunCredentials(this.clients);
	}

	planSend(groups: OutgoingMessage[][], template: TemplateSpec, mode: SendMode): SendPlan {
		return { calls: planAliyunCalls(groups, template, mode), unsendable: [] };
	}

	async send(call: PlannedCall, settings: RequestSettings): Promise<MessageResult[]> {
		return await sendAliyunCall(this.clients, call, settings);
	}

	async getTemplate(templateId: string, _templateContent: string | undefined, settings: RequestSettings): Promise<TemplateInfo> {
		return await getAliyunTemplate(this.clients, templateId, settings);
	}

	async queryStatus(query: StatusQuery, settings: RequestSettings): Promise<StatusRecord[]> {
		return await queryAliyunStatus(this.clients, query, settings);
	}

	async pullReceipts(options: PullReceiptsOptions, settings: RequestSettings): Promise<ReceiptPull> {
		return await pullAliyunReceipts(this.clients, this.options.queueName?.trim(), options, settings);
	}
}
