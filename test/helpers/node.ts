import type { INode } from 'n8n-workflow';

/** The SMS Campaign node as a workflow holds it, for specs that need an `INode` without running n8n. */
export const smsCampaignNode: INode = {
	id: 'sms',
	name: 'SMS Campaign',
	type: 'n8n-nodes-sms-campaign.smsCampaign',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
