/**
 * State shared by every simulator of one sandbox: seeded randomness, ids, templates, signatures, account
 * balances and the log of accepted messages.
 */
import { ALIYUN_ACCOUNT, CHUANGLAN_ACCOUNT, TENCENT_ACCOUNT, YUNPIAN_ACCOUNT } from './accounts';
import type { SandboxState } from './plugin';
import type { SandboxTemplate, SandboxVendor, SentMessage } from './types';

export const DEFAULT_SEED = 1;

const VENDORS: SandboxVendor[] = ['aliyun', 'yunpian', 'chuanglan', 'tencent'];

const ACCOUNT_SIGNATURES: Record<SandboxVendor, string> = {
	aliyun: ALIYUN_ACCOUNT.signName,
	yunpian: YUNPIAN_ACCOUNT.signName,
	chuanglan: CHUANGLAN_ACCOUNT.signName,
	tencent: TENCENT_ACCOUNT.signName,
};

/** mulberry32: a tiny, well-distributed seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
	let current = seed >>> 0;
	return () => {
		current = (current + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(current ^ (current >>> 15), current | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

/** The core's extra handle on the state: `setBalance` and `reset` are not something simulators may call. */
export interface SandboxStateControl extends SandboxState {
	/** types.ts Sandbox.setBalance. */
	setBalance(vendor: SandboxVendor, messages: number | undefined): void;
	reset(): void;
}

const unlimitedBalances = () => new Map(VENDORS.map((vendor) => [vendor, Infinity]));

export function createSandboxState(options: { seed?: number; mnsTokenTtlSeconds?: number } = {}): SandboxStateControl {
	const seed = options.seed ?? DEFAULT_SEED;
	let random = mulberry32(seed);
	// Ids are 16-digit decimal strings below 2^53 (Yunpian sids must survive JSON numbers in JS clients);
	// the seed picks the starting point so that two seeds rarely share ids.
	const firstId = 1_000_000_000_000_000 + Math.floor(mulberry32(seed)() * 1_000_000_000) * 1_000_000;
	let issuedIds = 0;

	const templates = new Map(VENDORS.map((vendor) => [vendor, new Map<string, SandboxTemplate>()]));
	const signatures = new Map(VENDORS.map((vendor) => [vendor, new Set([ACCOUNT_SIGNATURES[vendor]])]));
	let accepted: SentMessage[] = [];
	let undelivered = new Map(VENDORS.map((vendor) => [vendor, [] as SentMessage[]]));
	let balances = unlimitedBalances();

	return {
		random: () => random(),
		nextId: () => String(firstId + issuedIds++),
		templates: (vendor) => templates.get(vendor)!,
		signatures: (vendor) => signatures.get(vendor)!,
		accept(messages) {
			const acceptedAt = new Date();
			// Simulators hand over messages built for this call: stamping them in place spares a copy of
			// each of a benchmark's 100k messages.
			const recorded = messages.map((message) => Object.assign(message, { acceptedAt }));
			for (const message of recorded) {
				accepted.push(message);
				undelivered.get(message.vendor)!.push(message);
				// Simulators refuse what the balance cannot pay before accepting; never below 0 all the same.
				balances.set(message.vendor, Math.max(0, balances.get(message.vendor)! - 1));
			}
			return recorded;
		},
		canPay(vendor, messages) {
			const left = balances.get(vendor)!;
			return left > 0 && messages <= left;
		},
		setBalance(vendor, messages) {
			if (messages !== undefined && !(Number.isInteger(messages) && messages >= 0)) {
				throw new RangeError(`setBalance: messages must be a whole number ≥ 0 or undefined, got ${messages}`);
			}
			balances.set(vendor, messages ?? Infinity);
		},
		sent: (vendor) => (vendor ? accepted.filter((message) => message.vendor === vendor) : [...accepted]),
		takeUndelivered(vendor) {
			const messages = undelivered.get(vendor)!;
			undelivered.set(vendor, []);
			return messages;
		},
		mnsTokenTtlSeconds: options.mnsTokenTtlSeconds ?? 3600,
		reset() {
			// Ids keep counting so that an id a client still holds never comes back for a new message.
			random = mulberry32(seed);
			accepted = [];
			undelivered = new Map(VENDORS.map((vendor) => [vendor, [] as SentMessage[]]));
			balances = unlimitedBalances();
		},
	};
}
