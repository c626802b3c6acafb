import type { IDataObject, INodeProperties } from 'n8n-workflow';

const options: INodeProperties[] = [
	{
		displayName: 'Append Opt-Out Text',
		name: 'appendOptOut',
		type: 'boolean',
		default: false,
		description:
			'Whether to end text-based messages with the opt-out sentence marketing SMS in mainland China must carry ("reply R to unsubscribe")',
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description: "Most numbers per vendor call; the vendor's own limit applies when it is lower",
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'How many vendor calls may run at the same time',
	},
	{
		displayName: 'Deduplicate Numbers',
		name: 'dedupe',
		type: 'boolean',
		default: false,
		description:
			'Whether to send each number once per execution; repeats come back as skipped and point at the first item with that number',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: 'CN',
		placeholder: 'e.g. CN',
		description: 'Two-letter country code for numbers written without an international prefix',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to render and validate every message without sending anything',
	},
	{
		displayName: 'Max Requests Per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 50,
		description: 'Upper bound on vendor calls started per second, retries included (0 = no bound)',
	},
	{
		displayName: 'Quiet Hours',
		name: 'quietHours',
		type: 'collection',
		placeholder: 'Add Quiet Hours Field',
		default: { start: '21:00', end: '08:00', timeZone: 'Asia/Shanghai' },
		description: 'A daily window in which nothing is sent; recipients come back as skipped',
		options: [
			{
				displayName: 'End',
				name: 'end',
				type: 'string',
				default: '08:00',
				placeholder: 'e.g. 08:00',
				description: 'Local time (HH:mm) at which sending may resume',
			},
			{
				displayName: 'Start',
				name: 'start',
				type: 'string',
				default: '21:00',
				placeholder: 'e.g. 21:00',
				description: 'Local time (HH:mm) at which the quiet hours begin',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'Asia/Shanghai',
				placeholder: 'e.g. Asia/Shanghai',
				description: 'IANA time zone of the start and end times',
			},
		],
	},
	{
		displayName: 'Suppressed Numbers',
		name: 'suppressedNumbers',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Opt-Outs').all().map(item => item.json.phone) }}",
		description:
			'Numbers never to send to, such as the ones that replied R: a list (usually an expression reading a Data Table, a sheet or a database) or numbers separated by commas or new lines. Written in any form a recipient may be; a match is skipped with code OPTED_OUT.',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10000,
		description:
			'Milliseconds to wait for each vendor call. A call that times out is reported as unknown and never sent again.',
	},
];

/**
 * The Options collection of Send and Send Batch. Only Send Batch groups numbers into batches, and it
 * deduplicates by default: a segment export often lists a number twice.
 */
export function sendOptions(operation: { batch: boolean }): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: operation.batch
			? options.map((option) => (option.name === 'dedupe' ? { ...option, default: true } : option))
			: options.filter((option) => option.name !== 'batchSize'),
	};
}

/** The defaults the editor shows, which the campaign applies to the options the user did not add. */
export function optionDefaults(collection: INodeProperties): IDataObject {
	return Object.fromEntries(
		(collection.options as INodeProperties[]).map((option) => [option.name, option.default]),
	) as IDataObject;
}
