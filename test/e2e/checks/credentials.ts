/**
 * Every vendor's credential: imported with `n8n import:credentials` (plain data; n8n encrypts it), then tested
 * through `POST /rest/credentials/test` as the editor tests them — with the stored secret, and with a wrong
 * one, which must fail, name the field at fault and never echo the secret.
 */
import type { SandboxCredentials } from '../../sandbox';
import type { E2eContext } from '../context';
import type { N8nRest } from '../n8nRest';
import { expectThat } from '../report';
import { VENDOR_CASES, VENDORS } from '../workflows';

/** The sandbox credentials as `n8n import:credentials` reads them. */
export function credentialsToImport(credentials: SandboxCredentials): object[] {
	return VENDORS.map((vendor) => {
		const { credentialType, credential } = VENDOR_CASES[vendor];
		return { ...credential, type: credentialType, data: credentials[credentialType] };
	});
}

export async function checkCredentialTests({ sandbox, report }: E2eContext, rest: N8nRest): Promise<void> {
	for (const vendor of VENDORS) {
		const { credentialType, credential } = VENDOR_CASES[vendor];
		const data: Record<string, string> = { ...sandbox.credentials[credentialType] };
		const stored = { ...credential, type: credentialType };
		await report.check(`credential test ${vendor} (right secret)`, async () => {
			const result = await rest.testCredential({ ...stored, data });
			expectThat(result.status === 'OK', `${result.status}: ${result.message}`);
		});
		const wrong = VENDOR_CASES[vendor].wrongSecret;
		await report.check(`credential test ${vendor} (wrong secret)`, async () => {
			const result = await rest.testCredential({ ...stored, data: { ...data, [wrong.field]: wrong.value } });
			expectThat(result.status === 'Error', `status ${result.status} for a wrong ${wrong.field}`);
			expectThat(wrong.named.test(result.message), `"${result.message}" does not name the ${wrong.field}`);
			expectThat(!result.message.includes(wrong.value), `"${result.message}" echoes the secret`);
		});
	}
}
