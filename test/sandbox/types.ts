/**
 * Control surface of the loopback vendor sandbox (test/sandbox). Tests, the demo and benchmarks drive
 * the sandbox only through this interface; the vendor-facing side speaks the real protocols described in
 * docs/protocols/.
 */

export type SandboxVendor = 'aliyun' | 'yunpian' | 'chuanglan' | 'tencent';

/** The servers of a sandbox: one per vendor, Aliyun's receipt token and queue endpoints besides. */
export type SandboxServer = SandboxVendor | 'aliyunDybase' | 'aliyunMns';

/** What a vendor makes an account activate before it may pull: delivery receipts or replies. */
export type PullKind = 'receipts' | 'replies';

export interface SandboxOptions {
	/** Fixed ports (the CLI uses fixed ones); 0 or omitted = any free port. */
	ports?: Partial<Record<SandboxServer, number>>;
	/** Latency added to every vendor request, in ms (benchmarks use 50). */
	latencyMs?: number;
	/** Seed for every random choice (fault injection with a probability). */
	seed?: number;
	/** Lifetime of Aliyun queue tokens handed out by QueryTokenForMnsQueue, in seconds (default 3600). */
	mnsTokenTtlSeconds?: number;
	/** How long a received, undeleted Aliyun queue message stays invisible before it reappears (default 30). */
	aliyunMnsVisibilityTimeoutSeconds?: number;
}

/** Credentials the sandbox accepts, shaped exactly like the package's credential types. */
export interface SandboxCredentials {
	aliyunSmsApi: {
		accessKeyId: string;
		accessKeySecret: string;
		signName: string;
		baseUrl: string;
		dybaseBaseUrl: string;
		mnsBaseUrl: string;
	};
	yunpianApi: { apiKey: string; signName: string; baseUrl: string };
	chuanglanApi: { account: string; password: string; signName: string; baseUrl: string };
	tencentCloudSmsApi: {
		secretId: string;
		secretKey: string;
		smsSdkAppId: string;
		signName: string;
		region: string;
		baseUrl: string;
	};
}

export interface SandboxTemplate {
	/** Aliyun TemplateCode, Yunpian tpl_id or Tencent TemplateId (numeric strings). Chuanglan templates are matched by text. */
	id: string;
	/** Aliyun's TemplateName, as the console shows it; default the id. */
	name?: string;
	/** Text without signature, placeholders in the vendor's syntax. */
	content: string;
	/** Default 'approved'. */
	status?: 'approved' | 'pending' | 'rejected' | 'cancelled';
	reason?: string;
}

/** A message the sandbox accepted, one per recipient. */
export interface SentMessage {
	vendor: SandboxVendor;
	/** The vendor API that carried it (`SendSms`, `SendBatchSms`, `single_send`, `multi_send`, `send`, `variable` …). */
	api: string;
	/** The number exactly as the vendor received it. */
	phone: string;
	/** Final text as the handset would show it, including 【signature】. */
	text: string;
	templateId?: string;
	/** Variables as the vendor decoded them (Aliyun TemplateParam, Yunpian tpl_value, Chuanglan params). */
	variables?: Record<string, string> | string[];
	/** The id returned to the client (BizId / sid / msgId). */
	messageId: string;
	outId?: string;
	signName: string;
	acceptedAt: Date;
}

/** One HTTP request that reached a vendor endpoint (counted even when a fault answered it). */
export interface RequestRecord {
	vendor: SandboxServer;
	/** Action / path, e.g. `SendBatchSms`, `/v2/sms/multi_send.json`, `/msg/variable/json`, `ReceiveMessage`, Tencent's X-TC-Action. */
	api: string;
	at: Date;
	/** Whether a fault answered it instead of the vendor logic. */
	faulted?: FaultKind;
}

export type FaultKind =
	/** HTTP 500/503 before the request is processed (nothing sent). */
	| 'http5xx'
	/** The vendor's throttling reply (Aliyun Throttling.User 400, Yunpian -5, Chuanglan 103, Tencent RequestLimitExceeded); nothing sent. */
	| 'throttle'
	/** Extra delay (`latencyMs`) before a normal reply. */
	| 'latency'
	/** Never answer (the client must time out); nothing sent. */
	| 'hang'
	/** Destroy the socket before processing; nothing sent. */
	| 'reset'
	/** Reply 200 with a body that is not valid JSON/XML; the request WAS processed (messages accepted). */
	| 'malformed'
	/** Process the request (messages accepted and recorded), then destroy the socket without replying. */
	| 'acceptThenDrop';

