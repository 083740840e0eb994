import { spawnSync } from 'node:child_process';

/** Options for {@link run}. */
export interface RunOptions {
  /** Working directory of the command. */
  cwd: string;
  /** Extra environment variables, merged over this process's environment. */
  env?: Record<string, string | undefined>;
  /** Milliseconds before the command is killed (default 300 s: CI runs other suites alongside). */
  timeoutMs?: number;
}

/** What a finished command printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and returns what it printed.
 * Throws an Error that quotes the command, its exit status and its output when it fails,
 * so a failing packaging check shows the tool's own words.
 */
export function run(command: string, args: readonly string[], options: RunOptions): RunResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = result.stdout ?? '';
  const stderr = result.stderr ?? '';
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error !== undefined ? result.error.message : `exit status ${String(result.status ?? result.signal)}`;
    throw new Error(
      `command failed (${why}): ${command} ${args.join(' ')}\n  in ${options.cwd}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
    );
  }
  return { stdout, stderr };
}
