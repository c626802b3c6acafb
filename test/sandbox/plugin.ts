/**
 * How the sandbox core (server, request log, faults, shared state) talks to each vendor simulator.
 * One module per vendor implements `VendorSimulator`; the core owns sockets and fault injection so that
 * every vendor gets the same faults for free.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { DeliverOptions, PullKind, RequestRecord, SandboxTemplate, SandboxVendor, SentMessage } from './types';

export interface ParsedRequest {
	method: string;
	/** Path without query, e.g. `/` or `/v2/sms/multi_send.json`. */
	path: string;
	/** The raw query string exactly as sent (without `?`), needed for signature checks. */
	rawQuery: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	/** Raw body bytes (chunked bodies already reassembled). */
	body: Buffer;
}

export interface VendorReply {
	status: number;
	headers?: Record<string, string>;
	body: string;
}

/** State shared by every simulator of one sandbox instance. */
export interface SandboxState {
	/** Stable seeded random numbers in [0, 1). */
	random(): number;
	/** Unique ids (message ids, request ids), deterministic for a given seed. */
	nextId(): string;
	templates(vendor: SandboxVendor): Map<string, SandboxTemplate>;
	signatures(vendor: SandboxVendor): Set<string>;
	/**
	 * Whether this vendor's account can pay for `messages` more (Sandbox.setBalance; unlimited by default).
	 * An empty account pays for no send at all, even one with no recipient. Each accepted message uses
	 * one, whatever its parts: check before `accept`, which only counts.
	 */
	canPay(vendor: SandboxVendor, messages: number): boolean;
	/** Record accepted messages (stamped in place with `acceptedAt`, so pass fresh objects); returns them. */
	accept(messages: Array<Omit<SentMessage, 'acceptedAt'>>): SentMessage[];
	sent(vendor?: SandboxVendor): SentMessage[];
	/** Messages of this vendor accepted but not yet turned into receipts, removed from that list. */
	takeUndelivered(vendor: SandboxVendor): SentMessage[];
	mnsTokenTtlSeconds: number;
}

/** A text a handset sent back (Sandbox.reply), as the vendor's reply pull will report it. */
export interface InboundReply {
	phone: string;
	text: string;
	signName?: string;
	extendCode?: string;
	receivedAt: Date;
}

export interface VendorSimulator {
	/** Which RequestRecord.vendor this simulator answers as. */
	readonly name: RequestRecord['vendor'];
	/** The API a request targets (`SendBatchSms`, `/v2/sms/multi_send.json`, ...), for the log and faults. */
	apiOf(request: ParsedRequest): string;
	/** Answer a request. Business logic only: the core handles latency and faults. */
	handle(request: ParsedRequest): VendorReply | Promise<VendorReply>;
	/** The vendor's own throttling reply, used by the `throttle` fault. */
	throttleReply(api: string): VendorReply;
	/** Turn undelivered messages into pending receipts (vendors with receipts only). */
	deliver?(messages: SentMessage[], options: DeliverOptions): void;
	pendingReceipts?(): number;
	/** Queue a reply for the vendor's reply pull (vendors with replies only). */
	reply?(reply: InboundReply): void;
	pendingReplies?(): number;
	/** Activate or deactivate a pull the vendor makes the account activate (Sandbox.setPullEnabled). */
	setPullEnabled?(kind: PullKind, enabled: boolean): void;
	reset?(): void;
}

/*
 * Factories each vendor folder exports (the core calls them once per sandbox):
 *   test/sandbox/aliyun/index.ts    createAliyunSimulators(state): { sms, dybase, mns }   (VendorSimulator each)
 *   test/sandbox/yunpian.ts         createYunpianSimulator(state): VendorSimulator
 *   test/sandbox/chuanglan.ts       createChuanglanSimulator(state): VendorSimulator
 *   test/sandbox/tencent/index.ts   createTencentSimulator(state): VendorSimulator
 * Accounts they accept come from ./accounts.ts. Templates and signatures defined through the control API
 * live in `state.templates(vendor)` / `state.signatures(vendor)`; the signature from accounts.ts is
 * pre-defined for every vendor.
 */
