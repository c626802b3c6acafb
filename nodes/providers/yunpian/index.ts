/**
 * Yunpian v2 (云片). Sends full texts (【signature】 + filled `#name#` template), one sid per recipient;
 * templates are read with tpl/get, statuses with get_record, receipts with the destructive pull_status.
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
	StatusQuery,
	StatusRecord,
	TemplateInfo,
	TemplateSpec,
} from '../types';
import { YunpianClient } from './client';
import { planYunpianCalls, sendYunpianCall, YUNPIAN_MAX_MOBILES } from './plan';
import { pullYunpianReceipts } from './receipts';
import { queryYunpianStatus } from './status';
import { getYunpianTemplate, YUNPIAN_SYNTAX } from './template';

export class YunpianProvider implements SmsProvider {
	readonly name = 'yunpian';
	readonly maxRecipientsPerCall = YUNPIAN_MAX_MOBILES;
	readonly templateSyntax = YUNPIAN_SYNTAX;
	readonly defaultSignName: string;
	private readonly client: YunpianClient;

	constructor(credentials: ICredentialDataDecryptedObject) {
		this.client = new YunpianClient(credentials.baseUrl, textOf(credentials.apiKey));
		this.defaultSignName = textOf(credentials.signName).trim();
	}

	async testCredentials(): Promise<CredentialCheck> {
		return await this.client.testCredentials();
	}

	planSend(groups: OutgoingMessage[][], _template: TemplateSpec, mode: SendMode): SendPlan {
		return { calls: planYunpianCalls(groups, mode), unsendable: [] };
	}

	async send(call: PlannedCall, settings: RequestSettings): Promise<MessageResult[]> {
		return await sendYunpianCall(this.client, call, settings);
	}

	async getTemplate(templateId: string, templateContent: string | undefined, settings: RequestSettings): Promise<TemplateInfo> {
		return await getYunpianTemplate(this.client, templateId, templateContent, settings);
	}

	async queryStatus(query: StatusQuery, settings: RequestSettings): Promise<StatusRecord[]> {
		return await queryYunpianStatus(this.client, query, settings);
	}

	async pullReceipts(options: PullReceiptsOptions, settings: RequestSettings): Promise<ReceiptPull> {
		return await pullYunpianReceipts(this.client, options, settings);
	}
}
