/**
 * Our TC3-HMAC-SHA256 signer gives the official SDK's Authorization for the same request on the real
 * host (tencentcloud-sdk-nodejs-common's Sign.sign3, which derives the service from that host: `sms`).
 */
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { tc3Authorization, type Tc3Request } from '../../nodes/providers/tencent/signer';

const CONTENT_TYPE = 'application/json; charset=utf-8';

function request(body: object, timestamp: number): Tc3Request {
	return {
		secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
		secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
		host: 'sms.tencentcloudapi.com',
		path: '/',
		contentType: CONTENT_TYPE,
		body: Buffer.from(JSON.stringify(body)),
		timestamp,
	};
}

function sdkAuthorization(signed: Tc3Request): string {
	return Sign.sign3({
		method: 'POST',
		url: `https://${signed.host}${signed.path}`,
		payload: signed.body,
		timestamp: signed.timestamp,
		service: 'sms',
		secretId: signed.secretId,
		secretKey: signed.secretKey,
		multipart: false,
		boundary: '',
		headers: { 'Content-Type': signed.contentType },
	});
}

test('a SendSms body with Chinese text signs as the SDK signs it', () => {
	const signed = request(
		{
			PhoneNumberSet: ['+8613800000000'],
			SmsSdkAppId: '1400006666',
			TemplateId: '1234567',
			SignName: '腾讯云',
			TemplateParamSet: ['张三', '1234'],
			SessionContext: 'out-1',
		},
		1_700_000_000,
	);
	expect(tc3Authorization(signed)).toBe(sdkAuthorization(signed));
});

test('the scope date is the UTC date of the timestamp, as the SDK signs it', () => {
	// 2024-01-31T23:59:59Z is already 1 February in China.
	const signed = request({ Limit: 100, SmsSdkAppId: '1400006666' }, Date.UTC(2024, 0, 31, 23, 59, 59) / 1000);
	const authorization = tc3Authorization(signed);
	expect(authorization).toContain('Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2024-01-31/sms/tc3_request');
	expect(authorization).toBe(sdkAuthorization(signed));
});

test('an empty body signs as the SDK signs it', () => {
	const signed = { ...request({}, 1_600_000_000), body: Buffer.alloc(0) };
	expect(tc3Authorization(signed)).toBe(sdkAuthorization(signed));
});
