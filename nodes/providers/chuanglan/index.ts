/**
 * Chuanglan 253 (创蓝). Sends full texts matched against approved templates server-side (send/json), or
 * a `{$var}` text with per-recipient values (variable/json); one msgId per call, receipts keyed by
 * msgId + mobile. There is no template or status query, and the receipt and reply pulls are destructive.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { textOf } from '../shared/fields';
import type { SmsProvider } from '../types';
import { ChuanglanClient } from './client';
import { CHUANGLAN_MAX_PHONES, planChuanglanCalls, sendChuanglanCall } from './plan';
import { pullChuanglanReceipts } from './receipts';
import { pullChuanglanReplies } from './replies';
import { queryChuanglanStatus } from './status';
import { checkTemplateLocally, CHUANGLAN_SYNTAX } from './template';

export function chuanglanProvider(credentials: ICredentialDataDecryptedObject): SmsProvider {
	const client = new ChuanglanClient(credentials.baseUrl, textOf(credentials.account), textOf(credentials.password));
	const defaultSignName = textOf(credentials.signName).trim();
	return {
		name: 'chuanglan',
		maxRecipientsPerCall: CHUANGLAN_MAX_PHONES,
		defaultSignName,
		templateSyntax: CHUANGLAN_SYNTAX,
		testCredentials: async () => await client.testCredentials(),
		planSend: (groups, template, mode) => planChuanglanCalls(groups, template, mode),
		send: async (call, settings) => await sendChuanglanCall(client, call, settings),
		// No vendor query exists: the content is checked locally, against the signature the node sends with
		// (else the credential's) and the opt-out sentence a marketing text must end with, when one is asked for.
		getTemplate: async (templateId, templateContent, _settings, checks = {}) =>
			checkTemplateLocally(templateId, templateContent ?? '', checks.signName || defaultSignName, checks.optOutSuffix),
		queryStatus: async () => await queryChuanglanStatus(),
		pullReceipts: async (options, settings) => await pullChuanglanReceipts(client, options, settings),
		pullReplies: async (options, settings) => await pullChuanglanReplies(client, options, settings),
	};
}
