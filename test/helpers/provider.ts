/**
 * What the provider spec files share: request settings, phone numbers and messages as the campaign hands
 * them to a provider, sending a whole plan, and catching the `VendorError` a call must throw.
 */
import { prepareText } from '../../nodes/providers/shared/templateText';
import {
	VendorError,
	type MessageResult,
	type OutgoingMessage,
	type PhoneNumber,
	type PlannedCall,
	type RequestSettings,
	type SmsProvider,
	type TemplateSpec,
} from '../../nodes/providers/types';

export const SETTINGS: RequestSettings = { timeoutMs: 5000 };

export function mainlandPhone(nationalNumber: string): PhoneNumber {
	return { e164: `+86${nationalNumber}`, countryCode: '86', nationalNumber, isMainland: true };
}

/** Distinct mainland numbers 13900000000, 13900000001, ... */
export function mainlandNumber(index: number): PhoneNumber {
	return mainlandPhone(String(13_900_000_000 + index));
}

/** A Hong Kong mobile, the non-mainland number the specs use. */
export function hongKongPhone(nationalNumber: string): PhoneNumber {
	return { e164: `+852${nationalNumber}`, countryCode: '852', nationalNumber, isMainland: false };
}

/**
 * Builds messages the way the campaign does: the text rendered by the provider, outId `out-<key>` unless
 * given. The provider is looked up per message, since specs create it once their sandbox is up.
 */
export function messageBuilder(provider: () => SmsProvider, template: TemplateSpec) {
	return (
		key: number,
		phone: PhoneNumber,
		variables: Record<string, string>,
		outId = `out-${key}`,
	): OutgoingMessage => ({
		key,
		phone,
		variables,
		text: renderText(provider(), template, variables),
		outId,
	});
}

/** The handset text the campaign renders for these variables, through the provider's template syntax. */
export function renderText(provider: SmsProvider, template: TemplateSpec, variables: Record<string, string>): string {
	return prepareText(template, provider.templateSyntax)(variables);
}

/** Makes every planned call at once and returns all verdicts. */
export async function sendAll(provider: SmsProvider, calls: PlannedCall[]): Promise<MessageResult[]> {
	return (await Promise.all(calls.map((call) => provider.send(call, SETTINGS)))).flat();
}

/** The `VendorError` a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function thrown(promise: Promise<unknown>): Promise<VendorError> {
	const error = await promise.then(
		() => undefined,
		(reason: unknown) => reason,
	);
	expect(error).toBeInstanceOf(VendorError);
	return error as VendorError;
}

/** Today in China time (UTC+8), `yyyy-MM-dd`: the send date status queries ask for. */
export const chinaToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
