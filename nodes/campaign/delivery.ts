import { setMaxListeners } from 'node:events';

import type {
	MessageResult,
	PlannedCall,
	RequestSettings,
	SendMode,
	SmsProvider,
	TemplateSpec,
	VendorErrorInfo,
} from '../providers';
import {
	isSendable,
	settle,
	type OutcomeError,
	type Recipient,
	type RecipientStatus,
	type SendableRecipient,
} from './outcome';
import { CANCELLED, runPaced, type CallOutcome, type PacingOptions } from './pacing';

/** Send: input items planned together, so that plans (and their payloads) stay small. */
const ITEMS_PER_PLAN = 100;

const NO_RESULT: OutcomeError = {
	code: 'NO_RESULT',
	message:
		'The vendor answered the call without a verdict for this number; it may have been sent, so it is not sent again.',
	retryable: false,
};

export interface DeliveryOptions {
	mode: SendMode;
	/** Most numbers per planned batch (Send Batch). */
	batchSize: number;
	pacing: PacingOptions;
	request: RequestSettings;
	/** The execution's Stop (n8n's cancel signal, which its workflow timeout also aborts). */
	cancelSignal?: AbortSignal;
	/** Told of each request before it goes out to the vendor. */
	onRequest?: () => void;
	/** Told of each recipient a call has settled, while later calls may still be in flight. */
	onSettled?: (recipient: Recipient) => void;
}

/** Why a campaign stopped before all its calls were made, and the outcome of every recipient not attempted. */
interface CampaignStop {
	status: RecipientStatus;
	error: OutcomeError;
}

/**
 * Sends every recipient still to be sent and records each one's outcome. `recipients` is consumed a
 * window at a time while earlier windows' calls are in flight (keys in order from 0, as buildRecipients
 * gives them); every recipient it gave is returned, in that order.
 *
 * The campaign stops early, starting no further call, when the execution is stopped (recipients not
 * attempted are `skipped`, code CANCELLED) or at the first error that every further call would meet too
 * (`accountWide`: balance, credential, signature…; recipients not attempted are `rejected` with it).
 * Calls already under way settle as they settle.
 */
export async function deliver(
	provider: SmsProvider,
	template: TemplateSpec,
	recipients: Iterable<Recipient>,
	options: DeliveryOptions,
): Promise<Recipient[]> {
	const byKey: Recipient[] = [];
	// One iterator, read by the calls and, after a stop, by the loop that settles what they never took.
	const source = recipients[Symbol.iterator]();
	const remaining: Iterable<Recipient> = { [Symbol.iterator]: () => ({ next: () => source.next() }) };

	const halt = new AbortController();
	// Every call waiting for its start listens to it: a wide campaign is not a leak.
	setMaxListeners(Number.POSITIVE_INFINITY, halt.signal);
	let stop: CampaignStop | undefined;
	const stopWith = (reason: CampaignStop) => {
		stop ??= reason;
		halt.abort();
	};
	const cancel = () => stopWith({ status: 'skipped', error: CANCELLED });
	if (options.cancelSignal?.aborted) cancel();
	options.cancelSignal?.addEventListener('abort', cancel, { once: true });
	let failure: Error | undefined;
	// Calls whose request went out and whose outcome is not recorded yet: after a defect they may have been sent.
	const unsettled = new Set<PlannedCall>();
	try {
		await runPaced(
			plannedCalls(provider, template, remaining, byKey, options),
			async (call, answered) => {
				options.onRequest?.();
				unsettled.add(call);
				return await provider.send(call, { ...options.request, onAnswered: answered });
			},
			(call, outcome) => {
				const accountError = settleCall(byKey, call, outcome, options.onSettled);
				unsettled.delete(call);
				if (accountError) stopWith({ status: 'rejected', error: notAttempted(accountError) });
			},
			{ ...options.pacing, signal: halt.signal },
		);
	} catch (error) {
		failure = error instanceof Error ? error : new Error(String(error));
	} finally {
		options.cancelSignal?.removeEventListener('abort', cancel);
	}
	if (failure) return settleAfterFailure(byKey, remaining, unsettled, failure);
	if (stop) {
		for (const recipient of remaining) byKey.push(recipient);
		for (const recipient of byKey) if (isSendable(recipient)) settle(recipient, stop.status, { error: stop.error });
	}
	return byKey;
}

/**
 * After a defect stopped the campaign (a call that could not be planned, an outcome that could not be
 * recorded), every recipient still keeps one outcome: one whose call's request went out may have been
 * sent, so it is unknown and never resent; any other is rejected.
 */
