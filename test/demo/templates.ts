/**
 * How the SMS Campaign node addresses the demo's points-expiry template per vendor (the templates are
 * the sandbox's, see test/sandbox/demoTemplates.ts). The examples under examples/ use these ids.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { ProviderName } from '../../nodes/providers';
export { defineDemoTemplates } from '../sandbox/demoTemplates';

/** The node's template parameters for the points-expiry notice (`name`, `points`). */
export const POINTS_EXPIRY_TEMPLATE: Record<ProviderName, INodeParameters> = {
	aliyun: { templateId: 'SMS_100001' },
	yunpian: { templateId: '100001' },
	chuanglan: { templateContent: '{$name}您好，您的会员积分{$points}即将到期。' },
	// Numbered placeholders: the segment's fields fill {1} and {2} in the order of the entries.
	tencent: {
		templateId: '100001',
		variablesMode: 'fields',
		templateVariables: {
			variable: [
				{ name: 'name', value: '={{ $json.name }}' },
				{ name: 'points', value: '={{ $json.points }}' },
			],
		},
	},
};
