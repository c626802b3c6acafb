import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { runCampaign } from '../../campaign/campaign';
import { optionDefaults, sendOptions, sendProperties } from '../descriptions';

const options = sendOptions({ batch: true });

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['sendBatch'] } },
	sendProperties(options),
);

/** All items in as few vendor calls as the vendor allows, each number with its own variables. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runCampaign.call(this, 'batch', optionDefaults(options));
}
