/**
 * Yunpian v2 error codes (vendor-apis.md §2.4), in plain English. `retryable` means the same request can
 * succeed if sent again after a backoff; limits that last hours or need a fix by the user are not.
 */
import type { VendorErrorInfo } from '../types';

type ErrorEntry = Omit<VendorErrorInfo, 'code'>;

const fatal = (message: string): ErrorEntry => ({ message, retryable: false, maybeSent: false });
const transient = (message: string): ErrorEntry => ({ message, retryable: true, maybeSent: false });

export const YUNPIAN_ERRORS: Record<string, ErrorEntry> = {
	'1': fatal('A required parameter is missing from the request.'),
	'2': fatal('A parameter has the wrong format, for example a malformed phone number.'),
	'3': fatal('The Yunpian account balance is too low. Top up the account, then send again.'),
	'4': fatal('The text contains a blocked keyword.'),
	'5': fatal('No approved Yunpian template matches this template ID or text. Check the template and signature.'),
	'6': fatal('Yunpian could not add the template.'),
	'7': fatal('The template cannot be used yet: it is still under review or was rejected.'),
	'8': fatal('The same text was sent to this number less than 30 seconds ago (Yunpian duplicate filter).'),
	'9': fatal('The same text was sent to this number more than 3 times in 5 minutes (Yunpian duplicate filter).'),
	'10': fatal('This phone number is on the blacklist.'),
	'11': fatal('Yunpian does not accept GET for this API.'),
	'12': fatal('Yunpian does not accept POST for this API.'),
	'13': fatal('Marketing SMS are suspended for this account right now; send later.'),
	'14': fatal('Yunpian could not decode the request; check the text encoding.'),
	'15': fatal('The signature does not match the fixed signature configured for this account.'),
	'16': fatal('The signature format is wrong, for example several 【】 signatures in one text.'),
	'17': fatal('This number reached its 24-hour sending limit.'),
	'18': fatal('Yunpian could not verify the signature.'),
	'19': fatal('The request expired.'),
	'20': fatal('Yunpian does not send to this country or region.'),
	'21': fatal('Yunpian could not decrypt the request.'),
	'22': fatal('This number reached its 1-hour sending limit; send later.'),
	'23': fatal("This region is not in the template's list of regions."),
	'24': fatal('Yunpian could not add the balance alarm.'),
	'25': fatal('The number of phone numbers and texts differ (multi_send).'),
	'26': fatal('Yunpian reported a package error.'),
	'27': fatal('Billing by money is not enabled for this account.'),
	'28': transient('The carrier returned an error; try again later.'),
	'43': fatal('This number reached its daily sending limit.'),
	'-1': fatal('The API key is wrong. Copy the APIKEY from the Yunpian console into the credential.'),
	'-2': fatal('This API is not enabled for the account. Ask Yunpian support to enable it.'),
	'-3': fatal("This server's IP address is not in the account's IP whitelist. Add it in the Yunpian console."),
	'-4': fatal('The account reached its API access count limit.'),
	'-5': transient('Yunpian rejected the request because it is sent too fast (rate limit); slow down and retry.'),
	'-6': fatal('Batch sending is not enabled for this account.'),
	'-50': transient('Yunpian had an unknown internal error; try again later.'),
	'-51': transient('Yunpian is busy (system or database failure); try again later.'),
	'-52': fatal('Yunpian could not recharge the account.'),
	'-53': {
		message: 'Yunpian reported that the submission failed, but it may still have been sent, so it is not sent again.',
		retryable: false,
		maybeSent: true,
	},
	'-54': fatal('The record already exists.'),
	'-55': fatal('The record was not found.'),
	'-56': fatal('Yunpian could not run the promotion.'),
	'-57': fatal('The account has no fixed signature set. Configure one in the Yunpian console.'),
};
