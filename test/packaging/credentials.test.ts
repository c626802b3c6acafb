/**
 * Saved credentials store these names and fields (the package's public interface), so they must not drift.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { AliyunSmsApi } from '../../credentials/AliyunSmsApi.credentials';
import { ChuanglanApi } from '../../credentials/ChuanglanApi.credentials';
import { TencentCloudSmsApi } from '../../credentials/TencentCloudSmsApi.credentials';
import { YunpianApi } from '../../credentials/YunpianApi.credentials';
import { PROJECT_DIRECTORY } from './packedInstall';

interface ExpectedCredential {
	credential: ICredentialType;
	name: string;
	fields: string[];
	secretFields: string[];
	defaults: Record<string, string>;
}

const EXPECTED: ExpectedCredential[] = [
	{
		credential: new AliyunSmsApi(),
		name: 'aliyunSmsApi',
		fields: ['accessKeyId', 'accessKeySecret', 'signName', 'baseUrl', 'dybaseBaseUrl', 'mnsBaseUrl'],
		secretFields: ['accessKeySecret'],
		defaults: {
			baseUrl: 'https://dysmsapi.aliyuncs.com',
			dybaseBaseUrl: 'https://dybaseapi.aliyuncs.com',
			// The fixed endpoint of Alicom's receipt queues, as used by Aliyun's alicom-mns-receive SDK.
			mnsBaseUrl: 'https://1943695596114318.mns.cn-hangzhou.aliyuncs.com',
		},
	},
	{
		credential: new YunpianApi(),
		name: 'yunpianApi',
		fields: ['apiKey', 'signName', 'baseUrl'],
		secretFields: ['apiKey'],
		defaults: { baseUrl: 'https://sms.yunpian.com' },
	},
	{
		credential: new ChuanglanApi(),
		name: 'chuanglanApi',
		fields: ['account', 'password', 'signName', 'baseUrl'],
		secretFields: ['password'],
		defaults: { baseUrl: 'https://smssh1.253.com' },
	},
	{
		credential: new TencentCloudSmsApi(),
		name: 'tencentCloudSmsApi',
		fields: ['secretId', 'secretKey', 'smsSdkAppId', 'signName', 'region', 'baseUrl'],
		secretFields: ['secretKey'],
		defaults: { region: 'ap-guangzhou', baseUrl: 'https://sms.tencentcloudapi.com' },
	},
];

function property(credential: ICredentialType, name: string): INodeProperties | undefined {
	return credential.properties.find((candidate) => candidate.name === name);
}

describe.each(EXPECTED)('$name credential', ({ credential, name, fields, secretFields, defaults }) => {
	it('keeps its name and exactly the agreed fields', () => {
		expect(credential.name).toBe(name);
		expect(credential.properties.map((field) => field.name)).toEqual(fields);
	});

	it('hides its secrets', () => {
		for (const field of fields) {
			expect({ field, password: property(credential, field)?.typeOptions?.password === true }).toEqual({
				field,
				password: secretFields.includes(field),
			});
		}
	});

	it('defaults to the vendor endpoints', () => {
		for (const [field, value] of Object.entries(defaults)) {
			expect({ field, default: property(credential, field)?.default }).toEqual({ field, default: value });
		}
	});

	it('explains every field', () => {
		for (const field of credential.properties) {
			expect({ field: field.name, description: (field.description ?? '').length > 20 }).toEqual({
				field: field.name,
				description: true,
			});
		}
	});

	it('points at an icon that the build ships', () => {
		// dist/credentials/ and dist/icons/ (copied from icons/ by gulp) sit like credentials/ and icons/.
		const iconFile = resolve(PROJECT_DIRECTORY, 'credentials', String(credential.icon).replace(/^file:/, ''));
		expect(dirname(iconFile)).toBe(join(PROJECT_DIRECTORY, 'icons'));
		expect(existsSync(iconFile)).toBe(true);
	});

	it('links the README credentials section', () => {
		expect(credential.documentationUrl).toMatch(
			/^https:\/\/github\.com\/n8n-nodes-sms-campaign\/n8n-nodes-sms-campaign#credentials$/,
		);
	});
});
