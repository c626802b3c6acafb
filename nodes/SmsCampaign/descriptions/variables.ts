import type { INodeProperties } from 'n8n-workflow';

/** How each recipient's template variables are filled. Shared by every operation that renders a template. */
export const variableProperties: INodeProperties[] = [
	{
		displayName: 'Variables',
		name: 'variablesMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Define Below',
				value: 'fields',
				description: 'Set each variable, usually with an expression',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'Give all variables as one JSON object',
			},
			{
				name: 'Map Automatically',
				value: 'autoMap',
				description:
					'Each variable takes the input field of the same name, unnamed {$var} slots the fields var1, var2, … (fastest for large campaigns)',
			},
		],
		default: 'autoMap',
		description: "Where the values of the template's placeholders come from",
	},
	{
		displayName: 'Template Variables',
		name: 'templateVariables',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Variable',
		default: {},
		description:
			'Values for the placeholders. For unnamed {$var} placeholders the order of the entries is the order of the slots.',
		displayOptions: { show: { variablesMode: ['fields'] } },
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. code',
						description: "The placeholder's name as written in the template",
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.code }}',
					},
				],
			},
		],
	},
	{
		displayName: 'Variables (JSON)',
		name: 'variablesJson',
		type: 'json',
		default: '{}',
		placeholder: 'e.g. {"code": "1234"}',
		description:
			'An object with one value per placeholder. For unnamed {$var} placeholders an array gives the values in slot order.',
		displayOptions: { show: { variablesMode: ['json'] } },
	},
];
