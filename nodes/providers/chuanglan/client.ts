import { readVendorJson, vendorRequest } from '../http';
import { asObject, redact, tableError, textOf } from '../shared';
import { VendorError } from '../types';
import { CHUANGLAN_ERRORS } from './errors';

/**
 * Chuanglan 253 transport: JSON POSTs with `account` and `password` in the body (plus the account's IP
 * whitelist). `code` is a string on send and a number on balance, so it is compared as text.
 */
export class ChuanglanClient {
	constructor(
		readonly baseUrl: string,
		private readonly account: string,
		private readonly password: string,
	) {}

	async post(path: string, fields: object, timeoutMs: number, maybeSent: boolean): Promise<Record<string, unknown>> {
		const response = await vendorRequest({
			method: 'POST',
			url: `${this.baseUrl}${path}`,
			json: { account: this.account, password: this.password, ...fields },
			timeoutMs,
		});
		const body = readVendorJson(response, {
			vendor: 'Chuanglan',
			maybeSent,
			idFields: ['msgId'],
			errorOf: (answer, httpStatus) => this.errorOf(answer, httpStatus),
		});
		return asObject(body);
	}

	/** Send and balance answer `code` ≠ "0"; the receipt pull answers `ret` ≠ 0 with `error`. */
	private errorOf(body: unknown, httpStatus: number): VendorError | undefined {
		const answer = asObject(body);
		const secrets = [this.password, this.account];
		if (answer.code !== undefined && textOf(answer.code) !== '0') {
			return tableError('Chuanglan', CHUANGLAN_ERRORS, textOf(answer.code), redact(textOf(answer.errorMsg), secrets), httpStatus);
		}
		if (answer.ret !== undefined && textOf(answer.ret) !== '0') {
			const said = redact(textOf(answer.error), secrets);
			return new VendorError(
				{
					code: `PULL_REPORT_${textOf(answer.ret)}`,
					message:
						`Chuanglan refused the receipt pull${said ? ` (Chuanglan said: ${said})` : ''}. ` +
						'Pulling receipts must be enabled for the account by Chuanglan.',
					retryable: false,
					maybeSent: false,
				},
				{ httpStatus },
			);
		}
		return undefined;
	}
}
