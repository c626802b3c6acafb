import { NodeOperationError, type IDataObject, type INode, type INodeExecutionData } from 'n8n-workflow';

import type { OutgoingMessage, PhoneNumber, ProviderName, VendorErrorInfo } from '../providers/types';

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
	provider: ProviderName;
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
 * One output item per recipient, paired with its input item. With the error output on, a rejected
 * recipient's json holds only `error`, `message` and `details` (the outcome): that is what n8n routes
 * to the error output, where it merges the input item in (an item-level `error` would make n8n replace
 * the json by the bare message, and a json with any other key stays on the main output). Items are made
 * as recipients' outcomes become final (`add`), while the campaign still waits on the vendor, so that few
 * are left to make after its last answer (`all`).
 */
export class OutputItems {
	/** By recipient key; undefined where none is made yet. */
	private readonly made: Array<INodeExecutionData | undefined> = [];

	constructor(
		private readonly provider: ProviderName,
		private readonly routing: { errorOutput: boolean },
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
		const outcome = recipientOutcome(this.provider, recipient);
		const routeToErrorOutput = this.routing.errorOutput && recipient.status === 'rejected';
		return {
			json: routeToErrorOutput ? { error: outcome.error, message: failureMessage(recipient), details: outcome } : outcome,
			pairedItem: { item: recipient.itemIndex },
		};
	}
}

function recipientOutcome(provider: ProviderName, recipient: Recipient): RecipientOutcome {
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
 * The error the node fails with when a recipient was rejected and failures are not routed: it names
 * the first rejected item and its code, and lists what did go out so that a rerun can skip it.
 */
export function campaignFailure(node: INode, recipients: Recipient[]): NodeOperationError | undefined {
	const rejected = recipients.filter((recipient) => recipient.status === 'rejected');
	if (rejected.length === 0) return undefined;
	const first = rejected[0];
	const accepted = recipients.filter((recipient) => recipient.status === 'accepted');
	const unknown = recipients.filter((recipient) => recipient.status === 'unknown');
	const description = [
		`${rejected.length} of ${recipients.length} recipients were rejected; the first one is shown above.`,
		`Accepted, do not send again: ${describeItems(accepted)}.`,
		unknown.length > 0
			? `Outcome unknown, the vendor may have sent them (check delivery receipts before resending): ${describeItems(unknown)}.`
			: '',
		'Turn on "Continue On Fail" or the error output to get one item per recipient instead.',
	];
	return new NodeOperationError(node, failureMessage(first), {
		itemIndex: first.itemIndex,
		description: description.filter(Boolean).join('\n'),
	});
}

function failureMessage(recipient: Recipient): string {
	const phone = recipient.phone?.e164 ?? (recipient.input || 'no number');
	const error = recipient.error ?? { code: 'REJECTED', message: 'Rejected' };
	return `Item ${recipient.itemIndex} (${phone}): ${error.message} [${error.code}]`;
}

/** "items 0–41, 43 (43 recipients)": input item ranges, short enough for a 100k campaign. */
export function describeItems(recipients: Recipient[]): string {
	if (recipients.length === 0) return 'none';
	const ranges: string[] = [];
	let start = recipients[0].itemIndex;
	let end = start;
	for (const { itemIndex } of recipients.slice(1)) {
		if (itemIndex <= end + 1) {
			end = Math.max(end, itemIndex);
			continue;
		}
		ranges.push(start === end ? `${start}` : `${start}–${end}`);
		start = end = itemIndex;
	}
	ranges.push(start === end ? `${start}` : `${start}–${end}`);
	const count = recipients.length === 1 ? '1 recipient' : `${recipients.length} recipients`;
	return `${ranges.length === 1 && start === end ? 'item' : 'items'} ${ranges.join(', ')} (${count})`;
}
