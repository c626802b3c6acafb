/**
 * Aliyun SMS (Dysmsapi 2017-05-25) through the official SDK: template sends by SendSms / SendBatchSms,
 * template review by GetSmsTemplate, the pickers' lists by QuerySmsTemplateList and QuerySmsSignList, per-phone
 * status by QuerySendDetails, and delivery receipts and replies from the account's Alicom MNS queues
 * (`queueName`, a parameter of each trigger).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { VendorParameters } from '../descriptor';
import type { SmsProvider } from '../types';
import { AliyunClients, readCredentials, testAliyunCredentials } from './client';
import { listAliyunSignatures, listAliyunTemplates } from './lists';
import { planAliyunCalls, sendAliyunCall, SEND_SMS_MAX_NUMBERS } from './plan';
import { pullAliyunReceipts } from './receipts';
import { pullAliyunReplies } from './replies';
import { queryAliyunStatus } from './status';
import { ALIYUN_SYNTAX, getAliyunTemplate } from './template';

export function aliyunProvider(
	credentials: ICredentialDataDecryptedObject,
	parameters: VendorParameters = {},
): SmsProvider {
	const clients = new AliyunClients(readCredentials(credentials));
	return {
		name: 'aliyun',
		maxRecipientsPerCall: SEND_SMS_MAX_NUMBERS,
		defaultSignName: clients.credentials.signName,
		templateSyntax: ALIYUN_SYNTAX,
		testCredentials: async () => await testAliyunCredentials(clients),
		planSend: (groups, template, mode) => ({ calls: planAliyunCalls(groups, template, mode), unsendable: [] }),
		send: async (call, settings) => await sendAliyunCall(clients, call, settings),
		getTemplate: async (templateId, _templateContent, settings) =>
			await getAliyunTemplate(clients, templateId, settings),
		queryStatus: async (query, settings) => await queryAliyunStatus(clients, query, settings),
		pullReceipts: async (options, settings) =>
			await pullAliyunReceipts(clients, parameters.queueName?.trim(), options, settings),
		pullReplies: async (options, settings) =>
			await pullAliyunReplies(clients, parameters.queueName?.trim(), options, settings),
		listTemplates: async (page, settings) => await listAliyunTemplates(clients, page, settings),
		listSignatures: async (page, settings) => await listAliyunSignatures(clients, page, settings),
	};
}
