/**
 * The demo's approved templates, as `npm run sandbox` also defines them, and how the SMS Campaign node
 * addresses the points-expiry one per vendor. The examples under examples/ use these ids.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { ProviderName } from '../../nodes/providers';
import type { Sandbox } from '../sandbox';

export function defineDemoTemplates(sandbox: Sandbox): void {
	sandbox.defineTemplate('aliyun', { id: 'SMS_100001', content: '您好${name}，您的会员积分${points}即将到期。' });
	sandbox.defineTemplate('aliyun', { id: 'SMS_100002', content: '${name}您好，会员日全场8折，详询门店。拒收请回复R' });
	sandbox.defineTemplate('yunpian', { id: '100001', content: '#name#您好，您的会员积分#points#即将到期。' });
	sandbox.defineTemplate('yunpian', { id: '100002', content: '#name#您好，会员日全场8折，详询门店。拒收请回复R' });
	sandbox.defineTemplate('chuanglan', { id: 'points-expiry', content: '{$name}您好，您的会员积分{$points}即将到期。' });
	sandbox.defineTemplate('chuanglan', { id: 'member-day', content: '{$name}您好，会员日全场8折，详询门店。拒收请回复R' });
}

/** The node's template parameters for the points-expiry notice (`name`, `points`). */
export const POINTS_EXPIRY_TEMPLATE: Record<ProviderName, INodeParameters> = {
	aliyun: { templateId: 'SMS_100001' },
	yunpian: { templateId: '100001' },
	chuanglan: { templateContent: '{$name}您好，您的会员积分{$points}即将到期。' },
};
