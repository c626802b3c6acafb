/**
 * Chuanglan 253 submit codes (docs/protocols/chuanglan.md#error-codes), in plain English. Only flow-rate (103) and busy
 * (104) answers are worth retrying after a backoff; every code means nothing was sent.
 */
import { accountWide, permanent, retryLater, type ErrorTableEntry } from '../shared/errorTable';

export const CHUANGLAN_ERRORS: Record<string, ErrorTableEntry> = {
	'101': accountWide('No such Chuanglan account. Check the API account (e.g. N6000001) in the credential.'),
	'102': accountWide('The Chuanglan API password is wrong. Check the password in the credential.'),
	'103': retryLater(
		'Chuanglan rejected the request because it is sent too fast (flow rate exceeded); slow down and retry.',
	),
	'104': retryLater('Chuanglan is busy; try again later.'),
	'105': permanent('The text contains sensitive words.'),
	'106': permanent('The text length is wrong: it must be 1 to 536 characters including the 【signature】.'),
	'107': permanent('The request contains an invalid phone number.'),
	'108': permanent('Too many phone numbers in one request (at most 1000).'),
	'109': accountWide('The Chuanglan account has no messages left. Top up the account, then send again.'),
	'110': accountWide('This account may not send at this time of day; send later.'),
	'113': permanent('The extend code is invalid.'),
	'114': permanent('Too many parameter groups (more than 1000) or more than 20 variables in one message.'),
	'116': accountWide('The 【signature】 is missing or not approved for this account.'),
	'117': accountWide(
		"This server's IP address is not whitelisted for the Chuanglan account. Add it in the Chuanglan console.",
	),
	'118': accountWide('The Chuanglan account has no permission to send. Contact Chuanglan support.'),
	'119': accountWide('The Chuanglan account has expired. Contact Chuanglan support.'),
	'120': accountWide("The account reached Chuanglan's daily anti-theft limit; sending can resume tomorrow."),
	'123': permanent('The send type is wrong.'),
	'124': permanent('The text does not match an approved template (white template match error).'),
	'125': permanent('The text matches a template that Chuanglan rejected.'),
	'127': permanent('The scheduled send time has the wrong format.'),
	'128': permanent('Chuanglan could not decode the text (encoding failed).'),
	'129': permanent('Chuanglan could not read the request JSON.'),
	'130': permanent('A required parameter is missing from the request.'),
};
