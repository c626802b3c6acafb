/**
 * Tencent Cloud SMS (腾讯云短信), API 3.0 version 2021-01-11. Sends by TemplateId with numbered `{1}`
 * placeholders, one TemplateParamSet and ≤200 numbers per SendSms; one SerialNo per number; templates,
 * signatures, per-number status, receipts and replies are read through the same signed JSON API.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { textOf } from '../shared/fields';
import type { SmsProvider } from '../types';
import { TencentClient } from './client';
import { listTencentSignatures, listTencentTemplates } from './lists';
import { planTencentCalls, sendTencentCall, TENCENT_MAX_PHONES } from './plan';
import { pullTencentReceipts, pullTencentReplies } from './receipts';
import { queryTencentStatus } from './status';
import { getTencentTemplate, TENCENT_SYNTAX } from './template';

export function tencentProvider(credentials: ICredentialDataDecryptedObject): SmsProvider {
	const client = new TencentClient(credentials);
	return {
		name: 'tencent',
		maxRecipientsPerCall: TENCENT_MAX_PHONES,
		defaultSignName: textOf(credentials.signName).trim(),
		templateSyntax: TENCENT_SYNTAX,
		testCredentials: async () => await client.testCredentials(),
		planSend: (groups, template, mode) => planTencentCalls(groups, template, mode),
		send: async (call, settings) => await sendTencentCall(client, call, settings),
		getTemplate: async (templateId, _templateContent, settings) =>
			await getTencentTemplate(client, templateId, settings),
		queryStatus: async (query, settings) => await queryTencentStatus(client, query, settings),
		pullReceipts: async (options, settings) => await pullTencentReceipts(client, options, settings),
		pullReplies: async (options, settings) => await pullTencentReplies(client, options, settings),
		listTemplates: async (page, settings) => await listTencentTemplates(client, page, settings),
		listSignatures: async (page, settings) => await listTencentSignatures(client, page, settings),
	};
}
