import { deliver, type DeliveryOptions } from '../../nodes/campaign/delivery';
import { buildRecipients, type RecipientSettings } from '../../nodes/campaign/recipients';
import type { MessageResult, PlannedCall, SmsProvider, TemplateSpec } from '../../nodes/providers/types';

const template: TemplateSpec = {
	templateId: 'T1',
	content: 'Hi {name}',
	variables: ['name'],
	signName: 'Shop',
	positional: false,
};
const settings: RecipientSettings = {
	template: { variables: ['name'], render: (variables) => `【Shop】Hi ${variables.name}` },
	defaultCountry: 'CN',
	dedupe: true,
	suppressed: new Set(),
	outIdPrefix: 'run-',
};
const options: DeliveryOptions = {
	mode: 'batch',
	batchSize: 10,
	pacing: { concurrency: 2, maxRequestsPerSecond: 0, maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
	request: { timeoutMs: 1000 },
};

/** A vendor that takes every number, one call per planned group, and notes what it was sent when. */
function acceptingProvider(onSend: (call: PlannedCall) => void): SmsProvider {
	const provider: Pick<SmsProvider, 'planSend' | 'send'> = {
		planSend: (groups) => ({
			calls: groups.map((messages) => ({ api: 'batch', messages, payload: null })),
			unsendable: [],
		}),
		send: async (call) => {
			onSend(call);
			await new Promise((resolve) => setTimeout(resolve, 5));
			return call.messages.map((message): MessageResult => ({
				key: message.key,
				status: 'accepted',
				messageId: `m${message.key}`,
			}));
		},
	};
	return provider as SmsProvider;
}

describe('deliver', () => {
	it('sends the first window before the items of later windows are read, and returns every recipient in order', async () => {
		const itemCount = 45;
		let itemsRead = 0;
		const readWhenSent: number[] = [];
		const recipients = buildRecipients(
			itemCount,
			{
				phones: (itemIndex) => {
					itemsRead++;
					return String(13_900_000_000 + itemIndex);
				},
				outId: () => undefined,
				values: (itemIndex) => () => (itemIndex === itemCount - 1 ? undefined : `n${itemIndex}`),
			},
			settings,
		);

		const outcomes = await deliver(
			acceptingProvider(() => readWhenSent.push(itemsRead)),
			template,
			recipients,
			options,
		);

		// A full window is known once the first recipient after it is read.
		expect(readWhenSent[0]).toBe(11);
		expect(readWhenSent).toHaveLength(5);
		expect(outcomes.map((recipient) => recipient.key)).toEqual(Array.from({ length: itemCount }, (_, key) => key));
		expect(outcomes.slice(0, -1).every((recipient) => recipient.status === 'accepted')).toBe(true);
		expect(outcomes[itemCount - 1]).toMatchObject({ status: 'rejected', error: { code: 'MISSING_VARIABLE' } });
	});

	it('gives each recipient its own result whatever the order of the answer, and one left unanswered is unknown', async () => {
		const itemCount = 6;
		const recipients = buildRecipients(
			itemCount,
			{
				phones: (itemIndex) => String(13_900_000_000 + itemIndex),
				outId: () => undefined,
				values: (itemIndex) => () => `n${itemIndex}`,
			},
			settings,
		);
		const answeringBackwards: Pick<SmsProvider, 'planSend' | 'send'> = {
			planSend: (groups) => ({
				calls: groups.map((messages) => ({ api: 'batch', messages, payload: null })),
				unsendable: [],
			}),
			// Every number but the first, last to first.
			send: async (call) =>
				call.messages
					.slice(1)
					.reverse()
					.map((message): MessageResult => ({ key: message.key, status: 'accepted', messageId: `m${message.key}` })),
		};

		const outcomes = await deliver(answeringBackwards as SmsProvider, template, recipients, options);

		expect(outcomes.map((recipient) => [recipient.status, recipient.messageId])).toEqual([
			['unknown', ''],
			...[1, 2, 3, 4, 5].map((key) => ['accepted', `m${key}`]),
		]);
		expect(outcomes[0].error).toMatchObject({ code: 'NO_RESULT' });
	});

	it('keeps one outcome per recipient when a defect stops the campaign after calls went out', async () => {
		let windows = 0;
		const sent: number[] = [];
		const provider = acceptingProvider((call) => sent.push(...call.messages.map((message) => message.key)));
		const planSend = provider.planSend;
		provider.planSend = (groups, spec, mode) => {
			if (++windows === 3) throw new Error('a defect in planning');
			return planSend(groups, spec, mode);
		};
		const recipients = buildRecipients(
			50,
			{ phones: (itemIndex) => String(13_900_000_000 + itemIndex), outId: () => undefined, values: () => () => 'n' },
			settings,
		);

		const outcomes = await deliver(provider, template, recipients, options);

		expect(outcomes).toHaveLength(50);
		const sentKeys = new Set(sent);
		for (const recipient of outcomes) {
			const expected = sentKeys.has(recipient.key) ? 'accepted' : 'rejected';
			expect([recipient.key, recipient.status]).toEqual([recipient.key, expected]);
		}
		expect(outcomes[49].error).toMatchObject({ code: 'INTERNAL_ERROR' });
	});

	it('leaves the numbers of a call whose outcome could not be recorded unknown, never rejected', async () => {
		const sent: number[] = [];
		const provider = acceptingProvider((call) => sent.push(...call.messages.map((message) => message.key)));
		const recipients = buildRecipients(
			30,
			{ phones: (itemIndex) => String(13_900_000_000 + itemIndex), outId: () => undefined, values: () => () => 'n' },
			settings,
		);
		const onSettled = () => {
			throw new Error('a defect in recording');
		};

		const outcomes = await deliver(provider, template, recipients, { ...options, onSettled });

		expect(outcomes.filter((recipient) => recipient.status === undefined)).toEqual([]);
		const sentKeys = new Set(sent);
		const sentButRejected = outcomes.filter(
			(recipient) => sentKeys.has(recipient.key) && recipient.status === 'rejected',
		);
		expect(sentButRejected).toEqual([]);
		expect(outcomes.some((recipient) => recipient.status === 'unknown')).toBe(true);
	});
});
