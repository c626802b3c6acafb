/**
 * Chuanglan 253 (创蓝). Sends full texts matched against approved templates server-side (send/json), or
 * a `{$var}` text with per-recipient values (variable/json); one msgId per call, receipts keyed by
 * msgId + mobile. There is no template or status query, and the receipt pull is destructive.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { textOf } from '../shared/fields';
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
	StatusRecord,
	TemplateCheckOptions,
	TemplateInfo,
	TemplateSpec,
} from '../types';
import { ChuanglanClient } from './client';
import { CHUANGLAN_MAX_PHONES, planChuanglanCalls, sendChuanglanCall } from './plan';
import { pullChuanglanReceipts } from './receipts';
import { queryChuanglanStatus } from './status';
import { checkTemplateLocally, CHUANGLAN_SYNTAX } from './template';

export class ChuanglanProvider implements SmsProvider {
	readonly name = 'chuanglan';
	readonly maxRecipientsPerCall = CHUANGLAN_MAX_PHONES;
	readonly templateSyntax = CHUANGLAN_SYNTAX;
	readonly defaultSignName: string;
	private readonly client: ChuanglanClient;

	constructor(credentials: ICredentialDataDecryptedObject) {
		this.client = new ChuanglanClient(credentials.baseUrl, textOf(credentials.account), textOf(credentials.password));
		this.defaultSignName = textOf(credentials.signName).trim();
	}

	async testCredentials(): Promise<CredentialCheck> {
		return await this.client.testCredentials();
	}

	planSend(groups: OutgoingMessage[][], template: TemplateSpec, mode: SendMode): SendPlan {
		return planChuanglanCalls(groups, template, mode);
	}

	async send(call: PlannedCall, settings: RequestSettings): Promise<MessageResult[]> {
		return await sendChuanglanCall(this.client, call, settings);
	}

	/**
	 * No vendor query exists: the content is checked locally, against the signature the node sends with
	 * (else the credential's) and the opt-out sentence a marketing text must end with, when one is asked for.
	 */
	async getTemplate(
		templateId: string,
		templateContent: string | undefined,
		_settings: RequestSettings,
		checks: TemplateCheckOptions = {},
	): Promise<TemplateInfo> {
		const signName = checks.signName || this.defaultSignName;
		return checkTemplateLocally(templateId, templateContent ?? '', signName, checks.optOutSuffix);
	}

	async queryStatus(): Promise<StatusRecord[]> {
		return await queryChuanglanStatus();
	}

	async pullReceipts(options: PullReceiptsOptions, settings: RequestSettings): Promise<ReceiptPull> {
		return await pullChuanglanReceipts(this.client, options, settings);
	}
}
