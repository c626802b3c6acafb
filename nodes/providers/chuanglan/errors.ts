/**
 * Chuanglan 253 submit codes (vendor-apis.md §3.4), in plain English. Only flow-rate (103) and busy
 * (104) answers are worth retrying after a backoff; every code means nothing was sent.
 */
import type { VendorErrorInfo } from '../types';

type ErrorEntry = Omit<VendorErrorInfo, 'code'>;

const fatal = (message: string): ErrorEntry => ({ message, retryable: false, maybeSent: false });
const transient = (message: string): ErrorEntry => ({ message, retryable: true, maybeSent: false });

export const CHUANGLAN_ERRORS: Record<string, ErrorEntry> = {
	'101': fatal('No such Chuanglan account. Check the API account (e.g. N6000001) in the credential.'),
	'102': fatal('The Chuanglan API password is wrong. Check the password in the credential.'),
	'103': transient('Chuanglan rejected the request because it is sent too fast (flow rate exceeded); slow down and retry.'),
	'104': transient('Chuanglan is busy; try again later.'),
	'105': fatal('The text contains sensitive words.'),
	'106': fatal('The text length is wrong: it must be 1 to 536 characters including the 【signature】.'),
	'107': fatal('The request contains an invalid phone number.'),
	'108': fatal('Too many phone numbers in one request (at most 1000).'),
	'109': fatal('The Chuanglan account has no messages left. Top up the account, then send again.'),
	'110': fatal('This account may not send at this time of day; send later.'),
	'113': fatal('The extend code is invalid.'),
	'114': fatal('Too many parameter groups (more than 1000) or more than 20 variables in one message.'),
	'116': fatal('The 【signature】 is missing or not approved for this account.'),
	'117': fatal("This server's IP address is not whitelisted for the Chuanglan account. Add it in the Chuanglan console."),
	'118': fatal('The Chuanglan account has no permission to send. Contact Chuanglan support.'),
	'119': fatal('The Chuanglan account has expired. Contact Chuanglan support.'),
	'120': fatal("The account reached Chuanglan's daily anti-theft limit; sending can resume tomorrow."),
	'123': fatal('The send type is wrong.'),
	'124': fatal('The text does not match an approved template (white template match error).'),
	'125': fatal('The text matches a template that Chuanglan rejected.'),
	'127': fatal('The scheduled send time has the wrong format.'),
	'128': fatal('Chuanglan could not decode the text (encoding failed).'),
	'129': fatal('Chuanglan could not read the request JSON.'),
	'130': fatal('A required parameter is missing from the request.'),
};
