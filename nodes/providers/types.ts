/**
 * The one small interface every vendor module implements. The node and the trigger only ever talk to
 * `SmsProvider`; everything vendor-specific (wire formats, limits, error tables) lives behind it.
 */

/** A normalised phone number (see campaign/phone.ts); vendors render it in their own format. */
export interface PhoneNumber {
	/** E.164, e.g. `+8613800138000`. */
	e164: string;
	/** Country calling code without `+`, e.g. `86`. */
	countryCode: string;
	/** National significant number, e.g. `13800138000`. */
	nationalNumber: string;
	/** True for mainland China (+86) numbers. */
	isMainland: boolean;
}

/** What the vendor said about one error, in words an operator understands. */
export interface VendorErrorInfo {
	/** The vendor's own code (`isv.MOBILE_NUMBER_ILLEGAL`, `-5`, `103`) or one of ours (`TIMEOUT`, `INVALID_PHONE`). */
	code: string;
	/** Plain-English explanation, never containing a secret. */
	message: string;
	/** Whether sending the same request again later can succeed. */
	retryable: boolean;
	/** Whether the vendor may already have accepted (and so may send) the message. */
	maybeSent: boolean;
	/**
	 * Whether it holds for every further call of the campaign, not just this one: the balance is used up, the
	 * key is wrong, the IP is not allowed, the signature or template is unusable. A campaign stops there.
	 */
	accountWide?: boolean;
}

/**
 * A failure of a whole vendor request. Thrown by providers; never carries request bodies, headers or
 * secrets. `retryAfterMs` is the vendor's hint (a retry-after header), when it gives one.
 */
export class VendorError extends Error {
	readonly info: VendorErrorInfo;
	readonly httpStatus?: number;
	readonly retryAfterMs?: number;

	constructor(info: VendorErrorInfo, options: { httpStatus?: number; retryAfterMs?: number } = {}) {
		super(info.message);
		this.name = 'VendorError';
		this.info = info;
		this.httpStatus = options.httpStatus;
		this.retryAfterMs = options.retryAfterMs;
	}
}

/** The template a campaign sends, as the vendor knows it. */
export interface TemplateSpec {
	/** The vendor's id of the template; empty where the vendor knows templates only by their text. */
	templateId: string;
	/**
	 * The template text without signature, placeholders in the vendor's own syntax
	 * (see the vendor's TemplateSyntax).
	 */
	content: string;
	/** Placeholder names in order of first appearance (positional slots: `var1`, `var2`, ...). */
	variables: string[];
	/** The signature to send with, without the 【】 brackets. */
	signName: string;
	/**
	 * True when the placeholders are positional (unnamed): `variables` is then
	 * `var1..varN` and callers fill the slots in order.
	 */
	positional: boolean;
	/** Opt-out sentence (拒收请回复R) to append where the vendor sends free text; template-id vendors ignore it. */
	optOutSuffix?: string;
}

/** How a vendor's templates write placeholders, from which every handset text is rendered (prepareText). */
export interface TemplateSyntax {
	/** A placeholder, with the `g` flag and the variable's name as its first group. */
	placeholder: RegExp;
	/** The variable each placeholder takes, where the names are not written in it (positional slots). */
	slotNames?: (content: string) => string[];
	/** Whether texts end with the opt-out sentence when asked (free-text vendors; template-id vendors carry it in the template). */
	appendsOptOut: boolean;
}

/** One recipient's message, ready for the wire. */
export interface OutgoingMessage {
	/** Index of this recipient in the campaign's recipient list; results are mapped back by it. */
	key: number;
	phone: PhoneNumber;
	/** Values for every template placeholder, already strings. */
	variables: Record<string, string>;
	/** The full rendered text including 【signature】 (and opt-out suffix when asked for). */
	text: string;
	/**
	 * Correlation id echoed in status and receipts. Given to `planSend`: the one the caller wants. In a
	 * `PlannedCall`: the one that call sends for this message (see `PlannedCall.messages`).
	 */
	outId: string;
}

/** How the messages were grouped by the caller. */
export type SendMode =
	/** Send: each inner group is one input item whose phones share the same content; one call per group. */
	| 'perItem'
	/** Send Batch: all messages may be combined freely into as few vendor calls as the vendor allows. */
	| 'batch';

