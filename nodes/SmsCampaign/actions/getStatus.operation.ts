import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { CANCELLED } from '../../campaign/pacing';
import { isCountryCode, parsePhone, splitPhoneList } from '../../campaign/phone';
import { formatChinaTime } from '../../providers/shared/chinaTime';
import { VendorError, type PhoneNumber, type StatusRecord } from '../../providers';
import { providerFromContext } from '../../shared/context';
import { phoneProperty } from '../descriptions';
import { failedItem, vendorNodeError } from '../../shared/errors';
import { requestSettings, timeoutOption } from '../../shared/timeout';

const DEFAULT_COUNTRY = 'CN';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getStatus'] } }, [
	{
		...phoneProperty,
		description:
			'The number the messages were sent to. Mainland numbers may be written with or without +86, 0086 or 86; other countries in E.164.',
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 734404282527581474^0',
		description: 'The messageId a send returned. Leave empty to get every message sent to the number that day.',
	},
	{
		displayName: 'Send Date',
		name: 'sendDate',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-05-01',
		description:
			'The day the messages were sent, in China time (yyyy-MM-dd). Leave empty for today. Vendors keep records for a limited time (30 days or less).',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: DEFAULT_COUNTRY,
				placeholder: 'e.g. CN',
				description: 'Two-letter country code for numbers written without an international prefix',
			},
			timeoutOption,
		],
	},
]);

/** One output item per message the vendor reports for the item's number and day, paired with the item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const providerName = this.getNodeParameter('provider', 0) as string;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const settings = requestSettings(options);
	const defaultCountry = String(options.defaultCountry || DEFAULT_COUNTRY).toUpperCase();
	if (!isCountryCode(defaultCountry)) {
		throw new NodeOperationError(node, `Unknown default country "${String(options.defaultCountry)}"`, {
			description: 'Use a two-letter ISO country code such as CN, HK or US.',
		});
	}
	const provider = await providerFromContext(this);
	const cancelSignal = this.getExecutionCancelSignal?.();

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let phoneText = '';
		let messageId = '';
		try {
			phoneText = String(this.getNodeParameter('phone', itemIndex) ?? '');
			messageId = String(this.getNodeParameter('messageId', itemIndex, '') ?? '').trim();
			const phone = onePhone(phoneText, defaultCountry);
			phoneText = phone.e164;
			const sendDate = chinaDay(this.getNodeParameter('sendDate', itemIndex, ''), new Date());
			if (cancelSignal?.aborted) throw new VendorError(CANCELLED);
			const records = await provider.queryStatus({ phone, messageId: messageId || undefined, sendDate }, settings);
			for (const record of records) {
				output.push({ json: statusItem(providerName, record), pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const notSupported = error instanceof VendorError && error.info.code === 'NOT_SUPPORTED';
			const failure = vendorNodeError(node, error, {
				itemIndex,
				action: 'Could not get the delivery status',
				description: notSupported
					? "Add an SMS Delivery Receipt Trigger to a workflow to receive this vendor's delivery receipts."
					: 'Check the phone number, the send date and the credential.',
			});
			const json = { ...statusItem(providerName, UNKNOWN_STATUS), phone: phoneText, messageId };
			output.push(failedItem(this, failure, error, json, itemIndex));
		}
	}
	return [output];
}

function onePhone(value: unknown, defaultCountry: Parameters<typeof parsePhone>[1]): PhoneNumber {
	const numbers = splitPhoneList(value);
	if (numbers.length !== 1) {
		throw new TypeError(`Get Status takes exactly one phone number per item, got ${numbers.length}`);
	}
	const parsed = parsePhone(numbers[0], defaultCountry);
	if (!parsed.valid) throw new TypeError(parsed.reason);
	return parsed.phone;
}

/**
 * The China (UTC+8) calendar day a Send Date names, as `yyyy-MM-dd`: empty means today; a time with an
 * offset (such as a receipt's `sentAt`) means the China day of that instant; a date-only value or a
 * time without offset keeps its own day. Anything else goes to the vendor module, which explains it.
 */
function chinaDay(value: unknown, now: Date): string {
	if (value instanceof Date) return formatChinaTime(value).slice(0, 10);
	const text = String(value ?? '').trim();
	if (text === '') return formatChinaTime(now).slice(0, 10);
	const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
	if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
	if (/T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && !Number.isNaN(Date.parse(text))) {
		return formatChinaTime(new Date(text)).slice(0, 10);
	}
	return /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0] ?? text;
}

/** What an item whose status could not be read reports, beside its error. */
const UNKNOWN_STATUS: StatusRecord = {
	phone: '',
	messageId: '',
	outId: '',
	status: 'unknown',
	errorCode: '',
	errorMessage: '',
	sentAt: '',
	deliveredAt: '',
	content: '',
};

function statusItem(provider: string, record: StatusRecord): IDataObject {
	return {
		provider,
		phone: record.phone,
		messageId: record.messageId,
		outId: record.outId,
		status: record.status,
		errorCode: record.errorCode,
		errorMessage: record.errorMessage,
		sentAt: record.sentAt,
		deliveredAt: record.deliveredAt,
		content: record.content,
	};
}
