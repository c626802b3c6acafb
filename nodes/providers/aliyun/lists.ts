/**
 * The account's templates (QuerySmsTemplateList) and signatures (QuerySmsSignList) for the pickers, one
 * Aliyun page per call (docs/protocols/aliyun.md#templates).
 */
import { QuerySmsSignListRequest, QuerySmsTemplateListRequest } from '@alicloud/dysmsapi20170525';

import { nextPageToken, pageNumberOf } from '../shared/paging';
import { listedDescription } from '../shared/pickers';
import { textOf } from '../shared/fields';
import type { ListedPage, RequestSettings, TemplateStatus } from '../types';
import { throwUnlessOk, type AliyunClients } from './client';

/** Both lists take PageSize 1–50. */
const LIST_PAGE_SIZE = 50;

/** AuditStatus of templates and signatures alike; Aliyun spells the cancelled state both ways (docs/protocols/aliyun.md#templates). */
const AUDIT_STATUS: Record<string, TemplateStatus> = {
	AUDIT_STATE_INIT: 'pending',
	AUDIT_STATE_PASS: 'approved',
	AUDIT_STATE_NOT_PASS: 'rejected',
	AUDIT_STATE_CANCEL: 'cancelled',
	AUDIT_SATE_CANCEL: 'cancelled',
};

const auditStatus = (value: unknown): TemplateStatus => AUDIT_STATUS[textOf(value)] ?? 'pending';

export async function listAliyunTemplates(
	clients: AliyunClients,
	pageToken: string | undefined,
	settings: RequestSettings,
): Promise<ListedPage> {
	const pageIndex = pageNumberOf(pageToken);
	const request = new QuerySmsTemplateListRequest({ pageIndex, pageSize: LIST_PAGE_SIZE });
	const response = await clients.dysmsapi({ sending: false, settings }, (client, runtime) =>
		client.querySmsTemplateListWithOptions(request, runtime),
	);
	throwUnlessOk(clients, response.body);
	const rows = response.body?.smsTemplateList ?? [];
	return {
		entries: rows.map((row) => ({
			id: textOf(row.templateCode),
			name: textOf(row.templateName) || textOf(row.templateCode),
			status: auditStatus(row.auditStatus),
			description: listedDescription(row.templateContent, row.reason?.rejectInfo),
		})),
		nextPage: nextPageToken(pageIndex, rows.length, LIST_PAGE_SIZE, response.body?.totalCount),
	};
}

export async function listAliyunSignatures(
	clients: AliyunClients,
	pageToken: string | undefined,
	settings: RequestSettings,
): Promise<ListedPage> {
	const pageIndex = pageNumberOf(pageToken);
	const request = new QuerySmsSignListRequest({ pageIndex, pageSize: LIST_PAGE_SIZE });
	const response = await clients.dysmsapi({ sending: false, settings }, (client, runtime) =>
		client.querySmsSignListWithOptions(request, runtime),
	);
	throwUnlessOk(clients, response.body);
	const rows = response.body?.smsSignList ?? [];
	return {
		entries: rows.map((row) => ({
			id: textOf(row.signName),
			name: textOf(row.signName),
			status: auditStatus(row.auditStatus),
			description: listedDescription(row.businessType, row.reason?.rejectInfo),
		})),
		nextPage: nextPageToken(pageIndex, rows.length, LIST_PAGE_SIZE, response.body?.totalCount),
	};
}