/** One planned vendor request. `payload` is opaque to everything but the provider that planned it. */
export interface PlannedCall {
	/** The vendor API, for logs and summaries (e.g. `SendBatchSms`, `multi_send`, `variable/json`). */
	api: string;
	/**
	 * The messages this call carries, each `outId` being the one the call sends for that message where the
	 * vendor takes one. A vendor with one id per request gets the messages'
	 * shared outId, or else an id generated for the call, which every message of the call then carries
	 * (a copy; the messages given to `planSend` stay as they were). Every outcome of the call (accepted,
	 * rejected, or unknown after a timeout) reports these outIds, so that it can be matched with status
	 * queries and receipts.
	 */
	messages: OutgoingMessage[];
	payload: unknown;
}

/** What `planSend` returns: the calls, and the messages the vendor cannot carry at all with the reason. */
export interface SendPlan {
	calls: PlannedCall[];
	unsendable: Array<{ key: number; error: VendorErrorInfo }>;
}

/** The vendor's verdict for one message of a call that the vendor answered. Its outId is the planned one. */
export type MessageResult =
	| { key: number; status: 'accepted'; messageId: string; parts?: number }
	| { key: number; status: 'rejected'; error: VendorErrorInfo };

/** Vendor-neutral template review state. */
export type TemplateStatus = 'approved' | 'pending' | 'rejected' | 'cancelled' | 'notChecked';

export interface TemplateInfo {
	templateId: string;
	status: TemplateStatus;
	/** Rejection reason, or a local rule that failed. */
	reason: string;
	/** Template text without signature. */
	content: string;
	/**
	 * The 【signature】 the template text itself starts with, where the vendor's templates carry one, without brackets: what
	 * the vendor expects when the node sets none. Absent when the template carries none.
	 */
	signName?: string;
	/** Placeholder names in order of first appearance (positional: `var1..varN`). */
	variables: string[];
	positional: boolean;
	/** True when the vendor has no template query and the check was done here. */
	checkedLocally: boolean;
}

/** What a local template check (a vendor without a template query) also verifies: the signature to send with, the required opt-out text. */
export interface TemplateCheckOptions {
	signName?: string;
	optOutSuffix?: string;
}

export interface StatusQuery {
	phone: PhoneNumber;
	/** The id a send returned for the message. Optional. */
	messageId?: string;
	/** The China (UTC+8) calendar day of the send, `yyyy-MM-dd`. */
	sendDate: string;
}

/** `unknown`: the status could not be read (an output item with an `error`). */
export type DeliveryStatus = 'delivered' | 'failed' | 'pending' | 'unknown';

export interface StatusRecord {
	phone: string;
	messageId: string;
	outId: string;
	status: DeliveryStatus;
	errorCode: string;
	errorMessage: string;
	/** ISO 8601 with +08:00, or '' when the vendor gives none. */
	sentAt: string;
	deliveredAt: string;
	content: string;
}

export interface Receipt {
	/** The vendor's `provider` option value. */
	provider: string;
	/** E.164. */
	phone: string;
	status: 'delivered' | 'failed';
	vendorStatus: string;
	errorCode: string;
	errorMessage: string;
	messageId: string;
	outId: string;
	/** ISO 8601 with offset, or ''. */
	sentAt: string;
	reportedAt: string;
	parts: number;
}

/** An inbound reply (上行短信) to a message of the account. */
export interface Reply {
	/** The vendor's `provider` option value. */
	provider: string;
	/** E.164. */
	phone: string;
	content: string;
	/** ISO 8601 with offset. */
	receivedAt: string;
	/** The signature of the message replied to, without 【】, or ''. */
	signName: string;
	/** The extension number the reply came in on, or ''. */
	extendCode: string;
	/** The vendor's id of this reply where it gives one (a queue message id, a sequence id), else ''. */
	replyId: string;
}

export interface PullOptions {
	/** Upper bound on events returned by this pull. */
	max: number;
	/** Manual "fetch test event": never consume or delete anything at the vendor. */
	peek: boolean;
	/**
	 * `Date.now()` after which no further vendor request starts: the pull returns what it has, so that a
	 * poll ends before the next one is due. Absent: no time limit.
	 */
	deadline?: number;
}

