/**
 * What Send Batch does across windows and executions: recipients are built a window at a time while
 * earlier windows are sent, and an approved template is read from the vendor once for many executions.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type OnError } from '../helpers/n8n';
import {
	callsFor,
	campaignSandbox,
	jsonOf,
	mainlandNumber,
	runSmsCampaign,
	sendRequests,
	sentMessages,
	VENDORS,
	type VendorCase,
} from '../helpers/sms-campaign';

const sandbox = campaignSandbox();

/** Send Batch of `items` through `vendor`. */
const sendBatch = (vendor: VendorCase, items: IDataObject[], onError?: OnError) =>
	runSmsCampaign(sandbox(), { vendor, operation: 'sendBatch', items, onError });

/** `count` recipients with their own numbers and variables. */
const recipients = (count: number): IDataObject[] =>
	Array.from({ length: count }, (_, index) => ({
		phone: mainlandNumber(index),
		name: `用户${index}`,
		code: String(100000 + index),
	}));

describe.each(VENDORS)('Send Batch through $provider, window by window', (vendor: VendorCase) => {
	/** More recipients than three full calls carry, so that the last item is in a later window. */
	const size = vendor.batchLimit * 3 + 5;

	it('rejects a missing variable on the last item without sending it, after accepting every earlier one', async () => {
		const items = recipients(size);
		delete items[size - 1].code;

		const { outputs } = await sendBatch(vendor, items, 'continueRegularOutput');

		const statuses = jsonOf(outputs[0]).map((json) => json.status);
		expect(statuses.slice(0, -1).every((status) => status === 'accepted')).toBe(true);
		expect(outputs[0][size - 1].json).toMatchObject({
			status: 'rejected',
			error: { code: 'MISSING_VARIABLE', message: `Template variable "${vendor.variableName.code}" has no value` },
		});
		const sentPhones = sentMessages(sandbox(), vendor).map((message) => message.phone);
		expect(sentPhones).toHaveLength(size - 1);
		expect(sentPhones).not.toContain(mainlandNumber(size - 1));
	});

	it('succeeds without Continue On Fail when only the last item is rejected, after every earlier one went out', async () => {
		const items = recipients(size);
		items[size - 1].phone = 'not a number';

		const { error, outputs } = await sendBatch(vendor, items);

		expect(error).toBeUndefined();
		expect(outputs[0][size - 1].json).toMatchObject({ status: 'rejected', error: { code: 'INVALID_PHONE' } });
		expect(jsonOf(outputs[0]).filter((json) => json.status === 'accepted')).toHaveLength(size - 1);
		expect(sentMessages(sandbox(), vendor)).toHaveLength(size - 1);
	});

	it('skips a repeat in a later window, pointing at the out id its first recipient was sent with', async () => {
		const items = recipients(size);
		items[size - 1].phone = items[3].phone;

		const { outputs } = await sendBatch(vendor, items);

		expect(outputs[0][size - 1].json).toMatchObject({
			status: 'skipped',
			outId: outputs[0][3].json.outId,
			error: { code: 'DUPLICATE', message: 'Same number as item 3, which is sent once' },
		});
		const repeated = sentMessages(sandbox(), vendor).filter((message) => message.phone === items[3].phone);
		expect(repeated).toHaveLength(1);
		expect(jsonOf(outputs[0]).map((json) => json.phone)).toEqual(items.map((item) => `+86${String(item.phone)}`));
	});
});

describe.each(VENDORS.filter((vendor) => vendor.templateId))(
	'Send Batch through $provider, template reads',
	(vendor: VendorCase) => {
		const items = recipients(2);
		const templateReads = () => sandbox().requests(vendor.provider).length - sendRequests(sandbox(), vendor).length;

		afterEach(() => jest.restoreAllMocks());

		it('reads an approved template once for executions within 5 minutes', async () => {
			await sendBatch(vendor, items);
			const second = await sendBatch(vendor, items);

			expect(templateReads()).toBe(1);
			expect(jsonOf(second.outputs[0]).map((json) => json.status)).toEqual(['accepted', 'accepted']);
			expect(sendRequests(sandbox(), vendor)).toHaveLength(2 * callsFor(vendor, 2));
		});

		it('reads it again once 5 minutes have passed', async () => {
			await sendBatch(vendor, items);
			const later = Date.now() + 5 * 60_000 + 1;
			jest.spyOn(Date, 'now').mockReturnValue(later);

			await sendBatch(vendor, items);

			expect(templateReads()).toBe(2);
		});

		it('asks again about a template under review, and sends once it is approved', async () => {
			vendor.define(sandbox(), 'pending');
			const pending = await sendBatch(vendor, items, 'continueRegularOutput');
			vendor.define(sandbox(), 'approved');

			const approved = await sendBatch(vendor, items);

			expect(jsonOf(pending.outputs[0])[0]).toMatchObject({
				status: 'rejected',
				error: { code: 'TEMPLATE_NOT_APPROVED' },
			});
			expect(jsonOf(approved.outputs[0]).map((json) => json.status)).toEqual(['accepted', 'accepted']);
			expect(templateReads()).toBe(2);
		});

		it('reads the template again for another credential', async () => {
			await sendBatch(vendor, items);
			const credentials = sandbox().credentials[vendor.credentialType];
			// The same account saved again with a space after the signature: another credential to the node.
			const otherCredential = { ...credentials, signName: `${credentials.signName} ` };

			await runWorkflow({
				items,
				node: {
					parameters: {
						provider: vendor.provider,
						operation: 'sendBatch',
						phone: '={{ $json.phone }}',
						...vendor.template,
					},
				},
				credentials: { [vendor.credentialType]: otherCredential },
			});

			expect(templateReads()).toBe(2);
		});

		it('leaves Check Template asking the vendor every time', async () => {
			await sendBatch(vendor, items);

			await runWorkflow({
				items: [{}],
				node: { parameters: { provider: vendor.provider, operation: 'checkTemplate', ...vendor.template } },
				credentials: { ...sandbox().credentials },
			});

			expect(templateReads()).toBe(2);
		});
	},
);
