import { requestVendorJson } from '../transport/json';
import { type VendorRequest } from '../transport/request';
import { baseUrlOf } from '../shared/baseUrl';
import { checkCredentials, CREDENTIAL_TEST_TIMEOUT_MS } from '../shared/credentialCheck';
import { redact, tableError } from '../shared/errorTable';
import { asObject, textOf } from '../shared/fields';
import { VendorError, type CredentialCheck, type RequestSettings } from '../types';
import { CHUANGLAN_ERRORS } from './errors';

/** The pulls, which name their failures by what they pull. */
const PULLS: Record<string, { code: string; what: string }> = {
	'/msg/pull/report': { code: 'PULL_REPORT', what: 'receipt' },
	'/msg/pull/mo': { code: 'PULL_MO', what: 'reply' },
};

const DEFAULT_BASE_URL = 'https://smssh1.253.com';

/**
 * Chuanglan 253 transport: JSON POSTs with `account` and `password` in the body (plus the account's IP
 * whitelist). `code` is a string on send and a number on balance, so it is compared as text.
 */
export class ChuanglanClient {
	constructor(
		private readonly baseUrlSetting: unknown,
		private readonly account: string,
		private readonly password: string,
	) {}

	/** The credential's Base URL, checked on every use (see baseUrlOf): throws INVALID_BASE_URL. */
	get baseUrl(): string {
		return baseUrlOf(this.baseUrlSetting, DEFAULT_BASE_URL);
	}

	/** `maybeSent`: whether the request can send messages. Any other request is a read, safe to repeat. */
	async post(
		path: string,
		fields: object,
		settings: RequestSettings,
		maybeSent: boolean,
	): Promise<Record<string, unknown>> {
		const request: VendorRequest = {
			method: 'POST',
			url: `${this.baseUrl}${path}`,
			json: { account: this.account, password: this.password, ...fields },
			timeoutMs: settings.timeoutMs,
			onAnswered: settings.onAnswered,
		};
		const body = await requestVendorJson(request, {
			vendor: 'Chuanglan',
			maybeSent,
			idFields: ['msgId'],
			errorOf: (answer, httpStatus) => this.errorOf(answer, httpStatus, path),
		});
		return asObject(body);
	}

	/** balance/json: the one call that proves account, password and IP whitelist without side effects. */
	async balance(timeoutMs: number): Promise<Record<string, unknown>> {
		return await this.post('/msg/balance/json', {}, { timeoutMs }, false);
	}

	async testCredentials(): Promise<CredentialCheck> {
		return await checkCredentials(
			'Chuanglan',
			() => this.baseUrl,
			async () => {
				const answer = await this.balance(CREDENTIAL_TEST_TIMEOUT_MS);
				return `Connected to Chuanglan. Balance: ${textOf(answer.balance) || 'unknown'} messages.`;
			},
		);
	}

	/** Send and balance answer `code` ≠ "0"; the receipt and reply pulls answer `ret` ≠ 0 with `error`. */
	private errorOf(body: unknown, httpStatus: number, path: string): VendorError | undefined {
		const answer = asObject(body);
		const secrets = [this.password, this.account];
		if (answer.code !== undefined && textOf(answer.code) !== '0') {
			return tableError(
				'Chuanglan',
				CHUANGLAN_ERRORS,
				textOf(answer.code),
				redact(textOf(answer.errorMsg), secrets),
				httpStatus,
			);
		}
		if (answer.ret !== undefined && textOf(answer.ret) !== '0') {
			const said = redact(textOf(answer.error), secrets);
			// `ret` carries no reason code: the text may say throttled, wrong password or not enabled. A pull
			// can be repeated safely, so it stays retryable whatever the reason.
			const pull = PULLS[path] ?? PULLS['/msg/pull/report'];
			return new VendorError(
				{
					code: `${pull.code}_${textOf(answer.ret)}`,
					message:
						`Chuanglan refused the ${pull.what} pull${said ? ` (Chuanglan said: ${said})` : ''}. ` +
						`If pulling ${pull.what}s is not enabled for the account, ask 253 to enable it.`,
					retryable: true,
					maybeSent: false,
				},
				{ httpStatus },
			);
		}
		return undefined;
	}
}
