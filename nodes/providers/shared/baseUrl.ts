/** A credential's Base URL, checked each time a request is made. */
import { VendorError } from '../types';

/**
 * A credential's base URL without the trailing slash, or the vendor's default when empty. Anything but an
 * http(s) URL with a host (`smssh1.253.com`, `ftp://…`) throws INVALID_BASE_URL naming it: nothing is
 * sent, and retrying cannot help. Call it when a request is made, not when a provider is built, so that
 * the credential test and each call report it instead of the node failing to start.
 */
export function baseUrlOf(value: unknown, fallback: string): string {
	const given = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	const url = given.replace(/\/+$/, '');
	if (!isHttpUrl(url)) {
		throw new VendorError({
			code: 'INVALID_BASE_URL',
			message: `The Base URL "${given}" is not an http:// or https:// address with a host name (for example ${fallback}); nothing was sent. Correct it in the credential.`,
			retryable: false,
			maybeSent: false,
		});
	}
	return url;
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}
