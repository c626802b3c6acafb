/**
 * The suite's output: one `PASS <name>` or `FAIL <name>: <why>` line per check as it finishes (`SKIP <name>:
 * <why>` for one this machine cannot run), measurements as `INFO` lines, and last the counts as
 * `N passed, N failed` (also written as JSON for .ci/run to add up).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A check's verdict when what it found is not what the specification says. */
export class CheckFailure extends Error {}

/** Fails the current check with `message` unless `condition` holds. */
export function expectThat(condition: boolean, message: string): asserts condition {
	if (!condition) throw new CheckFailure(message);
}

/** Fails the current check listing every problem found, when there are any. */
export function expectNoProblems(problems: string[]): void {
	if (problems.length > 0) throw new CheckFailure(problems.join('; '));
}

export class Report {
	private passed = 0;
	private failed = 0;

	/** Runs one check; any exception is its failure, so one broken check never hides the others. */
	async check(name: string, run: () => Promise<void> | void): Promise<boolean> {
		try {
			await run();
			this.passed += 1;
			console.log(`PASS ${name}`);
			return true;
		} catch (error) {
			this.failed += 1;
			console.log(`FAIL ${name}: ${describe(error)}`);
			return false;
		}
	}

	/** Records a check that could not run at all (a failed setup step) as failed, with the reason. */
	fail(name: string, reason: unknown): void {
		this.failed += 1;
		console.log(`FAIL ${name}: ${describe(reason)}`);
	}

	/** A check that cannot run on this machine, for the printed reason; counted neither way. */
	skip(name: string, reason: string): void {
		console.log(`SKIP ${name}: ${reason}`);
	}

	info(message: string): void {
		console.log(`INFO ${message}`);
	}

	get anyFailed(): boolean {
		return this.failed > 0;
	}

	/** Prints the final count line and writes the counts where .ci/run reads them. */
	finish(resultsFile: string | undefined): void {
		if (resultsFile) {
			mkdirSync(dirname(resultsFile), { recursive: true });
			writeFileSync(resultsFile, JSON.stringify({ passed: this.passed, failed: this.failed }));
		}
		console.log(`${this.passed} passed, ${this.failed} failed`);
	}
}

function describe(error: unknown): string {
	if (error instanceof CheckFailure) return error.message;
	if (error instanceof Error) return `${error.message}${error.stack ? `\n${indent(error.stack)}` : ''}`;
	return String(error);
}

function indent(text: string): string {
	return text
		.split('\n')
		.slice(1, 6)
		.map((line) => `    ${line.trim()}`)
		.join('\n');
}
