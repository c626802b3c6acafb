/**
 * Yunpian v2 (云片). Sends full texts (【signature】 + filled `#name#` template), one sid per recipient;
 * templates are read (and listed for the picker) with tpl/get, statuses with get_record, receipts with the
 * destructive pull_status and replies with the destructive pull_reply (previewed with get_reply).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { textOf } from '../shared/fields';
import type { SmsProvider } from '../types';
import { YunpianClient } from './client';
import { planYunpianCalls, sendYunpianCall, YUNPIAN_MAX_MOBILES } from './plan';
import { pullYunpianReceipts } from './receipts';
import { pullYunpianReplies } from './replies';
import { queryYunpianStatus } from './status';
import { getYunpianTemplate, listYunpianTemplates, YUNPIAN_SYNTAX } from './template';

export function yunpianProvider(credentials: ICredentialDataDecryptedObject): SmsProvider {
	const client = new YunpianClient(credentials.baseUrl, textOf(credentials.apiKey));
	return {
		name: 'yunpian',
		maxRecipientsPerCall: YUNPIAN_MAX_MOBILES,
		defaultSignName: textOf(credentials.signName).trim(),
		templateSyntax: YUNPIAN_SYNTAX,
		testCredentials: async () => await client.testCredentials(),
		planSend: (groups, _template, mode) => ({ calls: planYunpianCalls(groups, mode), unsendable: [] }),
		send: async (call, settings) => await sendYunpianCall(client, call, settings),
		getTemplate: async (templateId, templateContent, settings) =>
			await getYunpianTemplate(client, templateId, templateContent, settings),
		queryStatus: async (query, settings) => await queryYunpianStatus(client, query, settings),
		pullReceipts: async (options, settings) => await pullYunpianReceipts(client, options, settings),
		pullReplies: async (options, settings) => await pullYunpianReplies(client, options, settings),
		listTemplates: async (_page, settings) => await listYunpianTemplates(client, settings),
	};
}
