/** Where an output may go: never over an input, never a folder; opened as an {@link AtomicFile}. */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT } from '../cli/errors.js';
import { fileError } from '../commands/fileErrors.js';
import { AtomicFile, cleanStaleTemps } from './atomic.js';

/** Refuses an output that is the input (same path or same file): a usage error, exit 2. */
export async function checkNotSame(input: string, output: string): Promise<void> {
  if (resolve(input) === resolve(output)) throw new CliError(`${output}: the output is the input; refusing to overwrite it`, EXIT.usage);
  try {
    const [a, b] = await Promise.all([stat(input), stat(output)]);
    if (a.dev === b.dev && a.ino === b.ino) throw new CliError(`${output}: the output is the input (same file); refusing to overwrite it`, EXIT.usage);
  } catch (e) {
    if (e instanceof CliError) throw e;
  }
}

/**
 * Opens `path` for writing as an AtomicFile (its temporary beside it; the final name untouched
 * until `commit`), after refusing any of `inputs`, making its folder and deleting dead runs'
 * temporaries there. A CliError naming `path` (exit 1) when it cannot be written.
 */
export async function openOutput(path: string, inputs: readonly string[]): Promise<AtomicFile> {
  for (const input of inputs) await checkNotSame(input, path);
  if ((await stat(path).catch(() => undefined))?.isDirectory()) throw new CliError(`cannot write ${path}: is a folder, not a file (EISDIR)`);
  try {
    await mkdir(dirname(path), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
      // mkdir -p through a file says EEXIST; the user's problem is a path through a file
      throw e.code === 'EEXIST' ? Object.assign(new Error(e.message), { code: 'ENOTDIR' }) : e;
    });
    await cleanStaleTemps(dirname(path));
    return await AtomicFile.create(path);
  } catch (e) {
    throw fileError(e, 'cannot write', path);
  }
}