/** What one pull of a vendor's receipts or replies got. */
export interface EventPull<T> {
	events: T[];
	/** Which source was read, for the user (e.g. `pull_status`, `get_record (non-destructive)`). */
	source: string;
	/**
	 * Confirms to the vendor that these events are safely emitted (a queue deletes the messages).
	 * Vendors whose pull is already destructive do nothing here. Never called in peek mode.
	 */
	acknowledge(): Promise<void>;
	/** A failure that ended the pull early; the events above were still pulled and must not be lost. */
	error?: VendorError;
}

export type ReceiptPull = EventPull<Receipt>;
export type ReplyPull = EventPull<Reply>;

/** One entry of a picker's list (a template, a signature), as the editor shows it. */
export interface ListedResource {
	/** The value stored in the workflow: the template id, the signature name. */
	id: string;
	/** The resource's own name (its id where it has none); the picker adds the id and the review state. */
	name: string;
	status: TemplateStatus;
	/** What else identifies it: a template's text, a signature's business type; a rejection's reason. */
	description: string;
}

/** One page of a picker's list; `nextPage` is the opaque token that reads the next one, absent on the last. */
export interface ListedPage {
	entries: ListedResource[];
	nextPage?: string;
}

export interface CredentialCheck {
	ok: boolean;
	/** Plain-English result: what is wrong and how to fix it. */
	message: string;
}

/** Per-execution settings that affect every vendor request. */
export interface RequestSettings {
	/** Milliseconds before a request is abandoned (and its outcome becomes `unknown` for sends). */
	timeoutMs: number;
	/**
	 * Awaited once the vendor's answer has arrived in full, before it is read: the campaign may start its
	 * next request then (see runPaced).
	 */
	onAnswered?: () => Promise<void>;
}

export interface SmsProvider {
	/** The vendor's `provider` option value (see the registry). */
	readonly name: string;
	/** The most recipients one planned call can carry, for documentation and benchmarks. */
	readonly maxRecipientsPerCall: number;
	/** The credential's default signature, without 【】 ('' when it has none); a node parameter may override it. */
	readonly defaultSignName: string;
	/** How its templates write placeholders, and whether it adds the opt-out sentence (see prepareText). */
	readonly templateSyntax: TemplateSyntax;

	testCredentials(): Promise<CredentialCheck>;

	/**
	 * Group messages into the fewest vendor calls the vendor allows. Pure: no I/O, and the given messages
	 * are not changed (see `PlannedCall.messages` for the outIds a call carries).
	 * In `perItem` mode `groups` holds one group per input item; in `batch` mode a single group.
	 * Messages the vendor cannot carry at all come back in `unsendable` with the reason.
	 */
	planSend(groups: OutgoingMessage[][], template: TemplateSpec, mode: SendMode): SendPlan;

	/** Make one planned call. Throws `VendorError` when the vendor rejected or never answered the whole call. */
	send(call: PlannedCall, settings: RequestSettings): Promise<MessageResult[]>;

	/**
	 * The template as the vendor knows it. A vendor without a template query validates
	 * `templateContent` locally and says `checkedLocally`.
	 */
	getTemplate(
		templateId: string,
		templateContent: string | undefined,
		settings: RequestSettings,
		checks?: TemplateCheckOptions,
	): Promise<TemplateInfo>;

	/** Per-message delivery status, all pages. Throws a `VendorError` with code `NOT_SUPPORTED` where the vendor has no query. */
	queryStatus(query: StatusQuery, settings: RequestSettings): Promise<StatusRecord[]>;

	pullReceipts(options: PullOptions, settings: RequestSettings): Promise<ReceiptPull>;

	/** Inbound replies (上行短信), consumed as `pullReceipts` consumes receipts. */
	pullReplies(options: PullOptions, settings: RequestSettings): Promise<ReplyPull>;

	/**
	 * The account's templates, one vendor page per call (`page` is the token a previous page gave), for the
	 * template picker. Absent where the vendor has no template list.
	 */
	listTemplates?(page: string | undefined, settings: RequestSettings): Promise<ListedPage>;

	/** The account's signatures, paged as `listTemplates`. Absent where signatures are not picked per send. */
	listSignatures?(page: string | undefined, settings: RequestSettings): Promise<ListedPage>;
}
