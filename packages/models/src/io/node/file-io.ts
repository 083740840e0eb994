/**
 * Small file primitives of the Node helpers: exact reads at a position, complete writes, and an
 * atomic replace (temporary file in the same directory, fsync, rename).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FormatError, type ReadContext } from '../errors.js';

/** The most one read or write call moves (Node refuses single I/O calls of 2 GiB or more). */
const MAX_IO = 1 << 30;

/**
 * Fills `target` with the file's bytes from `position`.
 *
 * @throws {@link FormatError} `truncated` when the file ends first (it shrank since it was measured).
 */
export async function readExactly(handle: FileHandle, target: Uint8Array, position: number, where: ReadContext): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, Math.min(MAX_IO, target.length - done), position + done);
    if (bytesRead === 0) {
      throw new FormatError(where.fn, where.source, 'truncated', `the file ended at byte ${position + done}, ${target.length - done} bytes short`);
    }
    done += bytesRead;
  }
}

/** Writes all of `bytes` at the handle's current position. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, Math.min(MAX_IO, bytes.length - done));
    done += bytesWritten;
  }
}

/** Flushes a directory's entries (the rename) to disk; ignored where directories cannot be opened or synced. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory; some file systems refuse fsync on one. The rename is done.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Replaces the file at `path` with `chunks`, atomically: they are written to a new temporary file
 * in the same directory (`.<name>.<pid>.<random>.tmp`), fsynced, and renamed over `path`. A
 * reader sees the old file or the new one, never a part. On any error the temporary file is
 * removed and `path` is untouched.
 */
export async function writeFileAtomic(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx');
    for (const chunk of chunks) await writeAll(handle, chunk);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}
