import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_METHOD, providerCredentials, providerProperty, vendorList } from '../shared/descriptions';
import { testSmsCredentials } from '../shared/credentialTest';
import * as checkTemplate from './actions/checkTemplate.operation';
import * as getStatus from './actions/getStatus.operation';
import * as send from './actions/send.operation';
import * as sendBatch from './actions/sendBatch.operation';
import { listSearch } from './methods/listSearch';

interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

const operations: Record<string, Operation> = { send, sendBatch, checkTemplate, getStatus };

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Check Template',
			value: 'checkTemplate',
			description: 'Check that the template is approved and every item has its variables',
			action: 'Check an SMS template',
		},
		{
			name: 'Get Status',
			value: 'getStatus',
			description: 'Get the delivery status of messages sent to a phone',
			action: 'Get SMS delivery status',
		},
		{
			name: 'Send',
			value: 'send',
			description: 'Send the template to each item, one vendor call per item',
			action: 'Send an SMS',
		},
		{
			name: 'Send Batch',
			value: 'sendBatch',
			description: 'Send the template to all items in as few vendor calls as possible',
			action: 'Send a batch of SMS',
		},
	],
	default: 'sendBatch',
};

export class SmsCampaign implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Campaign',
		name: 'smsCampaign',
		icon: 'file:../../icons/sms-campaign.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["provider"]}}',
		description: `Send template SMS campaigns through ${vendorList()}`,
		defaults: { name: 'SMS Campaign' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties: [
			providerProperty,
			operationProperty,
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_METHOD]: testSmsCredentials }, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return await operations[operation].execute.call(this);
	}
}
