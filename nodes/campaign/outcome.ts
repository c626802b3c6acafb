import {
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type NodeExecutionHint,
} from 'n8n-workflow';

import type { OutgoingMessage, PhoneNumber, VendorErrorInfo } from '../providers/types';
import { routeToErrorOutput } from '../shared/errors';
import { NothingSentError } from './sendOnce';

export type RecipientStatus = 'accepted' | 'rejected' | 'unknown' | 'skipped' | 'dryRun';

/** Why a recipient was not accepted, as the output shows it. */
export interface OutcomeError {
	code: string;
	message: string;
	retryable: boolean;
}

/** One recipient on its way through the campaign, and what finally happened to it. */
export interface Recipient {
	/** Position in the campaign's recipient list; providers report results by it. */
	key: number;
	/** The input item it came from. */
	itemIndex: number;
	/** The number exactly as the item gave it. */
	input: string;
	phone?: PhoneNumber;
	variables?: Record<string, string>;
	/** Rendered text including 【signature】; empty when it could not be rendered. */
	text: string;
	parts: number;
	outId: string;
	/** Unset while the recipient is still to be sent. */
	status?: RecipientStatus;
	/** The recipient this one repeats (dedupe): it is not sent and reports that one's outId. */
	duplicateOf?: Recipient;
	messageId: string;
	error?: OutcomeError;
}

/** A recipient that passed validation: everything a provider needs to send it. */
export type SendableRecipient = Recipient & OutgoingMessage;

/** The output item's json: one per recipient. */
export interface RecipientOutcome extends IDataObject {
	provider: string;
	phone: string;
	status: RecipientStatus;
	messageId: string;
	outId: string;
	parts: number;
	content: string;
	error: OutcomeError | null;
}

/** Records the recipient's one outcome; later reports for the same recipient are ignored. */
export function settle(
	recipient: Recipient,
	status: RecipientStatus,
	details: { error?: OutcomeError | VendorErrorInfo; messageId?: string; outId?: string; parts?: number } = {},
): void {
	if (recipient.status !== undefined) return;
	recipient.status = status;
	if (details.messageId !== undefined) recipient.messageId = details.messageId;
	if (details.outId) recipient.outId = details.outId;
	if (details.parts) recipient.parts = details.parts;
	if (details.error) {
		const { code, message, retryable } = details.error;
		recipient.error = { code, message, retryable };
	}
}

export function isSendable(recipient: Recipient): recipient is SendableRecipient {
	return recipient.status === undefined && recipient.phone !== undefined && recipient.variables !== undefined;
}

/**
 * One output item per recipient, paired with its input item, with the same fields on every output: with
 * the error output on, a rejected recipient's item is routed there (routeToErrorOutput). Items are made as recipients' outcomes become final (`add`), while the
 * campaign still waits on the vendor, so that few are left to make after its last answer (`all`).
 */
export class OutputItems {
	/** By recipient key; undefined where none is made yet. */
	private readonly made: Array<INodeExecutionData | undefined> = [];

	constructor(
		private readonly provider: string,
		private readonly routing: { errorOutput: boolean; node: INode },
	) {}

	/**
	 * Makes the item of a settled recipient. A repeated number's item waits for the end: it reports the
	 * outId of its first recipient, which that one's call may still change.
	 */
	add(recipient: Recipient): void {
		if (recipient.status === undefined || recipient.duplicateOf) return;
		// Filled up to the key, not written past the end: a sparse array would fall back to a hash table.
		while (this.made.length < recipient.key) this.made.push(undefined);
		this.made[recipient.key] = this.item(recipient);
	}

	/** Every recipient's item, in order. */
	all(recipients: Recipient[]): INodeExecutionData[] {
		return recipients.map((recipient) => this.made[recipient.key] ?? this.item(recipient));
	}

	private item(recipient: Recipient): INodeExecutionData {
		const item: INodeExecutionData = {
			json: recipientOutcome(this.provider, recipient),
			pairedItem: { item: recipient.itemIndex },
		};
		if (!this.routing.errorOutput || recipient.status !== 'rejected') return item;
		return routeToErrorOutput(
			item,
			new NodeOperationError(this.routing.node, failureMessage(recipient), { itemIndex: recipient.itemIndex }),
		);
	}
}

function recipientOutcome(provider: string, recipient: Recipient): RecipientOutcome {
	return {
		provider,
		phone: recipient.phone?.e164 ?? recipient.input,
		status: recipient.status ?? 'unknown',
		messageId: recipient.messageId,
		// Read at the end: the call that sent the first recipient may have replaced its outId.
		outId: (recipient.duplicateOf ?? recipient).outId,
		parts: recipient.parts,
		content: recipient.text,
		error: recipient.error ?? null,
	};
}

/**
 * The error the node fails with: only when recipients were rejected and nothing went out (no recipient
 * accepted, nor unknown), so that n8n's Retry On Fail and a retried execution cannot send anything twice.
 * It names the first rejected item and its code. Once anything went out the node succeeds instead, each
 * recipient with its item (see `outcomeHint`).
 */
export function nothingSentFailure(node: INode, recipients: Recipient[]): NothingSentError | undefined {
	if (recipients.some((recipient) => recipient.status === 'accepted' || recipient.status === 'unknown'))
		return undefined;
	const rejected = recipients.filter((recipient) => recipient.status === 'rejected');
	if (rejected.length === 0) return undefined;
	const first = rejected[0];
	const description = [
		`${rejected.length} of ${recipients.length} recipients were rejected and nothing was sent; the first one is shown above.`,
		'Running the node again sends nothing twice.',
		'Turn on "Continue" or the error output to get one item per recipient instead.',
	];
	return new NothingSentError(node, failureMessage(first), {
		itemIndex: first.itemIndex,
		description: description.join('\n'),
	});
}

/**
 * A warning for the run's output pane when some recipients were not accepted while others went out:
 * the node then succeeds, and this keeps the rejections from going unnoticed.
 */
export function outcomeHint(recipients: Recipient[]): NodeExecutionHint | undefined {
	const counts: Record<RecipientStatus, number> = { accepted: 0, rejected: 0, unknown: 0, skipped: 0, dryRun: 0 };
	let cancelled = 0;
	for (const recipient of recipients) {
		counts[recipient.status ?? 'unknown']++;
		if (recipient.error?.code === 'CANCELLED') cancelled++;
	}
	if (counts.rejected === 0 && counts.unknown === 0 && cancelled === 0) return undefined;
	const stopped = cancelled > 0 ? ` The execution was stopped: ${cancelled} were not sent (CANCELLED).` : '';
	return {
		type: 'warning',
		location: 'outputPane',
		message:
			`${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.unknown} unknown, ${counts.skipped} skipped of ${recipients.length} recipients.${stopped} ` +
			"Nothing is sent again automatically: each item's status and error tell what happened to its recipient.",
	};
}

function failureMessage(recipient: Recipient): string {
	const phone = recipient.phone?.e164 ?? (recipient.input || 'no number');
	const error = recipient.error ?? { code: 'REJECTED', message: 'Rejected' };
	return `Item ${recipient.itemIndex} (${phone}): ${error.message} [${error.code}]`;
}
