import type { Sandbox } from './types';

/**
 * Templates of the demo, the examples and `npm run sandbox`: an approved points-expiry notice and
 * marketing message (ending in the opt-out sentence) for each vendor, and, so that the template pickers
 * show every review state, one template under review and one rejected for each vendor that lists them.
 */
export function defineDemoTemplates(sandbox: Sandbox): void {
	sandbox.defineTemplate('aliyun', {
		id: 'SMS_100001',
		name: '积分到期提醒',
		content: '您好${name}，您的会员积分${points}即将到期。',
	});
	sandbox.defineTemplate('aliyun', {
		id: 'SMS_100002',
		name: '会员日营销',
		content: '${name}您好，会员日全场8折，详询门店。拒收请回复R',
	});
	sandbox.defineTemplate('aliyun', {
		id: 'SMS_100003',
		name: '订单发货通知',
		content: '您的订单${order}已发货，快递单号${tracking}。',
		status: 'pending',
	});
	sandbox.defineTemplate('aliyun', {
		id: 'SMS_100004',
		name: '抽奖活动',
		content: '恭喜${name}获得大奖，点击领取',
		status: 'rejected',
		reason: '模板内容含有营销链接',
	});
	sandbox.defineTemplate('yunpian', { id: '100001', content: '#name#您好，您的会员积分#points#即将到期。' });
	sandbox.defineTemplate('yunpian', { id: '100002', content: '#name#您好，会员日全场8折，详询门店。拒收请回复R' });
	sandbox.defineTemplate('yunpian', { id: '100003', content: '您的订单#order#已发货。', status: 'pending' });
	sandbox.defineTemplate('yunpian', {
		id: '100004',
		content: '恭喜#name#获得大奖',
		status: 'rejected',
		reason: '模板内容不符合规范',
	});
	sandbox.defineTemplate('chuanglan', { id: 'points-expiry', content: '{$name}您好，您的会员积分{$points}即将到期。' });
	sandbox.defineTemplate('chuanglan', {
		id: 'member-day',
		content: '{$name}您好，会员日全场8折，详询门店。拒收请回复R',
	});
	sandbox.defineTemplate('tencent', { id: '100001', content: '您好{1}，您的会员积分{2}即将到期。' });
	sandbox.defineTemplate('tencent', { id: '100002', content: '{1}您好，会员日全场8折，详询门店。拒收请回复R' });
}
