/**
 * Chuanglan 253 (创蓝). Sends full texts matched against approved templates server-side (send/json), or
 * a `{$var}` text with per-recipient values (variable/json); one msgId per call, receipts keyed by
 * msgId + mobile. There is no template or status query, and the receipt pull is destructive.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { checkCredentials, CREDENTIAL_TEST_TIMEOUT_MS } from '../shared/credentialCheck';
import { asObject, textOf } from '../shared/fields';
import { acknowledgeNothing, destructivePull } from '../shared/paging';
import {
	VendorError,
	type CredentialCheck,
	type MessageResult,
	type OutgoingMessage,
	type PlannedCall,
	type PullReceiptsOptions,
	type ReceiptPull,
	type RequestSettings,
	type SendMode,
	type SendPlan,
	type SmsProvider,
	type StatusRecord,
	type TemplateCheckOptions,
	type TemplateInfo,
	type TemplateSpec,
	type VendorErrorInfo,
} from '../types';
import { ChuanglanClient } from './client';
import { CHUANGLAN_MAX_PHONES, planChuanglanCalls, type ChuanglanPayload } from './plan';
import { chuanglanReceipt, sampleReceipt } from './receipts';
import { checkTemplateLocally, renderText } from './template';

/** pull/report returns at most 100 receipts per call. */
const PULL_LIMIT = 100;

export class ChuanglanProvider implements SmsProvider {
	readonly name = 'chuanglan' as const;
	readonly maxRecipientsPerCall = CHUANGLAN_MAX_PHONES;
	readonly defaultSignName: string;
	private readonly client: ChuanglanClient;

	constructor(credentials: ICredentialDataDecryptedObject) {
		this.client = new ChuanglanClient(credentials.baseUrl, textOf(credentials.account), textOf(credentials.password));
		this.defaultSignName = textOf(credentials.signName).trim();
	}

	async testCredentials(): Promise<CredentialCheck> {
		return await checkCredentials('Chuanglan', () => this.client.baseUrl, async () => {
			const answer = await this.balance(CREDENTIAL_TEST_TIMEOUT_MS);
			return `Connected to Chuanglan. Balance: ${textOf(answer.balance) || 'unknown'} messages.`;
		});
	}

	/** balance/json: the one call that proves account, password and IP whitelist without side effects. */
	private async balance(timeoutMs: number): Promise<Record<string, unknown>> {
		return await this.client.post('/msg/balance/json', {}, { timeoutMs }, false);
	}

	planSend(groups: OutgoingMessage[][], template: TemplateSpec, mode: SendMode): SendPlan {
		return planChuanglanCalls(groups, template, this.signNameOf(template), mode);
	}

	render(template: TemplateSpec, variables: Record<string, string>): string {
		return renderText(template, this.signNameOf(template), variables);
	}

	async send(call: PlannedCall, settings: RequestSettings): Promise<MessageResult[]> {
		const { path, body } = call.payload as ChuanglanPayload;
		const answer = await this.client.post(path, body, settings, true);
		// One msgId covers the call; receipts tell recipients apart by mobile.
		const messageId = textOf(answer.msgId);
		const partial = partialAcceptance(answer, call.messages.length, messageId);
		if (partial) return call.messages.map((message) => ({ key: message.key, status: 'rejected', error: partial }));
		return call.messages.map((message) => ({ key: message.key, status: 'accepted', messageId }));
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
		throw new VendorError({
			code: 'NOT_SUPPORTED',
			message:
				"Chuanglan has no per-message status query. Use the SMS Delivery Receipt Trigger to receive each message's delivery receipt.",
			retryable: false,
			maybeSent: false,
		});
	}

	async pullReceipts(options: PullReceiptsOptions, settings: RequestSettings): Promise<ReceiptPull> {
		if (options.peek) {
			// The sample must not hide wrong credentials or a missing IP whitelist entry: the real pull would fail.
			await this.balance(settings.timeoutMs);
			return {
				receipts: options.max > 0 ? [sampleReceipt(new Date())] : [],
				source: 'sample receipt (Chuanglan pull is destructive)',
				acknowledge: acknowledgeNothing,
			};
		}
		return await destructivePull('pull/report', options.max, PULL_LIMIT, async (count) => {
			const answer = await this.client.post('/msg/pull/report', { count: String(count) }, settings, false);
			return Array.isArray(answer.result) ? answer.result.map((row) => chuanglanReceipt(asObject(row))) : [];
		});
	}

	private signNameOf(template: TemplateSpec): string {
		return template.signName || this.defaultSignName;
	}
}

/**
 * The error every recipient of a call gets when Chuanglan accepted fewer than were sent: successNum below
 * the number sent, or a failNum (either may be a string or a number). variable/json drops malformed
 * groups silently and names none of them, so unless none was accepted, no recipient can be told sent
 * or not.
 */
function partialAcceptance(answer: Record<string, unknown>, sent: number, messageId: string): VendorErrorInfo | undefined {
	const failNum = countOf(answer.failNum) ?? 0;
	const accepted = Math.min(countOf(answer.successNum) ?? sent, sent - failNum);
	if (accepted >= sent && failNum === 0) return undefined;
	if (accepted <= 0) {
		return {
			code: 'NOT_ACCEPTED',
			message: `Chuanglan accepted none of the ${sent} numbers in this call (it drops malformed parameter groups without an error code); nothing was sent.`,
			retryable: false,
			maybeSent: false,
		};
	}
	return {
		code: 'PARTIAL_ACCEPT',
		message:
			`Chuanglan accepted ${accepted} of the ${sent} numbers in this call (msgId ${messageId}) without saying which; ` +
			'whether this number was among them cannot be known, so it is not sent again. Only the numbers sent will get a delivery receipt.',
		retryable: false,
		maybeSent: true,
	};
}

/** A count as Chuanglan writes it, string or number; undefined when absent or not a count. */
function countOf(value: unknown): number | undefined {
	const text = textOf(value).trim();
	return /^\d+$/.test(text) ? Number(text) : undefined;
}
