import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { testSmsCredentials } from '../shared/credentialTest';
import { providerFromContext } from '../shared/context';
import {
	CREDENTIAL_TEST_METHOD,
	providerCredentials,
	providerProperty,
	vendorFields,
	vendorList,
} from '../shared/descriptions';
import { vendorNamed, type VendorParameters } from '../providers';
import { requestSettings, timeoutOption } from '../shared/timeout';
import { pollReceipts, type StatusFilter } from './pollReceipts';
import { SEEN_RECEIPTS_LIMIT } from './receiptState';

const MAX_RECEIPTS_PER_POLL = SEEN_RECEIPTS_LIMIT / 2;

export class SmsDeliveryReceiptTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Delivery Receipt Trigger',
		name: 'smsDeliveryReceiptTrigger',
		icon: 'file:../../icons/sms-campaign.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["provider"]}}',
		description: `Starts the workflow when ${vendorList()} reports whether a message was delivered`,
		defaults: { name: 'SMS Delivery Receipt Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties: [
			providerProperty,
			...vendorFields((vendor) => vendor.receiptTriggerFields),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Receipts Per Poll',
						name: 'maxReceiptsPerPoll',
						type: 'number',
						// Below the seen-receipts memory, so one poll can never push out the keys of the last.
						typeOptions: { minValue: 1, maxValue: MAX_RECEIPTS_PER_POLL },
						default: 1000,
						description: 'The most receipts one poll takes from the vendor; the rest wait for the next poll',
					},
					{
						displayName: 'Status Filter',
						name: 'statusFilter',
						type: 'options',
						options: [
							{ name: 'All', value: 'all', description: 'Emit every receipt' },
							{ name: 'Delivered Only', value: 'delivered', description: 'Emit receipts of delivered messages' },
							{
								name: 'Failed Only',
								value: 'failed',
								description: 'Emit receipts of messages that were not delivered',
							},
						],
						default: 'all',
						description: 'Which receipts start the workflow; the others are consumed without a run',
					},
					timeoutOption,
				],
			},
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_METHOD]: testSmsCredentials } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as IDataObject & {
			maxReceiptsPerPoll?: number;
			statusFilter?: StatusFilter;
		};
		const provider = await providerFromContext(this, vendorParameters(this));
		return await pollReceipts.call(this, provider, {
			maxReceiptsPerPoll: Math.min(options.maxReceiptsPerPoll ?? 1000, MAX_RECEIPTS_PER_POLL),
			statusFilter: options.statusFilter ?? 'all',
			timeoutMs: requestSettings(options).timeoutMs,
		});
	}
}

/** The selected vendor's own trigger parameters, by name; empty ones are left out. */
function vendorParameters(context: IPollFunctions): VendorParameters {
	const vendor = vendorNamed(String(context.getNodeParameter('provider')));
	const values = vendor.receiptTriggerFields.map(({ name }) => [
		name,
		String(context.getNodeParameter(name, '') ?? '').trim(),
	]);
	return Object.fromEntries(values.filter(([, value]) => value !== ''));
}
