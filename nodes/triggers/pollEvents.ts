import {
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import type { EventPull, PullOptions } from '../providers';
import { vendorNodeError } from '../shared/errors';
import { pullDeadline } from './budget';
import { SeenKeys } from './seenKeys';

/** A test event shows a sample of what is waiting: one vendor page, not a whole poll's worth of reads. */
const TEST_EVENT_MAX = 100;

/** What one trigger polls for, and how its events are told apart and shown. */
export interface EventPoll<T> {
	/** The provider's pull (pullReceipts, pullReplies) with the request settings bound. */
	pull(options: PullOptions): Promise<EventPull<T>>;
	/** The most events one poll takes. */
	max: number;
	/** The static-data entry where the keys of handled events are kept. */
	stateKey: string;
	/** The event's identity: the same event offered again has the same key. */
	key(event: T): string;
	/** The trigger's output item; undefined for an event that is consumed without a run (a filter). */
	output(event: T): IDataObject | undefined;
	/** Words for the user: `events` as in "No delivery receipts are waiting", `enable` for a failed pull. */
	words: { events: string; waitFor: string; enable: string };
}

/**
 * One poll: pull the waiting events (until the poll's deadline), drop the ones already emitted, filter, and
 * emit. In manual ("fetch test event") mode the vendor is only peeked at and the trigger's state is left
 * untouched. An active poll records the events as seen before it acknowledges them to the vendor, and
 * acknowledges before it returns them (see acknowledge).
 */
export async function pollEvents<T>(this: IPollFunctions, poll: EventPoll<T>): Promise<INodeExecutionData[][] | null> {
	const manual = this.getMode() === 'manual';
	const pull = await pullOrThrow(this, poll, manual);

	const seen = new SeenKeys(this.getWorkflowStaticData('node'), poll.stateKey);
	const outputs: IDataObject[] = [];
	for (const event of pull.events) {
		if (!seen.claim(poll.key(event))) continue;
		const output = poll.output(event);
		if (output) outputs.push(output);
	}

	if (manual) {
		if (outputs.length === 0) {
			throw new NodeOperationError(this.getNode(), `No ${poll.words.events} are waiting`, {
				description: `Looked at ${pull.source} without consuming anything. ${poll.words.waitFor}`,
			});
		}
		// A test event says where it came from: a non-destructive preview, or a labelled sample.
		return [this.helpers.returnJsonArray(outputs.map((output) => ({ ...output, testEventSource: pull.source })))];
	}

	seen.save();
	await acknowledge(this, poll, pull);
	return outputs.length > 0 ? [this.helpers.returnJsonArray(outputs)] : null;
}

/**
 * A pull that failed part-way still hands back what it got: those events may already be gone from the
 * vendor, so an active trigger emits them and logs the failure. Nothing is lost by throwing when nothing
 * was pulled, or in manual mode, which never consumes.
 */
async function pullOrThrow<T>(context: IPollFunctions, poll: EventPoll<T>, manual: boolean): Promise<EventPull<T>> {
	let pull: EventPull<T>;
	try {
		const max = manual ? Math.min(poll.max, TEST_EVENT_MAX) : poll.max;
		pull = await poll.pull({ max, peek: manual, deadline: pullDeadline(context) });
	} catch (error) {
		throw pullError(context.getNode(), poll, error);
	}
	if (pull.error && (manual || pull.events.length === 0)) {
		throw pullError(context.getNode(), poll, pull.error);
	}
	if (pull.error) {
		context.logger.warn(
			`SMS ${poll.words.events} pull from ${pull.source} stopped early (${pull.error.info.code}: ${pull.error.message}); emitting the ${pull.events.length} already pulled`,
		);
	}
	return pull;
}

/**
 * Tells the vendor the events are handled (a queue deletes its messages). If that fails the messages
 * come back later and the seen keys stop them from being emitted twice.
 */
async function acknowledge<T>(context: IPollFunctions, poll: EventPoll<T>, pull: EventPull<T>): Promise<void> {
	try {
		await pull.acknowledge();
	} catch (error) {
		context.logger.warn(
			`SMS ${poll.words.events} from ${pull.source} were emitted but not acknowledged; the vendor will offer them again and they will be skipped: ${(error as Error).message}`,
		);
	}
}

function pullError<T>(node: INode, poll: EventPoll<T>, error: unknown) {
	return vendorNodeError(node, error, {
		action: `Could not pull ${poll.words.events}`,
		description: `Check the credential and that ${poll.words.enable}`,
	});
}
