/**
 * The slice of n8n 2.40's internal REST API (`/rest`, what the editor calls) the suite needs, as the owner.
 * Routes and bodies as in n8n's controllers: owner.controller (`POST /owner/setup`), credentials.controller
 * (`POST /credentials/test`), executions.controller (`GET /`, `POST /:id/stop`), dynamic-node-parameters
 * .controller (`POST /resource-locator-results`, a picker's list). The session is the
 * `n8n-auth` cookie that owner setup sets (a login would set the same).
 */

export const OWNER = {
	email: 'owner@sms-campaign-e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	// n8n's password rule: 8 to 64 characters with a number and an uppercase letter.
	password: 'E2e-Owner-Passw0rd',
};

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface ExecutionSummary {
	id: string;
	status: string;
}

/** What the editor sends for a picker's list (@n8n/api-types ResourceLocatorRequestDto). */
export interface ResourceLocatorRequest {
	nodeTypeAndVersion: { name: string; version: number };
	/** The node's parameters as the editor holds them while the list is open. */
	currentNodeParameters: Record<string, unknown>;
	/** The credentials selected on the node: `{ [type]: { id, name } }`. */
	credentials: Record<string, { id: string; name: string }>;
	/** The listSearch method the resource locator names. */
	methodName: string;
	/** The parameter the list is for, e.g. `parameters.templateId`. */
	path: string;
	filter?: string;
	paginationToken?: string;
}

export interface ResourceLocatorResults {
	results: Array<{ name: string; value: string | number }>;
	paginationToken?: string;
}

export class N8nRest {
	private constructor(
		private readonly baseUrl: string,
		/** The `n8n-auth` cookie, also handed to the browser for the editor check. */
		readonly authCookie: string,
	) {}

	/** Creates the instance owner (a fresh n8n has none) and keeps the session it starts. */
	static async setUpOwner(baseUrl: string): Promise<N8nRest> {
		const response = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!response.ok) throw new Error(`POST /rest/owner/setup answered ${response.status}: ${await response.text()}`);
		return new N8nRest(baseUrl, authCookieOf(response));
	}

	/** Tests a stored credential with the given data, as the editor's "Retry" / save does. */
	async testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data: object;
	}): Promise<CredentialTestResult> {
		return await this.request<CredentialTestResult>('POST', '/credentials/test', { credentials: credential });
	}

	/** The workflow's executions, newest first. */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await this.request<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}`);
		return page.results;
	}

	async stopExecution(id: string): Promise<void> {
		await this.request('POST', `/executions/${id}/stop`, {});
	}

	/** One page of a picker's list, as the editor loads it when the list opens or scrolls. */
	async resourceLocatorResults(request: ResourceLocatorRequest): Promise<ResourceLocatorResults> {
		return await this.request<ResourceLocatorResults>(
			'POST',
			'/dynamic-node-parameters/resource-locator-results',
			request,
		);
	}

	private async request<Result>(method: string, path: string, body?: unknown): Promise<Result> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: { cookie: `n8n-auth=${this.authCookie}`, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path} answered ${response.status}: ${text.slice(0, 500)}`);
		// n8n wraps every REST answer in `{ data }`.
		return (JSON.parse(text) as { data: Result }).data;
	}
}

function authCookieOf(response: Response): string {
	for (const cookie of response.headers.getSetCookie()) {
		const match = /^n8n-auth=([^;]+)/.exec(cookie);
		if (match) return match[1];
	}
	throw new Error('n8n set no n8n-auth cookie');
}
