import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { CountryCode } from 'libphonenumber-js/max';

import type { SmsProvider, TemplateSpec } from '../providers';
import type { OutcomeError } from './outcome';
import { callWithRetry, type RetryOptions } from './pacing';
import { isCountryCode } from './phone';
import { locatorId } from './locator';
import { isInQuietHours, type QuietHours } from './quietHours';
import { readSuppressedNumbers, SuppressionListError } from './suppression';
import { cachedTemplateRead } from './templateCache';

/** What marketing messages in mainland China must end with ("reply R to unsubscribe"). */
export const OPT_OUT_SUFFIX = '拒收请回复R';

const DEFAULT_QUIET_HOURS_TIME_ZONE = 'Asia/Shanghai';

/** Retry rules for every vendor request of a campaign (see pacing.ts for which failures qualify). */
export const RETRY: RetryOptions = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** The Options collection as the campaign uses it. */
export interface CampaignOptions {
	dryRun: boolean;
	dedupe: boolean;
	defaultCountry: CountryCode;
	/** Most numbers per planned batch; 0 = as many as the vendor allows. */
	batchSize: number;
	maxRequestsPerSecond: number;
	concurrency: number;
	timeoutMs: number;
	appendOptOut: boolean;
	quietHours?: QuietHours;
	/** Keys of the numbers never to send to (see suppression.ts). */
	suppressed: ReadonlySet<string>;
}

/** The Options collection, read once, with the editor's defaults for what the user did not add. */
export function readOptions(context: IExecuteFunctions, defaults: IDataObject): CampaignOptions {
	const options = { ...defaults, ...(context.getNodeParameter('options', 0, {}) as IDataObject) };
	const number = (name: string) => {
		const value = Number(options[name]);
		return Number.isFinite(value) && value >= 0 ? value : Number(defaults[name] ?? 0);
	};
	const defaultCountry = String(options.defaultCountry || defaults.defaultCountry)
		.trim()
		.toUpperCase();
	if (!isCountryCode(defaultCountry)) {
		throw new NodeOperationError(context.getNode(), `Unknown default country "${options.defaultCountry}"`, {
			description: 'Use a two-letter ISO country code such as CN, HK or US.',
		});
	}
	return {
		dryRun: options.dryRun === true,
		dedupe: options.dedupe === true,
		defaultCountry,
		batchSize: number('batchSize'),
		concurrency: Math.max(1, number('concurrency')),
		maxRequestsPerSecond: number('maxRequestsPerSecond'),
		timeoutMs: Math.max(1, number('timeout')),
		appendOptOut: options.appendOptOut === true,
		quietHours: readQuietHours(options.quietHours),
		suppressed: readSuppressedList(context, options.suppressedNumbers, defaultCountry),
	};
}

/** Suppressed Numbers, once per execution; a list that cannot be read stops the campaign before any send. */
function readSuppressedList(context: IExecuteFunctions, list: unknown, defaultCountry: CountryCode): Set<string> {
	try {
		return readSuppressedNumbers(list, defaultCountry);
	} catch (error) {
		if (!(error instanceof SuppressionListError)) throw error;
		throw new NodeOperationError(context.getNode(), `Suppressed Numbers cannot be read. ${error.message}`, {
			description:
				'Nothing was sent. Every entry must be a phone number (or empty): an entry that cannot be read may be a number that opted out. Fix or remove it in the list, then run again.',
		});
	}
}

/** Quiet hours as saved: `{ start, end, timeZone }`; both ends are needed for a window. */
function readQuietHours(value: unknown): QuietHours | undefined {
	const window = (value ?? {}) as IDataObject;
	if (!window.start || !window.end) return undefined;
	return {
		start: String(window.start),
		end: String(window.end),
		timeZone: String(window.timeZone || DEFAULT_QUIET_HOURS_TIME_ZONE),
	};
}

/**
 * The template as the vendor knows it, with the signature to send with: read at most once per execution,
 * and not at all while an approved read of it is cached (templateCache.ts). A template the vendor cannot
 * give or has not approved is an error for the whole campaign.
 */
export async function loadTemplate(
	context: IExecuteFunctions,
	provider: SmsProvider,
	credentialFingerprint: string,
	options: CampaignOptions,
): Promise<{ spec: TemplateSpec; error?: undefined } | { spec?: undefined; error: OutcomeError }> {
	const templateId = locatorId(context.getNodeParameter('templateId', 0, ''));
	const templateContent = String(context.getNodeParameter('templateContent', 0, '') ?? '');
	const nodeSignName = locatorId(context.getNodeParameter('signName', 0, ''));
	// What a vendor that checks the template locally checks it with; the read is cached under it.
	const checkSignName = nodeSignName || provider.defaultSignName;

	const read = await cachedTemplateRead(
		{ provider: provider.name, credentialFingerprint, templateId, templateContent, signName: checkSignName },
		async () =>
			await callWithRetry(
				async () =>
					await provider.getTemplate(
						templateId,
						templateContent || undefined,
						{ timeoutMs: options.timeoutMs },
						{ signName: checkSignName },
					),
				RETRY,
			),
	);
	if (!read.ok) {
		const { code, message, retryable } = read.error.info;
		return { error: { code, message: `The template could not be read: ${message}`, retryable } };
	}
	const info = read.result;
	// A template that carries its own signature is approved with it, so it beats the credential's.
	const signName = nodeSignName || info.signName || provider.defaultSignName;
	if (!signName) {
		throw new NodeOperationError(context.getNode(), 'No signature to send with', {
			description:
				'Set Signature on the node or a default signature in the credential, or use a template that starts with its own 【signature】.',
		});
	}
	if (info.status !== 'approved' && info.status !== 'notChecked') {
		const reason = info.reason ? `: ${info.reason}` : '';
		const message = `Template ${info.templateId || templateId} is ${info.status}${reason}`;
		return { error: { code: 'TEMPLATE_NOT_APPROVED', message, retryable: info.status === 'pending' } };
	}
	return {
		spec: {
			templateId: info.templateId || templateId,
			content: info.content,
			// A copy: the cached read is shared by every execution within its TTL.
			variables: [...info.variables],
			signName,
			positional: info.positional,
			optOutSuffix: options.appendOptOut ? OPT_OUT_SUFFIX : undefined,
		},
	};
}

/** Why valid recipients are not sent now, if they are not: quiet hours. */
export function quietHoursReason(context: IExecuteFunctions, window: QuietHours | undefined): OutcomeError | undefined {
	if (!window) return undefined;
	let quiet: boolean;
	try {
		quiet = isInQuietHours(new Date(), window);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Quiet hours need a start and end such as 21:00 and 08:00, and a time zone such as Asia/Shanghai.',
		});
	}
	if (!quiet) return undefined;
	return {
		code: 'QUIET_HOURS',
		message: `Not sent: inside quiet hours (${window.start}–${window.end} ${window.timeZone})`,
		retryable: true,
	};
}
