/**
 * `n8n execute --id <id> --rawOutput`: the workflow runs in the CLI's own process, which then prints the
 * run (IRun) as JSON through its logger at level info — a failed execution too, followed by the error as
 * text. The run, not the exit status, says how it went: n8n 2.40 on Node 24 now and then crashes with
 * SIGSEGV (exit 139) while shutting down, after it has printed the run.
 */
import type { N8nInstance } from './n8nInstance';
import { tail } from './n8nInstance';

type Json = Record<string, unknown>;

interface TaskData {
	data?: { main?: Array<Array<{ json: Json }> | null> };
}

interface RunJson {
	status?: string;
	data?: { resultData?: { error?: { message?: string }; runData?: Record<string, TaskData[]> } };
}

export class CliExecution {
	constructor(
		/** What `n8n execute` printed: its log, with the run in it. */
		readonly printed: string,
		private readonly run: RunJson | undefined,
	) {}

	get succeeded(): boolean {
		return this.run !== undefined && this.run.status !== 'error' && !this.run.data?.resultData?.error;
	}

	/** Why it failed, in n8n's words. */
	get failure(): string {
		return this.run?.data?.resultData?.error?.message ?? tail(this.printed, 600);
	}

	/** The json of the items a node put on one output in its last run ([] when it did not run). */
	output(nodeName: string, outputIndex = 0): Json[] {
		const runs = this.run?.data?.resultData?.runData?.[nodeName] ?? [];
		const items = runs.at(-1)?.data?.main?.[outputIndex] ?? [];
		return items.map((item) => item.json);
	}
}

export async function executeWorkflow(n8n: N8nInstance, workflowId: string): Promise<CliExecution> {
	const result = await n8n.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
	return new CliExecution(`${result.stdout}\n${result.stderr}`, parseRun(result.stdout));
}

/** The run is printed indented by 2: from a line reading `{` to the next line reading `}`, log lines around it. */
function parseRun(stdout: string): RunJson | undefined {
	const printedRun = /^\{$[\s\S]*?^\}$/m.exec(stdout);
	if (!printedRun) return undefined;
	try {
		return JSON.parse(printedRun[0]) as RunJson;
	} catch {
		return undefined;
	}
}
