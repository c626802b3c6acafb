/**
 * The accounts the sandbox accepts. Fixed values so that `npm run sandbox` prints credentials a user can
 * paste into n8n; obviously fake so they are never mistaken for real ones.
 */
export const ALIYUN_ACCOUNT = {
	accessKeyId: 'LTAI5tSandboxKeyId0001',
	accessKeySecret: 'sandbox-aliyun-secret-0001',
	/** Aliyun account id; the receipt queue is named after it. */
	accountId: '1234567890123456',
	queueName: 'Alicom-Queue-1234567890123456-SmsReport',
	/** The reply (上行短信) queue. */
	replyQueueName: 'Alicom-Queue-1234567890123456-SmsUp',
	signName: '沙箱测试',
};

export const YUNPIAN_ACCOUNT = {
	apiKey: 'sandbox0yunpian0apikey0000000001',
	signName: '沙箱测试',
};

export const CHUANGLAN_ACCOUNT = {
	account: 'N6000001',
	password: 'Sandbox253pw',
	signName: '沙箱测试',
};

export const TENCENT_ACCOUNT = {
	secretId: 'AKIDSandboxTencentSecretId01',
	secretKey: 'sandbox-tencent-secret-key-0001',
	smsSdkAppId: '1400000001',
	signName: '沙箱测试',
	region: 'ap-guangzhou',
};

/** Ports `npm run sandbox` listens on (tests use free ports). */
export const SANDBOX_PORTS = {
	aliyun: 18201,
	aliyunDybase: 18202,
	aliyunMns: 18203,
	yunpian: 18204,
	chuanglan: 18205,
	tencent: 18206,
} as const;
