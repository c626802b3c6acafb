/**
 * Tencent Cloud API 3.0 transport for SMS (version 2021-01-11): a signed JSON POST to `/` with the action
 * and region in headers; every answer is `{"Response": {…}}`, a failed one with `Response.Error`
 * (docs/protocols/tencent.md#endpoints). Requests go through the package's transport, so timeouts,
 * pacing, Stop and the unknown-outcome rules hold as for every vendor.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { requestVendorJson } from '../transport/json';
import type { VendorRequest } from '../transport/request';
import { baseUrlOf } from '../shared/baseUrl';
import { formatChinaTime } from '../shared/chinaTime';
import { checkCredentials, CREDENTIAL_TEST_TIMEOUT_MS } from '../shared/credentialCheck';
import { asObject, textOf, type JsonObject } from '../shared/fields';
import { VendorError, type CredentialCheck, type RequestSettings } from '../types';
import { rowError, tencentError } from './errors';
import { tc3Authorization } from './signer';

const DEFAULT_BASE_URL = 'https://sms.tencentcloudapi.com';
const DEFAULT_REGION = 'ap-guangzhou';
const API_VERSION = '2021-01-11';
const CONTENT_TYPE = 'application/json; charset=utf-8';

export class TencentClient {
	private readonly secretId: string;
	private readonly secretKey: string;
	private readonly appId: string;
	private readonly region: string;

	constructor(private readonly credentials: ICredentialDataDecryptedObject) {
		this.secretId = textOf(credentials.secretId).trim();
		this.secretKey = textOf(credentials.secretKey).trim();
		this.appId = textOf(credentials.smsSdkAppId).trim();
		this.region = textOf(credentials.region).trim() || DEFAULT_REGION;
	}

	/** The credential's Base URL, checked on every use (see baseUrlOf): throws INVALID_BASE_URL. */
	get baseUrl(): string {
		return baseUrlOf(this.credentials.baseUrl, DEFAULT_BASE_URL);
	}

	/** The SMS application's SdkAppId, which every SMS action but the template and signature lists names. */
	get smsSdkAppId(): string {
		if (this.appId === '') {
			throw missingCredential('The Tencent Cloud SMS credential needs the SdkAppId of the SMS application.');
		}
		return this.appId;
	}

	/**
	 * One API call; its `Response` without the RequestId. `sending`: whether the action can send messages.
	 * Any other call is a read, safe to repeat.
	 */
	async call(action: string, params: object, settings: RequestSettings, sending: boolean): Promise<JsonObject> {
		if (this.secretId === '' || this.secretKey === '') {
			throw missingCredential('The Tencent Cloud SMS credential needs both a SecretId and a SecretKey.');
		}
		const url = new URL(`${this.baseUrl}/`);
		const body = Buffer.from(JSON.stringify(params));
		const timestamp = Math.floor(Date.now() / 1000);
		const authorization = tc3Authorization({
			secretId: this.secretId,
			secretKey: this.secretKey,
			host: url.host,
			path: url.pathname,
			contentType: CONTENT_TYPE,
			body,
			timestamp,
		});
		const request: VendorRequest = {
			method: 'POST',
			url: url.href,
			body,
			headers: {
				'content-type': CONTENT_TYPE,
				// Sent as signed: Node would write the same value, but the signature depends on it.
				host: url.host,
				authorization,
				'x-tc-action': action,
				'x-tc-version': API_VERSION,
				'x-tc-timestamp': String(timestamp),
				'x-tc-region': this.region,
			},
			timeoutMs: settings.timeoutMs,
			onAnswered: settings.onAnswered,
		};
		const answer = await requestVendorJson(request, {
			vendor: 'Tencent Cloud SMS',
			maybeSent: sending,
			idFields: [],
			errorOf: (parsed, httpStatus) => this.errorOf(action, parsed, httpStatus, sending),
		});
		return asObject(asObject(answer).Response);
	}

	/** The per-number failure of a SendSms row, never echoing the SecretKey. */
	rowError(code: string, vendorText: string): VendorError {
		return rowError(code, vendorText, [this.secretKey]);
	}

	/**
	 * SmsPackagesStatistics with Limit 1: a read that needs the SecretId, the SecretKey and an SdkAppId
	 * of this account, and sends nothing.
	 */
	async testCredentials(): Promise<CredentialCheck> {
		return await checkCredentials(
			'Tencent Cloud SMS',
			() => this.baseUrl,
			async () => {
				await this.proveCredentials(CREDENTIAL_TEST_TIMEOUT_MS);
				return `Connected to Tencent Cloud SMS: the API key and the SMS application ${this.appId} work.`;
			},
		);
	}

	async proveCredentials(timeoutMs: number): Promise<void> {
		// The SDK model requires a window (yyyymmddhh, ending no later than now): this one holds every package.
		const params = {
			SmsSdkAppId: this.smsSdkAppId,
			Limit: 1,
			Offset: 0,
			BeginTime: '2019010100',
			EndTime: chinaHour(new Date()),
		};
		await this.call('SmsPackagesStatistics', params, { timeoutMs }, false);
	}

	private errorOf(action: string, body: unknown, httpStatus: number, sending: boolean): VendorError | undefined {
		const error = asObject(asObject(body).Response).Error;
		if (error === undefined) return undefined;
		const { Code, Message } = asObject(error);
		return tencentError(textOf(Code) || 'MALFORMED_RESPONSE', textOf(Message), {
			action,
			sending,
			secrets: [this.secretKey],
			httpStatus,
		});
	}
}

/** The current hour in China time as `yyyymmddhh`. */
function chinaHour(now: Date): string {
	return formatChinaTime(now).slice(0, 13).replace(/\D/g, '');
}

function missingCredential(message: string): VendorError {
	return new VendorError({
		code: 'MISSING_CREDENTIALS',
		message,
		retryable: false,
		maybeSent: false,
		accountWide: true,
	});
}
