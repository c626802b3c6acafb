import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import type { VendorDescriptor } from '../providers';
import { testSmsCredentials } from '../shared/credentialTest';
import { providerFromContext } from '../shared/context';
import { CREDENTIAL_TEST_METHOD, vendorList } from '../shared/descriptions';
import { timeoutOption } from '../shared/timeout';
import { pollRequestSettings } from '../triggers/budget';
import { maxPerPoll, maxPerPollOption, triggerDescription, vendorParameters } from '../triggers/description';
import { pollEvents } from '../triggers/pollEvents';
import { receiptPoll, type StatusFilter } from './pollReceipts';

const receiptFields = (vendor: VendorDescriptor) => vendor.receiptTriggerFields;

export class SmsDeliveryReceiptTrigger implements INodeType {
	description: INodeTypeDescription = triggerDescription({
		displayName: 'SMS Delivery Receipt Trigger',
		name: 'smsDeliveryReceiptTrigger',
		description: `Starts the workflow when ${vendorList()} reports whether a message was delivered`,
		fieldsOf: receiptFields,
		options: [
			maxPerPollOption('maxReceiptsPerPoll', 'receipts'),
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
	});

	methods = { credentialTest: { [CREDENTIAL_TEST_METHOD]: testSmsCredentials } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const provider = await providerFromContext(this, vendorParameters(this, receiptFields));
		return await pollEvents.call(
			this,
			receiptPoll(provider, {
				max: maxPerPoll(options, 'maxReceiptsPerPoll'),
				statusFilter: (options.statusFilter as StatusFilter | undefined) ?? 'all',
				request: pollRequestSettings(this, options),
			}),
		);
	}
}
