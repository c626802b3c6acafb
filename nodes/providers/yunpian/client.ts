import { requestVendorJson } from '../transport/json';
import { FORM_CONTENT_TYPE, formBody, type VendorRequest } from '../transport/request';
import { baseUrlOf } from '../shared/baseUrl';
import { checkCredentials, CREDENTIAL_TEST_TIMEOUT_MS } from '../shared/credentialCheck';
import { redact, tableError } from '../shared/errorTable';
import { asObject, textOf } from '../shared/fields';
import { VendorError, type CredentialCheck, type RequestSettings } from '../types';
import { YUNPIAN_ERRORS } from './errors';
import type { YunpianPayload } from './plan';

const DEFAULT_BASE_URL = 'https://sms.yunpian.com';

/**
 * Yunpian v2 transport: form POSTs authenticated by the `apikey` field. Errors arrive as HTTP 400 with
 * `{http_status_code, code, msg, detail}`; sids are 64-bit integers and are kept as strings.
 */
export class YunpianClient {
	constructor(
		private readonly baseUrlSetting: unknown,
		private readonly apiKey: string,
	) {}

	/** The credential's Base URL, checked on every use (see baseUrlOf): throws INVALID_BASE_URL. */
	get baseUrl(): string {
		return baseUrlOf(this.baseUrlSetting, DEFAULT_BASE_URL);
	}

	/** user/get: proves the api key (and the IP whitelist) without side effects. */
	async testCredentials(): Promise<CredentialCheck> {
		return await checkCredentials(
			'Yunpian',
			() => this.baseUrl,
			async () => {
				const user = asObject(
					await this.post('/v2/user/get.json', {}, { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS }, false),
				);
				const who = textOf(user.nick) ? ` as ${textOf(user.nick)}` : '';
				return `Connected to Yunpian${who}. Balance: ${textOf(user.balance) || 'unknown'}.`;
			},
		);
	}

	/** `maybeSent`: whether the request can send messages. Any other request is a read, safe to repeat. */
	async post(
		path: string,
		fields: Record<string, string>,
		settings: RequestSettings,
		maybeSent: boolean,
	): Promise<unknown> {
		return await this.exchange({ path, fields }, settings, maybeSent);
	}

	/** A planned send, whose multi_send text list comes already encoded. */
	async send({ path, fields, encodedText }: YunpianPayload, settings: RequestSettings): Promise<unknown> {
		return await this.exchange({ path, fields, encodedText }, settings, true);
	}

	private async exchange(
		{ path, fields, encodedText }: YunpianPayload,
		settings: RequestSettings,
		maybeSent: boolean,
	): Promise<unknown> {
		const form = { apikey: this.apiKey, ...fields };
		const request: VendorRequest = {
			method: 'POST',
			url: `${this.baseUrl}${path}`,
			...(encodedText ? { body: Buffer.concat([formBody(form), Buffer.from('&text='), encodedText]) } : { form }),
			headers: {
				accept: 'application/json;charset=utf-8',
				...(encodedText ? { 'content-type': FORM_CONTENT_TYPE } : {}),
			},
			timeoutMs: settings.timeoutMs,
			onAnswered: settings.onAnswered,
		};
		return await requestVendorJson(request, {
			vendor: 'Yunpian',
			maybeSent,
			// Reply ids (pull_reply, get_reply) may be 64-bit integers, as sids are.
			idFields: ['sid', 'id'],
			errorOf: (body, httpStatus) => this.errorOf(body, httpStatus),
			carriesResults: (body) => Array.isArray(asObject(body).data),
		});
	}

	/** An error envelope (or a failed single send): a non-zero `code` outside a batch `data` list. */
	private errorOf(body: unknown, httpStatus: number): VendorError | undefined {
		const envelope = asObject(body);
		if (Array.isArray(envelope.data) || envelope.code === undefined || textOf(envelope.code) === '0') return undefined;
		return yunpianError(textOf(envelope.code), envelope, httpStatus, [this.apiKey]);
	}

	/** A per-recipient or whole-call error with Yunpian's own words, never echoing the api key. */
	error(code: string, entry: Record<string, unknown>): VendorError {
		return yunpianError(code, entry, undefined, [this.apiKey]);
	}
}

function yunpianError(
	code: string,
	entry: Record<string, unknown>,
	httpStatus: number | undefined,
	secrets: string[],
): VendorError {
	const said = [textOf(entry.msg), textOf(entry.detail)].filter((part) => part !== '').join(': ');
	return tableError('Yunpian', YUNPIAN_ERRORS, code, redact(said, secrets), httpStatus);
}
