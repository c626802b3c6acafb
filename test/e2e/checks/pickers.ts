/**
 * The template and signature pickers in the running server: the lists the editor loads through
 * `POST /rest/dynamic-node-parameters/resource-locator-results` with the stored sandbox credentials, each
 * showing the demo templates with their review state.
 */
import type { E2eContext } from '../context';
import type { N8nRest } from '../n8nRest';
import { expectThat } from '../report';
import { SMS_CAMPAIGN_TYPE, VENDOR_SETUP, type Vendor } from '../workflows';

/** Per vendor with lists: the listSearch method, the parameter it fills, and labels the list must hold. */
const LISTS: Array<{ vendor: Vendor; methodName: string; parameter: string; expected: string[] }> = [
	{
		vendor: 'aliyun',
		methodName: 'searchTemplates',
		parameter: 'templateId',
		expected: [
			'积分到期提醒 (SMS_100001) — ',
			'[Pending review] 订单发货通知 (SMS_100003)',
			'[Rejected] 抽奖活动 (SMS_100004)',
		],
	},
	{ vendor: 'aliyun', methodName: 'searchSignatures', parameter: 'signName', expected: ['沙箱测试'] },
	{
		vendor: 'yunpian',
		methodName: 'searchTemplates',
		parameter: 'templateId',
		expected: ['100001 — 【沙箱测试】', '[Pending review] 100003 — ', '[Rejected] 100004 — '],
	},
];

export async function checkPickers({ report }: E2eContext, rest: N8nRest): Promise<void> {
	for (const { vendor, methodName, parameter, expected } of LISTS) {
		await report.check(`picker ${vendor} ${parameter}: the server lists the account's entries`, async () => {
			const { credentialType, credential } = VENDOR_SETUP[vendor];
			const { results } = await rest.resourceLocatorResults({
				nodeTypeAndVersion: { name: SMS_CAMPAIGN_TYPE, version: 1 },
				currentNodeParameters: { provider: vendor, operation: 'sendBatch' },
				credentials: { [credentialType]: credential },
				methodName,
				path: `parameters.${parameter}`,
			});
			const labels = results.map((result) => result.name);
			for (const label of expected) {
				expectThat(
					labels.some((name) => name.startsWith(label)),
					`no entry starts with "${label}": ${labels.join(' | ')}`,
				);
			}
		});
	}
}
