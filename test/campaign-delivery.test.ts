import { deliver, type DeliveryOptions } from '../nodes/campaign/delivery';
import { buildRecipients, type RecipientSettings } from '../nodes/campaign/recipients';
import type { MessageResult, PlannedCall, SmsProvider, TemplateSpec } from '../nodes/providers/types';

const template: TemplateSpec = { templateId: 'T1', content: 'Hi {name}', variables: ['name'], signName: 'Shop', positional: false };
const settings: RecipientSettings = {
	template: { variables: ['name'], render: (variables) => `【Shop】Hi ${variables.name}` },
	defaultCountry: 'CN',
	dedupe: true,
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
		planSend: (groups) => ({ calls: groups.map((messages) => ({ api: 'batch', messages, payload: null })), unsendable: [] }),
		send: async (call) => {
			onSend(call);
			await new Promise((resolve) => setTimeout(resolve, 5));
			return call.messages.map((message): MessageResult => ({ key: message.key, status: 'accepted', messageId: `m${message.key}` }));
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
			(itemIndex) => {
				itemsRead++;
				const name = itemIndex === itemCount - 1 ? undefined : `n${itemIndex}`;
				return { phones: String(13_900_000_000 + itemIndex), outId: undefined, values: () => () => name };
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
});
