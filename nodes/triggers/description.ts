/** What the polling triggers share in the editor: the vendor, its credential and fields, the per-poll limit. */
import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeProperties,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { vendorNamed, type VendorDescriptor, type VendorParameters } from '../providers';
import { providerCredentials, providerProperty, vendorFields } from '../shared/descriptions';
import { MAX_EVENTS_PER_POLL } from './seenKeys';

/** Enough for a 100k campaign's receipts to arrive within 4 polls. */
export const DEFAULT_EVENTS_PER_POLL = 25_000;

export interface TriggerKind {
	displayName: string;
	name: string;
	description: string;
	/** The vendor's own parameters of this trigger (VendorDescriptor.receiptTriggerFields, …). */
	fieldsOf(vendor: VendorDescriptor): INodeProperties[];
	/** The Options collection's entries. */
	options: INodeProperties[];
}

export function triggerDescription(kind: TriggerKind): INodeTypeDescription {
	return {
		displayName: kind.displayName,
		name: kind.name,
		icon: 'file:../../icons/sms-campaign.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["provider"]}}',
		description: kind.description,
		defaults: { name: kind.displayName },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties: [
			providerProperty,
			...vendorFields(kind.fieldsOf),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: kind.options,
			},
		],
	};
}

/** The Max … Per Poll option, bounded by what the seen keys can remember (seenKeys.ts). */
export function maxPerPollOption(name: string, events: string): INodeProperties {
	return {
		displayName: `Max ${events[0].toUpperCase()}${events.slice(1)} Per Poll`,
		name,
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_EVENTS_PER_POLL },
		default: DEFAULT_EVENTS_PER_POLL,
		description: `The most ${events} one poll takes from the vendor; the rest wait for the next poll. A poll also stops pulling when half of n8n's time for it is spent.`,
	};
}

/** The Max … Per Poll value as saved, within its bounds. */
export function maxPerPoll(options: IDataObject, name: string): number {
	const value = Math.floor(Number(options[name] ?? DEFAULT_EVENTS_PER_POLL));
	return Number.isFinite(value) && value >= 1 ? Math.min(value, MAX_EVENTS_PER_POLL) : DEFAULT_EVENTS_PER_POLL;
}

/** The selected vendor's own trigger parameters, by name; empty ones are left out. */
export function vendorParameters(
	context: IPollFunctions,
	fieldsOf: (vendor: VendorDescriptor) => INodeProperties[],
): VendorParameters {
	const vendor = vendorNamed(String(context.getNodeParameter('provider')));
	const values = fieldsOf(vendor).map(({ name }) => [name, String(context.getNodeParameter(name, '') ?? '').trim()]);
	return Object.fromEntries(values.filter(([, value]) => value !== ''));
}
