import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import type { VendorDescriptor } from '../providers';
import { testSmsCredentials } from '../shared/credentialTest';
import { providerFromContext } from '../shared/context';
import { CREDENTIAL_TEST_METHOD, vendorList } from '../shared/descriptions';
import { timeoutOption } from '../shared/timeout';
import { pollRequestSettings } from '../triggers/budget';
import { maxPerPoll, maxPerPollOption, triggerDescription, vendorParameters } from '../triggers/description';
import { pollEvents } from '../triggers/pollEvents';
import { DEFAULT_OPT_OUT_KEYWORDS } from './optOut';
import { replyPoll } from './pollReplies';

const replyFields = (vendor: VendorDescriptor) => vendor.replyTriggerFields;

export class SmsReplyTrigger implements INodeType {
	description: INodeTypeDescription = triggerDescription({
		displayName: 'SMS Reply Trigger',
		name: 'smsReplyTrigger',
		description: `Starts the workflow when a recipient replies to a message sent through ${vendorList()}, and tells opt-outs (R, TD, 退订) apart`,
		fieldsOf: replyFields,
		options: [
			maxPerPollOption('maxRepliesPerPoll', 'replies'),
			{
				displayName: 'Only Opt-Outs',
				name: 'onlyOptOuts',
				type: 'boolean',
				default: false,
				description: 'Whether to start the workflow only for opt-outs; other replies are consumed without a run',
			},
			{
				displayName: 'Opt-Out Keywords',
				name: 'optOutKeywords',
				type: 'string',
				default: DEFAULT_OPT_OUT_KEYWORDS,
				description:
					'Comma-separated replies that mean "stop sending to me". A reply is an opt-out when, trimmed of spaces and punctuation, it is one of them, in any case and in full-width or half-width letters.',
			},
			timeoutOption,
		],
	});

	methods = { credentialTest: { [CREDENTIAL_TEST_METHOD]: testSmsCredentials } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const provider = await providerFromContext(this, vendorParameters(this, replyFields));
		return await pollEvents.call(
			this,
			replyPoll(provider, {
				max: maxPerPoll(options, 'maxRepliesPerPoll'),
				onlyOptOuts: options.onlyOptOuts === true,
				optOutKeywords: String(options.optOutKeywords ?? DEFAULT_OPT_OUT_KEYWORDS),
				request: pollRequestSettings(this, options),
			}),
		);
	}
}