export interface FaultRule {
	kind: FaultKind;
	/** Only requests to this API (as in RequestRecord.api); default any API of the vendor. */
	api?: string;
	/** Apply to the next `times` matching requests (default 1). Ignored when `probability` is set. */
	times?: number;
	/** Apply to each matching request with this probability (seeded). */
	probability?: number;
	/** For 'latency'. */
	latencyMs?: number;
}

export interface DeliverOptions {
	/** Which accepted messages fail delivery (default none). */
	fail?: (message: SentMessage) => boolean;
	/** Vendor status code for failures (default per vendor, e.g. Aliyun `MK:0001`, Yunpian `FAIL`, Chuanglan `REJECTD`, Tencent `UNDELIV`). */
	failCode?: string;
	/** Also queue every receipt a second time (vendors repeat receipts). */
	duplicate?: boolean;
}

export interface ReplyOptions {
	/** The signature the reply answers (default the account's). */
	signName?: string;
	/** The extension code the reply was sent to (default none). */
	extendCode?: string;
	/** When the handset replied (default now). */
	receivedAt?: Date;
}

export interface Sandbox {
	readonly urls: Record<SandboxServer, string>;
	/** Valid credentials pointing at this sandbox. */
	readonly credentials: SandboxCredentials;
	/** The Aliyun receipt queue name (`Alicom-Queue-<accountId>-SmsReport`). */
	readonly aliyunQueueName: string;
	/** The Aliyun reply queue name (`Alicom-Queue-<accountId>-SmsUp`). */
	readonly aliyunReplyQueueName: string;

	defineTemplate(vendor: SandboxVendor, template: SandboxTemplate): void;
	defineSignature(vendor: SandboxVendor, signName: string): void;

	/** Every accepted message, in acceptance order. */
	sent(vendor?: SandboxVendor): SentMessage[];
	/** Every request that reached the sandbox, optionally filtered by vendor and api. */
	requests(vendor?: RequestRecord['vendor'], api?: string): RequestRecord[];

	/** Turn every accepted, not-yet-delivered message into a delivery receipt waiting to be pulled. Returns how many. */
	deliver(options?: DeliverOptions): number;
	/** Receipts still waiting at the vendor (Yunpian/Chuanglan/Tencent pull queues; Aliyun queue messages not deleted). */
	pendingReceipts(vendor: SandboxVendor): number;

	/**
	 * A handset replies `text` to the account (a number as the vendor's docs write it, e.g. `13800138000` or
	 * `+8613800138000`): the reply waits for the vendor's reply pull (Aliyun's SmsUp queue, Yunpian pull_reply,
	 * Chuanglan pull/mo, Tencent PullSmsReplyStatus), and Yunpian's get_reply finds it from then on. Throws for
	 * a vendor without replies.
	 */
	reply(vendor: SandboxVendor, phone: string, text: string, options?: ReplyOptions): void;
	/** Replies still waiting to be pulled. */
	pendingReplies(vendor: SandboxVendor): number;
	/**
	 * Whether the account may pull receipts or replies (default yes; `reset()` restores it). Tencent answers a
	 * pull that is not activated with `UnauthorizedOperation.RequestPermissionDeny`. Throws for a vendor whose
	 * pulls need no activation.
	 */
	setPullEnabled(vendor: SandboxVendor, kind: PullKind, enabled: boolean): void;

	injectFault(vendor: RequestRecord['vendor'], rule: FaultRule): void;
	clearFaults(): void;
	/**
	 * The account can pay for `messages` more messages (one per recipient, whatever its parts);
	 * undefined = unlimited (the default, and what `reset()` restores). Once it is used up, sends fail as
	 * the vendor documents: Aliyun `isv.AMOUNT_NOT_ENOUGH` and Chuanglan 109 refuse a whole request that
	 * needs more than is left; Yunpian answers code 3 and Tencent `FailedOperation.InsufficientBalanceInSmsPackage`
	 * for each recipient beyond it. Read-only APIs
	 * (balance queries included) are unaffected.
	 */
	setBalance(vendor: SandboxVendor, messages: number | undefined): void;
	/**
	 * Forget messages, requests, receipts, replies and faults, make balances unlimited and pulls enabled
	 * (templates and signatures stay).
	 */
	reset(): void;
	setLatency(ms: number): void;

	close(): Promise<void>;
}