function settleAfterFailure(
	byKey: Recipient[],
	remaining: Iterable<Recipient>,
	unsettled: Iterable<PlannedCall>,
	failure: Error,
): Recipient[] {
	const message = `The campaign stopped on an internal error (${failure.message})`;
	const mayHaveGone = {
		code: 'INTERNAL_ERROR',
		message: `${message}; this number's call may have gone out, so it is not sent again.`,
		retryable: false,
	};
	for (const call of unsettled) {
		for (const { key } of call.messages)
			if (isSendable(byKey[key])) settle(byKey[key], 'unknown', { error: mayHaveGone });
	}
	const neverSent = { code: 'INTERNAL_ERROR', message: `${message}; this number was not sent.`, retryable: true };
	for (const recipient of remaining) byKey.push(recipient);
	for (const recipient of byKey) if (isSendable(recipient)) settle(recipient, 'rejected', { error: neverSent });
	return byKey;
}

function notAttempted({ code, message, retryable }: VendorErrorInfo): OutcomeError {
	return { code, message: `${message} Not attempted: the campaign stopped at this error.`, retryable };
}

/**
 * Vendor calls, planned a window at a time while they are sent, so that a 100k campaign holds only the
 * request payloads of the calls in flight and of those built ahead (see runPaced). Every recipient
 * passing through is kept in `byKey`, where call outcomes find it. Numbers the vendor cannot carry are
 * rejected here.
 */
function* plannedCalls(
	provider: SmsProvider,
	template: TemplateSpec,
	recipients: Iterable<Recipient>,
	byKey: Recipient[],
	options: DeliveryOptions,
): Generator<PlannedCall> {
	for (const groups of planWindows(recipients, byKey, options)) {
		const plan = provider.planSend(groups, template, options.mode);
		for (const { key, error } of plan.unsendable) settle(byKey[key], 'rejected', { error });
		yield* plan.calls;
	}
}

/**
 * Send: one group per input item, many items per window. Send Batch: one group of `batchSize` per window.
 * Every recipient passing through is kept in `byKey`, sendable or not.
 */
function* planWindows(
	recipients: Iterable<Recipient>,
	byKey: Recipient[],
	options: DeliveryOptions,
): Generator<SendableRecipient[][]> {
	const perItem = options.mode === 'perItem';
	const groupsPerWindow = perItem ? ITEMS_PER_PLAN : 1;
	let groups: SendableRecipient[][] = [];
	let group: SendableRecipient[] = [];
	for (const recipient of recipients) {
		byKey.push(recipient);
		if (!isSendable(recipient)) continue;
		const groupIsFull = perItem ? group[0]?.itemIndex !== recipient.itemIndex : group.length === options.batchSize;
		if (group.length > 0 && groupIsFull) {
			groups.push(group);
			group = [];
			if (groups.length === groupsPerWindow) {
				yield groups;
				groups = [];
			}
		}
		group.push(recipient);
	}
	if (group.length > 0) groups.push(group);
	if (groups.length > 0) yield groups;
}

/**
 * Maps a call's outcome onto its recipients: per-number verdicts, or the whole call's failure, which is
 * `unknown` when the vendor may have sent it and `rejected` otherwise. Every outcome carries the outId the
 * call sent (see PlannedCall.messages), so that even an unknown one can be matched with receipts.
 * Returns the first account-wide error the call met, if any.
 */
function settleCall(
	recipients: Recipient[],
	call: PlannedCall,
	outcome: CallOutcome<MessageResult[]>,
	onSettled: DeliveryOptions['onSettled'],
): VendorErrorInfo | undefined {
	let accountError = outcome.ok || !outcome.error.info.accountWide ? undefined : outcome.error.info;
	const verdicts = new Map(outcome.ok ? outcome.result.map((result) => [result.key, result]) : []);
	for (const { key, outId } of call.messages) {
		const recipient = recipients[key];
		const verdict = verdicts.get(key);
		if (!outcome.ok) {
			const { info } = outcome.error;
			settle(recipient, info.maybeSent ? 'unknown' : 'rejected', { error: info, outId });
		} else if (verdict?.status === 'accepted') {
			settle(recipient, 'accepted', { messageId: verdict.messageId, outId, parts: verdict.parts });
		} else if (verdict?.status === 'rejected') {
			// A per-number failure that may still have gone out must not invite a resend.
			settle(recipient, verdict.error.maybeSent ? 'unknown' : 'rejected', { error: verdict.error, outId });
			if (verdict.error.accountWide) accountError ??= verdict.error;
		} else {
			// A number the vendor said nothing about may still have been sent.
			settle(recipient, 'unknown', { error: NO_RESULT, outId });
		}
		onSettled?.(recipient);
	}
	return accountError;
}
