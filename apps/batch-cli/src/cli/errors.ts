/** Exit codes of `actkit-batch`. */
export const EXIT = {
  ok: 0,
  /** At least one file failed (the others completed). */
  failed: 1,
  /** Bad command line: unknown flag, activation or parameter; nothing was started. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2). */
  sigint: 130,
  /** Terminated by SIGTERM (128 + 15). */
  sigterm: 143,
} as const;

/** An error meant for the user: its message is printed as is, and it carries the exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** `e`'s message, for printing. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
