/**
 * The loopback vendor sandbox: real HTTP servers speaking Aliyun, Yunpian, Chuanglan and Tencent protocols, with
 * a control API (types.ts `Sandbox`) for tests, the demo and benchmarks.
 */
import { ALIYUN_ACCOUNT, CHUANGLAN_ACCOUNT, TENCENT_ACCOUNT, YUNPIAN_ACCOUNT } from './accounts';
import { createAliyunSimulators } from './aliyun';
import { createChuanglanSimulator } from './chuanglan';
import { FaultBook, serveSimulator, type RunningServer } from './core';
import type { VendorSimulator } from './plugin';
import { createSandboxState, DEFAULT_SEED } from './state';
import { createTencentSimulator } from './tencent';
import type { RequestRecord, Sandbox, SandboxCredentials, SandboxOptions, SandboxVendor } from './types';
import { createYunpianSimulator } from './yunpian';

export type * from './types';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const state = createSandboxState(options);
	const aliyun = createAliyunSimulators(state, {
		mnsVisibilityTimeoutSeconds: options.aliyunMnsVisibilityTimeoutSeconds,
	});
	// Which simulators speak for each vendor: deliveries and receipt counts are per vendor.
	const simulatorsOf: Record<SandboxVendor, VendorSimulator[]> = {
		aliyun: [aliyun.sms, aliyun.dybase, aliyun.mns],
		yunpian: [createYunpianSimulator(state)],
		chuanglan: [createChuanglanSimulator(state)],
		tencent: [createTencentSimulator(state)],
	};
	const simulators = Object.values(simulatorsOf).flat();

	const faults = new FaultBook(options.seed ?? DEFAULT_SEED);
	let requestLog: RequestRecord[] = [];
	let latencyMs = options.latencyMs ?? 0;
	const hooks = {
		faults,
		record: (request: RequestRecord) => void requestLog.push(request),
		latencyMs: () => latencyMs,
	};

	const servers = await startAll(simulators, options.ports ?? {}, hooks);
	const urls = Object.fromEntries(
		simulators.map((simulator, index) => [simulator.name, servers[index].url]),
	) as Sandbox['urls'];

	/** The vendor's simulator that offers `capability`; a test asking a vendor for what it lacks is a mistake. */
	function simulatorOf(vendor: SandboxVendor, capability: keyof VendorSimulator, lacking: string): VendorSimulator {
		const simulator = simulatorsOf[vendor].find((candidate) => candidate[capability]);
		if (!simulator) throw new Error(`The ${vendor} sandbox ${lacking}`);
		return simulator;
	}

	let closing: Promise<void> | undefined;
	return {
		urls,
		credentials: credentialsFor(urls),
		aliyunQueueName: ALIYUN_ACCOUNT.queueName,
		aliyunReplyQueueName: ALIYUN_ACCOUNT.replyQueueName,

		defineTemplate: (vendor, template) =>
			void state.templates(vendor).set(template.id, { status: 'approved', ...template }),
		defineSignature: (vendor, signName) => void state.signatures(vendor).add(signName),

		sent: (vendor) => state.sent(vendor),
		requests: (vendor, api) =>
			requestLog.filter(
				(request) => (!vendor || request.vendor === vendor) && (api === undefined || request.api === api),
			),

		deliver(deliverOptions = {}) {
			let delivered = 0;
			for (const [vendor, vendorSimulators] of Object.entries(simulatorsOf) as Array<
				[SandboxVendor, VendorSimulator[]]
			>) {
				const receivers = vendorSimulators.filter((simulator) => simulator.deliver);
				// A vendor without receipts keeps its messages undelivered rather than losing them.
				if (receivers.length === 0) continue;
				const messages = state.takeUndelivered(vendor);
				for (const receiver of receivers) receiver.deliver!(messages, deliverOptions);
				delivered += messages.length;
			}
			return delivered;
		},
		pendingReceipts: (vendor) =>
			simulatorsOf[vendor].reduce((total, simulator) => total + (simulator.pendingReceipts?.() ?? 0), 0),
		reply(vendor, phone, text, replyOptions = {}) {
			const receiver = simulatorOf(vendor, 'reply', 'simulates no replies');
			receiver.reply!({ phone, text, ...replyOptions, receivedAt: replyOptions.receivedAt ?? new Date() });
		},
		pendingReplies: (vendor) =>
			simulatorsOf[vendor].reduce((total, simulator) => total + (simulator.pendingReplies?.() ?? 0), 0),
		setPullEnabled(vendor, kind, enabled) {
			simulatorOf(vendor, 'setPullEnabled', 'needs no activation to pull').setPullEnabled!(kind, enabled);
		},

		injectFault: (vendor, rule) => faults.inject(vendor, rule),
		clearFaults: () => faults.clear(),
		setBalance: (vendor, messages) => state.setBalance(vendor, messages),
		reset() {
			state.reset();
			faults.clear();
			requestLog = [];
			for (const simulator of simulators) simulator.reset?.();
		},
		setLatency(ms) {
			latencyMs = ms;
		},

		close() {
			closing ??= Promise.all(servers.map((server) => server.close())).then(() => undefined);
			return closing;
		},
	};
}

/** Starts every server; if one cannot listen (port taken), closes the others before failing. */
async function startAll(
	simulators: VendorSimulator[],
	ports: NonNullable<SandboxOptions['ports']>,
	hooks: Parameters<typeof serveSimulator>[2],
): Promise<RunningServer[]> {
	const results = await Promise.allSettled(
		simulators.map((simulator) => serveSimulator(simulator, ports[simulator.name] ?? 0, hooks)),
	);
	const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
	const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
	if (failure) {
		await Promise.all(started.map((server) => server.close()));
		throw failure.reason;
	}
	return started;
}

function credentialsFor(urls: Sandbox['urls']): SandboxCredentials {
	return {
		aliyunSmsApi: {
			accessKeyId: ALIYUN_ACCOUNT.accessKeyId,
			accessKeySecret: ALIYUN_ACCOUNT.accessKeySecret,
			signName: ALIYUN_ACCOUNT.signName,
			baseUrl: urls.aliyun,
			dybaseBaseUrl: urls.aliyunDybase,
			mnsBaseUrl: urls.aliyunMns,
		},
		yunpianApi: { apiKey: YUNPIAN_ACCOUNT.apiKey, signName: YUNPIAN_ACCOUNT.signName, baseUrl: urls.yunpian },
		chuanglanApi: {
			account: CHUANGLAN_ACCOUNT.account,
			password: CHUANGLAN_ACCOUNT.password,
			signName: CHUANGLAN_ACCOUNT.signName,
			baseUrl: urls.chuanglan,
		},
		tencentCloudSmsApi: {
			secretId: TENCENT_ACCOUNT.secretId,
			secretKey: TENCENT_ACCOUNT.secretKey,
			smsSdkAppId: TENCENT_ACCOUNT.smsSdkAppId,
			signName: TENCENT_ACCOUNT.signName,
			region: TENCENT_ACCOUNT.region,
			baseUrl: urls.tencent,
		},
	};
}
