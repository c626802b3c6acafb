/**
 * The template and signature pickers in the running server: the lists the editor loads through
 * `POST /rest/dynamic-node-parameters/resource-locator-results` with the stored sandbox credentials, each
 * showing the demo templates with their review state.
 */
import type { E2eContext } from '../context';
import type { N8nRest } from '../n8nRest';
import { expectThat } from '../report';
import { SMS_CAMPAIGN_TYPE, VENDOR_CASES, VENDORS } from '../workflows';

/** Every vendor's pickers with the labels their lists must hold. */
const LISTS = VENDORS.flatMap((vendor) => VENDOR_CASES[vendor].pickers.map((picker) => ({ vendor, ...picker })));

export async function checkPickers({ report }: E2eContext, rest: N8nRest): Promise<void> {
	for (const { vendor, methodName, parameter, expected } of LISTS) {
		await report.check(`picker ${vendor} ${parameter}: the server lists the account's entries`, async () => {
			const { credentialType, credential } = VENDOR_CASES[vendor];
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
