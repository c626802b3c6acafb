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
import { CREDENTIAL_TEST_METHOD, providerCredentials, providerProperty } from '../shared/descriptions';
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
		description: 'Starts the workflow when Aliyun SMS, Yunpian or Chuanglan 253 reports whether a message was delivered',
		defaults: { name: 'SMS Delivery Receipt Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties: [
			providerProperty,
			{
				displayName: 'Queue Name',
				name: 'queueName',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'Alicom-Queue-<accountId>-SmsReport',
				description:
					'The receipt queue (message type SmsReport) shown in the Aliyun SMS console under receipt settings',
				displayOptions: { show: { provider: ['aliyun'] } },
			},
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
							{ name: 'Failed Only', value: 'failed', description: 'Emit receipts of messages that were not delivered' },
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
		const queueName = this.getNodeParameter('queueName', '') as string;
		const options = this.getNodeParameter('options', {}) as IDataObject & {
			maxReceiptsPerPoll?: number;
			statusFilter?: StatusFilter;
		};
		const provider = await providerFromContext(this, { queueName: queueName || undefined });
		return await pollReceipts.call(this, provider, {
			maxReceiptsPerPoll: Math.min(options.maxReceiptsPerPoll ?? 1000, MAX_RECEIPTS_PER_POLL),
			statusFilter: options.statusFilter ?? 'all',
			timeoutMs: requestSettings(options).timeoutMs,
		});
	}
}
