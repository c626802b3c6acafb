import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { runCampaign } from '../../campaign/campaign';
import { optionDefaults, sendOptions, sendProperties } from '../descriptions';

const options = sendOptions({ batch: false });

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['send'] } },
	sendProperties(options),
);

/** One vendor call per input item; the item's numbers share its variables. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runCampaign.call(this, 'perItem', optionDefaults(options));
}
