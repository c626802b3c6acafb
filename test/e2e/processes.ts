/**
 * Every process the suite starts goes through here, each in its own process group, so that the suite can
 * end each one and all of its children (n8n's task runner, npm's node-gyp) by pid — also after a failure or
 * Ctrl+C — and leave nothing running.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const running = new Set<ChildProcess>();

export interface Finished {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** A long-running process (the n8n server). Its output goes to the given log stream, not to the suite's. */
export function startProcess(command: string, args: string[], options: SpawnOptions): ChildProcess {
	const child = spawn(command, args, { ...options, detached: true });
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

/** Runs a command to its end and collects its output; fails only when it cannot start or outlives the timeout. */
export function runProcess(
	command: string,
	args: string[],
	options: SpawnOptions & { timeoutMs: number },
): Promise<Finished> {
	const child = startProcess(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			stopProcess(child);
			reject(new Error(`${command} ${args.join(' ')} still running after ${options.timeoutMs / 1000} s`));
		}, options.timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() });
		});
	});
}

/** Ends the process and everything it started: the group is the child's pid (spawned detached). */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

/** Asks the process group to stop, then kills what is left after the grace period. */
export async function stopProcessGracefully(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	stopProcess(child, 'SIGTERM');
	const timer = setTimeout(() => stopProcess(child, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	// n8n's task runner may outlive its parent for a moment: the group, not the parent, must be gone.
	stopGroupRemains(child);
}

function stopGroupRemains(child: ChildProcess): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// Nothing left in the group.
	}
}

/** Kills every process group still running; for the exit path, where there is no time to be gentle. */
export function killAllProcesses(): void {
	for (const child of running) {
		stopProcess(child, 'SIGKILL');
		stopGroupRemains(child);
	}
	running.clear();
}

/**
 * A process's peak resident set size so far, in kB: the kernel keeps the maximum itself (VmHWM), so nothing
 * between two readings is missed.
 */
export function peakRssKb(pid: number): number {
	const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`/proc/${pid}/status has no VmHWM line`);
	return Number(match[1]);
}

/**
 * Starts a new peak for peakRssKb (writing 5 to clear_refs resets VmHWM to the current RSS), so that a
 * measurement is of one run, not of everything the process did before. Returns false when the kernel
 * refuses (not the process's owner): the peak then includes the earlier work.
 */
export function resetPeakRss(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}
