/**
 * The credential test n8n runs from the credential dialog: n8n finds a node whose credential entry names
 * a `testedBy` method and calls that method with the decrypted credential. Both nodes declare it for all
 * three credential types; it must answer OK for good credentials and say in plain words what is wrong.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeType } from 'n8n-workflow';

import { SmsCampaign } from '../../nodes/SmsCampaign/SmsCampaign.node';
import { SmsDeliveryReceiptTrigger } from '../../nodes/SmsDeliveryReceiptTrigger/SmsDeliveryReceiptTrigger.node';
import { SmsReplyTrigger } from '../../nodes/SmsReplyTrigger/SmsReplyTrigger.node';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

/** Runs the credential test the way n8n's credentials tester does: via the node's `testedBy` method. */
async function testCredential(node: INodeType, type: string, data: object) {
	const declared = node.description.credentials?.find((credential) => credential.name === type);
	const method = declared?.testedBy;
	expect(typeof method).toBe('string');
	const test = node.methods?.credentialTest?.[method as string];
	expect(test).toBeDefined();
	const credential: ICredentialsDecrypted = { id: 'credential-1', name: `My ${type}`, type, data: { ...data } };
	return await test!.call({} as ICredentialTestFunctions, credential);
}

const NODES: Array<[string, INodeType]> = [
	['SMS Campaign', new SmsCampaign()],
	['SMS Delivery Receipt Trigger', new SmsDeliveryReceiptTrigger()],
	['SMS Reply Trigger', new SmsReplyTrigger()],
];

describe.each(NODES)('%s credential test', (_name, node) => {
	it.each(['aliyunSmsApi', 'yunpianApi', 'chuanglanApi'] as const)('accepts the right %s credential', async (type) => {
		const result = await testCredential(node, type, sandbox.credentials[type]);
		expect(result.status).toBe('OK');
	});

	it('says the Aliyun AccessKey Secret is wrong, without showing it', async () => {
		const result = await testCredential(node, 'aliyunSmsApi', {
			...sandbox.credentials.aliyunSmsApi,
			accessKeySecret: 'not-the-secret',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/secret/i);
		expect(result.message).not.toContain('not-the-secret');
	});

	it('says the Yunpian API key is wrong, without showing it', async () => {
		const result = await testCredential(node, 'yunpianApi', {
			...sandbox.credentials.yunpianApi,
			apiKey: 'wrong-api-key',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/API key/i);
		expect(result.message).not.toContain('wrong-api-key');
	});

	it('says the Chuanglan password is wrong, without showing it', async () => {
		const result = await testCredential(node, 'chuanglanApi', {
			...sandbox.credentials.chuanglanApi,
			password: 'WrongPass123',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/password/i);
		expect(result.message).not.toContain('WrongPass123');
	});
});
