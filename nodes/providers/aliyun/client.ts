/**
 * The official SDK pointed at the credential's hosts. Dysmsapi goes through `@alicloud/dysmsapi20170525`
 * (ACS3-HMAC-SHA256 by default); Dybaseapi has no SDK of ours, so it uses the same OpenAPI core through a
 * generic RPC `callApi`. Every failure leaves here as a `VendorError` (see errors.ts).
 */
import Dysmsapi, { QuerySmsTemplateListRequest } from '@alicloud/dysmsapi20170525';
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { baseUrlOf } from '../shared/baseUrl';
import { checkCredentials, CREDENTIAL_TEST_TIMEOUT_MS } from '../shared/credentialCheck';
import { textOf } from '../shared/fields';
import { VendorError, type CredentialCheck, type RequestSettings } from '../types';
import { aliyunError, sdkFailure } from './errors';

const DEFAULT_BASE_URL = 'https://dysmsapi.aliyuncs.com';
const DEFAULT_DYBASE_BASE_URL = 'https://dybaseapi.aliyuncs.com';
/**
 * Alicom's own MNS account endpoint: every account's SmsReport queue lives there, not in the user's MNS
 * (alibaba/spring-cloud-alibaba DefaultAlicomMessagePuller `mnsAccountEndpoint`).
 */
const DEFAULT_MNS_BASE_URL = 'https://1943695596114318.mns.cn-hangzhou.aliyuncs.com';
/** Sent instead of the SDK default, which would read ALIBABA_CLOUD_USER_AGENT from the environment. */
const USER_AGENT = 'n8n-nodes-sms-campaign';

export interface AliyunCredentials {
	accessKeyId: string;
	accessKeySecret: string;
	signName: string;
	/**
	 * The base URLs are checked each time they are read (see baseUrlOf) and throw INVALID_BASE_URL, so
	 * that a wrong one fails the request that needs it, and the credential test, rather than the node.
	 */
	readonly baseUrl: string;
	readonly dybaseBaseUrl: string;
	readonly mnsBaseUrl: string;
}

export function readCredentials(credentials: ICredentialDataDecryptedObject): AliyunCredentials {
	return {
		accessKeyId: textOf(credentials.accessKeyId).trim(),
		accessKeySecret: textOf(credentials.accessKeySecret).trim(),
		signName: textOf(credentials.signName).trim(),
		get baseUrl() {
			return baseUrlOf(credentials.baseUrl, DEFAULT_BASE_URL);
		},
		get dybaseBaseUrl() {
			return baseUrlOf(credentials.dybaseBaseUrl, DEFAULT_DYBASE_BASE_URL);
		},
		get mnsBaseUrl() {
			return baseUrlOf(credentials.mnsBaseUrl, DEFAULT_MNS_BASE_URL);
		},
	};
}

/** A problem with the credential's fields, found before any request was made. */
const configurationError = (code: string, message: string): VendorError =>
	new VendorError({ code, message, retryable: false, maybeSent: false });

/**
 * The SDK takes the host (with port) as `endpoint` and the scheme separately: a scheme inside `endpoint`
 * would produce `HTTPS://http://...`. `baseUrl` is an http(s) URL already (baseUrlOf).
 */
function sdkEndpoint(baseUrl: string): { endpoint: string; protocol: 'http' | 'https' } {
	const url = new URL(baseUrl);
	if (url.pathname !== '/' || url.search !== '') {
		throw configurationError(
			'INVALID_BASE_URL',
			`The Aliyun Base URL "${baseUrl}" must be a host only (Aliyun RPC calls always go to "/").`,
		);
	}
	return { endpoint: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}

function sdkConfig(credentials: AliyunCredentials, baseUrl: string): $OpenApiUtil.Config {
	// Without both keys the SDK would fall back to other credential sources; say what is missing instead.
	if (credentials.accessKeyId === '' || credentials.accessKeySecret === '') {
		throw configurationError(
			'MISSING_CREDENTIALS',
			'The Aliyun credentials need both an AccessKey ID and an AccessKey Secret.',
		);
	}
	// No retryOptions: the SDK then makes exactly one attempt; our pacing layer decides about retries.
	return new $OpenApiUtil.Config({
		accessKeyId: credentials.accessKeyId,
		accessKeySecret: credentials.accessKeySecret,
		...sdkEndpoint(baseUrl),
		userAgent: USER_AGENT,
	});
}

function runtimeOptions(settings: RequestSettings): $dara.RuntimeOptions {
	return new $dara.RuntimeOptions({ readTimeout: settings.timeoutMs, connectTimeout: settings.timeoutMs });
}

export interface AliyunCall {
	/** Whether the call can send messages (decides how an unanswered call is classified). */
	sending: boolean;
	settings: RequestSettings;
}

/** The SDK clients of one credential, created on first use. */
export class AliyunClients {
	private dysms?: Dysmsapi;
	private dybase?: OpenApi;

	constructor(readonly credentials: AliyunCredentials) {}

	/** Runs one Dysmsapi call; `action` gets the runtime options to pass to the SDK method. */
	async dysmsapi<T>(
		call: AliyunCall,
		action: (client: Dysmsapi, runtime: $dara.RuntimeOptions) => Promise<T>,
	): Promise<T> {
		this.dysms ??= new Dysmsapi(sdkConfig(this.credentials, this.credentials.baseUrl));
		return await this.guard(call, () => action(this.dysms as Dysmsapi, runtimeOptions(call.settings)));
	}

	/** Runs one Dybaseapi (2017-05-25) RPC action and returns its raw PascalCase JSON body. */
	async dybaseapi(action: string, query: Record<string, string>, call: AliyunCall): Promise<unknown> {
		this.dybase ??= new OpenApi(sdkConfig(this.credentials, this.credentials.dybaseBaseUrl));
		const params = new $OpenApiUtil.Params({
			action,
			version: '2017-05-25',
			protocol: 'HTTPS',
			pathname: '/',
			method: 'POST',
			authType: 'AK',
			style: 'RPC',
			reqBodyType: 'formData',
			bodyType: 'json',
		});
		const request = new $OpenApiUtil.OpenApiRequest({ query });
		const client = this.dybase;
		const response = await this.guard(call, () => client.callApi(params, request, runtimeOptions(call.settings)));
		return (response as { body?: unknown }).body;
	}

	private async guard<T>(call: AliyunCall, run: () => Promise<T>): Promise<T> {
		try {
			return await run();
		} catch (error) {
			throw sdkFailure(error, { sending: call.sending, secret: this.credentials.accessKeySecret });
		}
	}
}

/** A body's Code other than OK as a thrown error (reads only). */
export function throwUnlessOk(clients: AliyunClients, body: { code?: string; message?: string } | undefined): void {
	if (body?.code === 'OK') return;
	// Business codes come with HTTP 200: the host was reached and answered.
	throw aliyunError(body?.code ?? 'MALFORMED_RESPONSE', body?.message ?? '', {
		httpStatus: 200,
		secret: clients.credentials.accessKeySecret,
	});
}

export async function testAliyunCredentials(clients: AliyunClients): Promise<CredentialCheck> {
	return await checkCredentials(
		'Aliyun SMS',
		() => clients.credentials.baseUrl,
		async () => {
			const settings = { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS };
			const response = await clients.dysmsapi({ sending: false, settings }, (client, runtime) =>
				client.querySmsTemplateListWithOptions(new QuerySmsTemplateListRequest({ pageIndex: 1, pageSize: 1 }), runtime),
			);
			throwUnlessOk(clients, response.body);
			return 'Connected to Aliyun SMS: the AccessKey works.';
		},
	);
}
