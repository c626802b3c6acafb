import { asReadFailure, isTransportError } from '../../nodes/providers/transport/failures';
import { readVendorJson } from '../../nodes/providers/transport/json';
import { vendorRequest } from '../../nodes/providers/transport/request';
import type { VendorError } from '../../nodes/providers/types';
import { encodedTextList } from '../../nodes/providers/yunpian/textList';
import { baseUrlOf } from '../../nodes/providers/shared/baseUrl';
import { thrown } from '../helpers/provider';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const post = (url: string, timeoutMs = 2000) => vendorRequest({ method: 'POST', url, json: {}, timeoutMs });

describe('vendorRequest with a URL axios will not request', () => {
	test.each([
		['no scheme', 'smssh1.253.com/msg/balance/json'],
		['a host and port read as a scheme', 'localhost:8080/msg/balance/json'],
		['an unsupported protocol', 'ftp://smssh1.253.com/msg/balance/json'],
		['garbage', 'not a url'],
	])('%s is INVALID_BASE_URL: not sent, not retryable, not a connection failure', async (_, url) => {
		const error = await thrown(post(url));
		expect(error.info).toMatchObject({ code: 'INVALID_BASE_URL', retryable: false, maybeSent: false });
		expect(error.message).toMatch(/Base URL/);
		expect(isTransportError(error)).toBe(false);
	});
});

describe('vendorRequest, onAnswered', () => {
	test('is awaited once the answer has arrived, before the answer is handed back', async () => {
		const steps: string[] = [];
		const answer = vendorRequest({
			method: 'POST',
			url: `${sandbox.urls.chuanglan}/msg/balance/json`,
			json: {},
			timeoutMs: 2000,
			onAnswered: async () => {
				steps.push('answered');
				await new Promise((resolve) => setTimeout(resolve, 5));
				steps.push('caller done');
			},
		});
		const response = await answer;
		steps.push('handed back');
		expect(response.status).toBe(200);
		expect(steps).toEqual(['answered', 'caller done', 'handed back']);
	});

	test('is not called when no answer arrives', async () => {
		let called = false;
		await thrown(
			vendorRequest({
				method: 'POST',
				url: 'http://127.0.0.1:9/',
				json: {},
				timeoutMs: 2000,
				onAnswered: async () => void (called = true),
			}),
		);
		expect(called).toBe(false);
	});
});

describe('asReadFailure', () => {
	test('a read that timed out is retryable, and not said to be possibly accepted', async () => {
		sandbox.injectFault('chuanglan', { kind: 'hang' });
		const sendFailure = await thrown(post(`${sandbox.urls.chuanglan}/msg/balance/json`, 300));
		expect(sendFailure.info).toMatchObject({ code: 'TIMEOUT', retryable: false, maybeSent: true });

		const readFailure = asReadFailure(sendFailure);
		expect(readFailure.info).toMatchObject({ code: 'TIMEOUT', retryable: true, maybeSent: false });
		expect(readFailure.message).toMatch(/did not answer in time.*can be retried/);
		expect(readFailure.message).not.toMatch(/accepted|not sent again/);
		expect(isTransportError(readFailure)).toBe(true);
	});

	test('a failure that was certainly not sent is kept as it is', async () => {
		const refused = await thrown(post('http://127.0.0.1:1/msg/balance/json'));
		expect(asReadFailure(refused)).toBe(refused);
	});
});

describe('baseUrlOf', () => {
	test('takes the credential value without trailing slashes, or the default when empty', () => {
		expect(baseUrlOf(' http://127.0.0.1:8080/ ', 'https://smssh1.253.com')).toBe('http://127.0.0.1:8080');
		expect(baseUrlOf('', 'https://smssh1.253.com')).toBe('https://smssh1.253.com');
		expect(baseUrlOf(undefined, 'https://smssh1.253.com')).toBe('https://smssh1.253.com');
	});

	test.each(['smssh1.253.com', 'ftp://smssh1.253.com', 'https://', 'not a url'])(
		'refuses %s with INVALID_BASE_URL, naming it and the default as an example',
		(value) => {
			let failure: unknown;
			try {
				baseUrlOf(value, 'https://smssh1.253.com');
			} catch (error) {
				failure = error;
			}
			expect(failure).toMatchObject({
				info: { code: 'INVALID_BASE_URL', retryable: false, maybeSent: false },
				message: expect.stringContaining(`"${value}" is not an http:// or https:// address`),
			});
			expect((failure as Error).message).toContain('for example https://smssh1.253.com');
		},
	);
});

describe('encodedTextList', () => {
	const encodedTwice = (texts: string[]) => encodeURIComponent(texts.map((text) => encodeURIComponent(text)).join(','));
	const encodedOnce = (texts: string[]) => encodedTextList(texts).toString('latin1');

	test.each([
		['Chinese with a signature', ['【云片】您好李雷，验证码 123456。回T退订']],
		['every character encodeURIComponent keeps', ["AZaz09-_.!~*'()"]],
		['form and list delimiters inside texts', ['a,b;c', 'x=1&y=2', '100% #tag# +1 ?q']],
		['spaces, tabs and line breaks', ['one two\tthree\r\nfour']],
		['emoji (surrogate pairs) and 4-byte characters', ['👍🏽 好 𠮷']],
		['characters of two UTF-8 bytes', ['café £5 © Ω']],
		['empty texts', ['', 'x', '']],
		['a single text', ['only one']],
	])('%s: the same as encoding each text, joining with commas and encoding the list', (_, texts) => {
		expect(encodedOnce(texts)).toBe(encodedTwice(texts));
	});

	test('decodes back to the texts, one per comma', () => {
		const texts = ['甲,乙', '50% off', '👍'];
		const list = decodeURIComponent(encodedOnce(texts)).split(',');
		expect(list.map((text) => decodeURIComponent(text))).toEqual(texts);
	});

	test.each([
		['a high half at the end', 'a\uD83D', 'a\uFFFD'],
		['a high half before another character', '\uD83Dx', '\uFFFDx'],
		['a low half alone', 'x\uDC4D', 'x\uFFFD'],
	])('a lone surrogate (%s), which encodeURIComponent refuses, goes out as U+FFFD', (_, text, sent) => {
		const [encoded] = decodeURIComponent(encodedOnce([text])).split(',');
		expect(decodeURIComponent(encoded)).toBe(sent);
	});
});

describe('readVendorJson, an HTTP 5xx without a vendor answer', () => {
	const reading = (maybeSent: boolean) => ({ vendor: 'Vendor', maybeSent, idFields: [], errorOf: () => undefined });
	const answer = (status: number) => ({ status, headers: {}, body: '<html>Bad Gateway</html>' });
	const failureOf = (status: number, maybeSent: boolean) => {
		try {
			readVendorJson(answer(status), reading(maybeSent));
		} catch (error) {
			return (error as VendorError).info;
		}
		throw new Error('readVendorJson did not fail');
	};

	it('is retried after a 503, which says the service did not take the request', () => {
		expect(failureOf(503, true)).toMatchObject({ code: 'HTTP_503', retryable: true, maybeSent: false });
	});

	it('leaves a send answered with 502 or 504 unknown: a gateway may answer so after the vendor processed it', () => {
		expect(failureOf(502, true)).toMatchObject({ retryable: false, maybeSent: true });
		expect(failureOf(504, true)).toMatchObject({ retryable: false, maybeSent: true });
	});

	it('retries a read answered with 502: asking again changes nothing', () => {
		expect(failureOf(502, false)).toMatchObject({ retryable: true, maybeSent: false });
	});
});
