import type { VendorDescriptor } from '../descriptor';
import { signatureTextField } from '../shared/pickers';
import { chuanglanProvider } from './index';

export const chuanglan = {
	name: 'chuanglan' as const,
	displayName: 'Chuanglan 253 (创蓝)',
	credentialType: 'chuanglanApi',
	templateFields: [
		{
			displayName: 'Template Content',
			name: 'templateContent',
			type: 'string',
			required: true,
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. Hello {$name}, your order {$order} has shipped.',
			description:
				'The approved template text without the signature. Placeholders are {$var}, or named like {$name} so that each takes its own value.',
			hint: 'Chuanglan 253 has no template API: copy the approved text from the 253 console.',
		},
	],
	signatureFields: [signatureTextField],
	receiptTriggerFields: [],
	replyTriggerFields: [],
	create: chuanglanProvider,
} satisfies VendorDescriptor;
