/** The credential test every vendor runs: one cheap call, its result in plain words. */
import { isTransportError } from '../transport/failures';
import { VendorError, type CredentialCheck } from '../types';

/** Credential tests are one cheap call; they get no per-execution settings. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 10_000;

/**
 * A credential test: `probe` makes one cheap call and words its success. A failure says what is wrong;
 * one below HTTP also names the host that was tried, since a wrong Base URL is then the likely cause.
 * `baseUrl` may be a function that reads it through baseUrlOf: it is called only after such a failure,
 * which needed a usable URL, while an unusable one fails the probe itself.
 */
export async function checkCredentials(
	vendor: string,
	baseUrl: string | (() => string),
	probe: () => Promise<string>,
): Promise<CredentialCheck> {
	try {
		return { ok: true, message: await probe() };
	} catch (error) {
		if (!(error instanceof VendorError)) throw error;
		if (!isTransportError(error)) return { ok: false, message: error.info.message };
		const host = typeof baseUrl === 'string' ? baseUrl : baseUrl();
		return { ok: false, message: `Could not reach ${vendor} at ${host}: ${error.info.message}` };
	}
}
