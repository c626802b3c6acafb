/**
 * `npm run sandbox`: the loopback vendor sandbox on fixed ports, with demo templates, so that n8n can be
 * pointed at it by hand. Accepted messages turn into delivery receipts every few seconds; a line such as
 * `reply aliyun 13800138000 R` typed into it makes that number reply to the vendor.
 */
import { createInterface } from 'node:readline';

import { SANDBOX_PORTS } from './accounts';
import { defineDemoTemplates } from './demoTemplates';
import { startSandbox } from './index';
import type { Sandbox, SandboxVendor } from './types';

const DELIVERY_INTERVAL_MS = 5000;

function printCredentials(sandbox: Sandbox): void {
	const { aliyunSmsApi, yunpianApi, chuanglanApi, tencentCloudSmsApi } = sandbox.credentials;
	const lines = [
		'SMS vendor sandbox is running. Paste these into n8n credentials:',
		'',
		'Aliyun SMS API (aliyunSmsApi)',
		`  Access Key ID:      ${aliyunSmsApi.accessKeyId}`,
		`  Access Key Secret:  ${aliyunSmsApi.accessKeySecret}`,
		`  Sign Name:          ${aliyunSmsApi.signName}`,
		`  Base URL:           ${aliyunSmsApi.baseUrl}`,
		`  Dybase Base URL:    ${aliyunSmsApi.dybaseBaseUrl}`,
		`  MNS Base URL:       ${aliyunSmsApi.mnsBaseUrl}`,
		`  Receipt queue:      ${sandbox.aliyunQueueName}`,
		`  Reply queue:        ${sandbox.aliyunReplyQueueName}`,
		'  Templates:          SMS_100001 (notification), SMS_100002 (marketing); SMS_100003 pending, SMS_100004 rejected',
		'',
		'Yunpian API (yunpianApi)',
		`  API Key:            ${yunpianApi.apiKey}`,
		`  Sign Name:          ${yunpianApi.signName}`,
		`  Base URL:           ${yunpianApi.baseUrl}`,
		'  Templates:          100001 (notification), 100002 (marketing); 100003 pending, 100004 rejected',
		'',
		'Chuanglan API (chuanglanApi)',
		`  Account:            ${chuanglanApi.account}`,
		`  Password:           ${chuanglanApi.password}`,
		`  Sign Name:          ${chuanglanApi.signName}`,
		`  Base URL:           ${chuanglanApi.baseUrl}`,
		'  Templates:          {$name}您好，您的会员积分{$points}即将到期。',
		'                      {$name}您好，会员日全场8折，详询门店。拒收请回复R',
		'',
		'Tencent Cloud SMS API (tencentCloudSmsApi)',
		`  SecretId:           ${tencentCloudSmsApi.secretId}`,
		`  SecretKey:          ${tencentCloudSmsApi.secretKey}`,
		`  SMS SdkAppId:       ${tencentCloudSmsApi.smsSdkAppId}`,
		`  Sign Name:          ${tencentCloudSmsApi.signName}`,
		`  Region:             ${tencentCloudSmsApi.region}`,
		`  Base URL:           ${tencentCloudSmsApi.baseUrl}`,
		'  Templates:          100001 (notification), 100002 (marketing)',
		'',
		`Accepted messages become delivery receipts every ${DELIVERY_INTERVAL_MS / 1000} s.`,
		'Type `reply <aliyun|yunpian|chuanglan|tencent> <phone> <text>` to make a number reply (e.g. reply yunpian 13800138000 R).',
		'Ctrl+C stops the sandbox.',
	];
	console.log(lines.join('\n'));
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({ ports: SANDBOX_PORTS });
	defineDemoTemplates(sandbox);
	printCredentials(sandbox);

	const deliveries = setInterval(() => {
		const delivered = sandbox.deliver();
		if (delivered > 0) console.log(`${new Date().toISOString()} delivered ${delivered} message(s)`);
	}, DELIVERY_INTERVAL_MS);

	const commands = createInterface({ input: process.stdin });
	commands.on('line', (line) => console.log(injectReply(sandbox, line)));

	const stop = () => {
		clearInterval(deliveries);
		commands.close();
		void sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

const REPLY_COMMAND = /^reply\s+(aliyun|yunpian|chuanglan|tencent)\s+(\S+)\s+(.+)$/;

/** `reply <vendor> <phone> <text>`: the number replies; anything else is answered with the usage. */
function injectReply(sandbox: Sandbox, line: string): string {
	const command = REPLY_COMMAND.exec(line.trim());
	if (!command) return 'Usage: reply <aliyun|yunpian|chuanglan|tencent> <phone> <text>';
	const [, vendor, phone, content] = command;
	sandbox.reply(vendor as SandboxVendor, phone, content);
	return `${new Date().toISOString()} ${phone} replied "${content}" to ${vendor}`;
}

main().catch((error: unknown) => {
	console.error('The sandbox could not start:', error);
	process.exit(1);
});
