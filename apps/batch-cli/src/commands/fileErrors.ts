/** Turns Node's file errors into messages that name the user's path (never a temporary name). */
import { CliError } from '../cli/errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
};

/** `e` as a CliError whose message is `<what> <path>: <reason>`. Errors that are not I/O pass through. */
export function fileError(e: unknown, what: 'cannot read' | 'cannot write', path: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return e;
  return new CliError(`${what} ${path}: ${REASONS[code] ?? code.toLowerCase()} (${code})`);
}
