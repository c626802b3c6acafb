import type { CallOutcome } from '../../nodes/campaign/pacing';
import { cachedTemplateRead, clearTemplateCache, type TemplateCacheKey } from '../../nodes/campaign/templateCache';
import { VendorError, type TemplateInfo, type TemplateStatus } from '../../nodes/providers/types';

const key: TemplateCacheKey = {
	provider: 'aliyun',
	credentialFingerprint: 'f1',
	templateId: 'SMS_1',
	templateContent: '',
	signName: 'Shop',
};

const answer = (status: TemplateStatus): CallOutcome<TemplateInfo> => ({
	ok: true,
	attempts: 1,
	result: {
		templateId: 'SMS_1',
		status,
		reason: '',
		content: 'Hi ${name}',
		variables: ['name'],
		positional: false,
		checkedLocally: false,
	},
});

beforeEach(() => clearTemplateCache());

describe('cachedTemplateRead', () => {
	it('shares one read between executions that ask at the same time', async () => {
		const read = jest.fn(async () => answer('approved'));

		const outcomes = await Promise.all([cachedTemplateRead(key, read), cachedTemplateRead(key, read)]);

		expect(read).toHaveBeenCalledTimes(1);
		expect(outcomes[1]).toBe(outcomes[0]);
	});

	it('keeps templates apart by every part of the key', async () => {
		const read = jest.fn(async () => answer('approved'));

		await cachedTemplateRead(key, read);
		for (const part of ['provider', 'credentialFingerprint', 'templateId', 'templateContent', 'signName'] as const) {
			await cachedTemplateRead({ ...key, [part]: part === 'provider' ? 'yunpian' : 'other' }, read);
		}

		expect(read).toHaveBeenCalledTimes(6);
	});

	it.each(['pending', 'rejected', 'notChecked'] as const)('does not keep a %s template', async (status) => {
		const read = jest.fn(async () => answer(status));

		await cachedTemplateRead(key, read);
		await cachedTemplateRead(key, read);

		expect(read).toHaveBeenCalledTimes(2);
	});

	it('does not keep a failed read', async () => {
		const failure = new VendorError({ code: 'TIMEOUT', message: 'no answer', retryable: false, maybeSent: false });
		const read = jest.fn(async (): Promise<CallOutcome<TemplateInfo>> => ({ ok: false, error: failure, attempts: 5 }));

		await cachedTemplateRead(key, read);
		await cachedTemplateRead(key, read);

		expect(read).toHaveBeenCalledTimes(2);
	});
});
