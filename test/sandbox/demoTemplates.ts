import type { Sandbox } from './types';

/**
 * Approved templates of the demo, the examples and `npm run sandbox`: a points-expiry notice and a
 * marketing message (ending in the opt-out sentence) for each vendor.
 */
export function defineDemoTemplates(sandbox: Sandbox): void {
	sandbox.defineTemplate('aliyun', { id: 'SMS_100001', content: '您好${name}，您的会员积分${points}即将到期。' });
	sandbox.defineTemplate('aliyun', { id: 'SMS_100002', content: '${name}您好，会员日全场8折，详询门店。拒收请回复R' });
	sandbox.defineTemplate('yunpian', { id: '100001', content: '#name#您好，您的会员积分#points#即将到期。' });
	sandbox.defineTemplate('yunpian', { id: '100002', content: '#name#您好，会员日全场8折，详询门店。拒收请回复R' });
	sandbox.defineTemplate('chuanglan', { id: 'points-expiry', content: '{$name}您好，您的会员积分{$points}即将到期。' });
	sandbox.defineTemplate('chuanglan', {
		id: 'member-day',
		content: '{$name}您好，会员日全场8折，详询门店。拒收请回复R',
	});
	sandbox.defineTemplate('tencent', { id: '100001', content: '您好{1}，您的会员积分{2}即将到期。' });
	sandbox.defineTemplate('tencent', { id: '100002', content: '{1}您好，会员日全场8折，详询门店。拒收请回复R' });
}
