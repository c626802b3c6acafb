/** Reading a vendor's JSON answer into its result or its error, with 64-bit ids kept exact. */
import { VendorError } from '../types';
import { asReadFailure } from './failures';
import { vendorRequest, type VendorRequest, type VendorResponse } from './request';

/**
 * Parses a vendor JSON body. A body that is not JSON means the vendor's answer was lost: for a send it
 * may have been processed, so the caller says whether that matters via `maybeSent`.
 */
export function parseJsonBody(response: VendorResponse, maybeSent: boolean): unknown {
	try {
		return JSON.parse(response.body);
	} catch {
		throw new VendorError(
			{
				code: 'MALFORMED_RESPONSE',
				message: `The vendor answered HTTP ${response.status} with a body that is not valid JSON${
					maybeSent ? '; it may have accepted the request, so it is not sent again' : ''
				}.`,
				retryable: false,
				maybeSent,
			},
			{ httpStatus: response.status },
		);
	}
}

/**
 * Parses a JSON body whose `idFields` may hold 64-bit integers (a message id): such an id keeps every
 * digit only as a string, so those fields' integers are quoted before parsing.
 */
function parseKeepingIds(response: VendorResponse, idFields: string[], maybeSent: boolean): unknown {
	if (idFields.length === 0) return parseJsonBody(response, maybeSent);
	return parseJsonBody({ ...response, body: quoteIntegerFields(response.body, idFields) }, maybeSent);
}

/** Turns integer values of the named fields into JSON strings, which keep every digit. */
function quoteIntegerFields(body: string, fields: string[]): string {
	const pattern = new RegExp(`("(?:${fields.join('|')})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
	return body.replace(pattern, '$1"$2"');
}

export interface VendorJsonReading {
	/** Vendor name for messages. */
	vendor: string;
	/** Whether the vendor may have acted on the request when its answer is unreadable (sends). */
	maybeSent: boolean;
	/** Integer fields that may hold 64-bit ids: every digit is kept (a number when it fits a double, else a string). */
	idFields: string[];
	/** The vendor's error carried in a parsed body, or undefined when the body reports success. */
	errorOf(body: unknown, httpStatus: number): VendorError | undefined;
	/** A body that answers the request even under an HTTP error status (per-recipient batch results). */
	carriesResults?(body: unknown): boolean;
}

/**
 * One JSON exchange with a vendor: the request, then its answer read (readVendorJson). The failure of a
 * read (`reading.maybeSent` false) is worded as a read's, which asking again cannot harm (asReadFailure).
 */
export async function requestVendorJson(request: VendorRequest, reading: VendorJsonReading): Promise<unknown> {
	try {
		return readVendorJson(await vendorRequest(request), reading);
	} catch (error) {
		throw !reading.maybeSent && error instanceof VendorError ? asReadFailure(error) : error;
	}
}

/**
 * Parses a vendor's JSON answer and raises the error it carries. A 5xx without a vendor error is a
 * gateway failure before processing (retryable); any other unreadable body is MALFORMED_RESPONSE.
 */
export function readVendorJson(response: VendorResponse, reading: VendorJsonReading): unknown {
	let body: unknown;
	try {
		body = parseKeepingIds(response, reading.idFields, reading.maybeSent);
	} catch (error) {
		if (response.status >= 500) throw serverError(reading, response.status);
		throw error;
	}
	const vendorError = reading.errorOf(body, response.status);
	if (vendorError) throw vendorError;
	if (response.status >= 400 && reading.carriesResults?.(body)) return body;
	if (response.status >= 500) throw serverError(reading, response.status);
	if (response.status >= 400) {
		throw new VendorError(
			{
				code: `HTTP_${response.status}`,
				message: `${reading.vendor} answered HTTP ${response.status} without an error code. Check the Base URL.`,
				retryable: false,
				maybeSent: false,
			},
			{ httpStatus: response.status },
		);
	}
	return body;
}

/**
 * HTTP 5xx without a vendor answer. A 503 says the service did not take the request, so a later retry is
 * safe; any other (500, 502, 504 from a gateway) may come after the vendor processed it, so a send is then
 * left unknown and never repeated, while a read can be.
 */
function serverError(reading: VendorJsonReading, httpStatus: number): VendorError {
	const { vendor, maybeSent } = reading;
	const notTaken = httpStatus === 503 || !maybeSent;
	const message = notTaken
		? `${vendor} answered HTTP ${httpStatus} (server error) before processing the request; it can be retried later.`
		: `${vendor} answered HTTP ${httpStatus} (server error); it may still have accepted the request, so it is not sent again.`;
	return new VendorError(
		{ code: `HTTP_${httpStatus}`, message, retryable: notTaken, maybeSent: !notTaken },
		{ httpStatus },
	);
}
