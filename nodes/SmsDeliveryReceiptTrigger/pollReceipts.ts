import {
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import type { Receipt, ReceiptPull, SmsProvider } from '../providers';
import { vendorNodeError } from '../shared/errors';
import { SeenReceipts } from './receiptState';

export type StatusFilter = 'all' | 'delivered' | 'failed';

export interface ReceiptPollSettings {
	maxReceiptsPerPoll: number;
	statusFilter: StatusFilter;
	timeoutMs: number;
}

/**
 * One poll: pull the waiting receipts, drop the ones already emitted, filter, and emit. In manual
 * ("fetch test event") mode the vendor is only peeked at and the trigger's state is left untouched.
 */
export async function pollReceipts(
	this: IPollFunctions,
	provider: SmsProvider,
	settings: ReceiptPollSettings,
): Promise<INodeExecutionData[][] | null> {
	const manual = this.getMode() === 'manual';
	const pull = await pullOrThrow.call(this, provider, settings, manual);

	const seen = new SeenReceipts(this.getWorkflowStaticData('node'));
	const receipts = pull.events
		.filter((receipt) => seen.claim(receipt))
		.filter((receipt) => settings.statusFilter === 'all' || receipt.status === settings.statusFilter)
		.map(toOutput);

	if (manual) {
		if (receipts.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No delivery receipts are waiting', {
				description: `Looked at ${pull.source} without consuming anything. Send a message, wait for its receipt and fetch again.`,
			});
		}
		// A test event says where it came from: a non-destructive preview, or a labelled sample.
		return [this.helpers.returnJsonArray(receipts.map((receipt) => ({ ...receipt, testEventSource: pull.source })))];
	}

	seen.save();
	await acknowledge.call(this, pull);
	return receipts.length > 0 ? [this.helpers.returnJsonArray(receipts)] : null;
}

/**
 * A pull that failed part-way still hands back what it got: those receipts may already be gone from the
 * vendor, so an active trigger emits them and logs the failure. Nothing is lost by throwing when nothing
 * was pulled, or in manual mode, which never consumes.
 */
async function pullOrThrow(
	this: IPollFunctions,
	provider: SmsProvider,
	settings: ReceiptPollSettings,
	manual: boolean,
): Promise<ReceiptPull> {
	let pull: ReceiptPull;
	try {
		pull = await provider.pullReceipts(
			{ max: settings.maxReceiptsPerPoll, peek: manual },
			{ timeoutMs: settings.timeoutMs },
		);
	} catch (error) {
		throw receiptPullError(this.getNode(), error);
	}
	if (pull.error && (manual || pull.events.length === 0)) {
		throw receiptPullError(this.getNode(), pull.error);
	}
	if (pull.error) {
		this.logger.warn(
			`SMS receipt pull from ${pull.source} stopped early (${pull.error.info.code}: ${pull.error.message}); emitting the ${pull.events.length} receipt(s) already pulled`,
		);
	}
	return pull;
}

/**
 * Tells the vendor the receipts are handled (a queue deletes its messages). If that fails the
 * messages come back later and the seen-keys list stops them from being emitted twice.
 */
async function acknowledge(this: IPollFunctions, pull: ReceiptPull): Promise<void> {
	try {
		await pull.acknowledge();
	} catch (error) {
		this.logger.warn(
			`SMS receipts from ${pull.source} were emitted but not acknowledged; the vendor will offer them again and they will be skipped: ${(error as Error).message}`,
		);
	}
}

/** Exactly the trigger's public output shape, whatever else a provider attaches. */
function toOutput(receipt: Receipt): IDataObject {
	return {
		provider: receipt.provider,
		phone: receipt.phone,
		status: receipt.status,
		vendorStatus: receipt.vendorStatus,
		errorCode: receipt.errorCode,
		errorMessage: receipt.errorMessage,
		messageId: receipt.messageId,
		outId: receipt.outId,
		sentAt: receipt.sentAt,
		reportedAt: receipt.reportedAt,
		parts: receipt.parts,
	};
}

function receiptPullError(node: INode, error: unknown) {
	return vendorNodeError(node, error, {
		action: 'Could not pull delivery receipts',
		description: 'Check the credential and that receipt pulling is enabled for the account.',
	});
}
