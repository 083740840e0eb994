/**
 * Output safety: every output is written to a temporary name in its own folder, fsynced, and
 * renamed over the final name, so the final name only ever holds a complete file. The temporary
 * names of this process are kept in a registry that SIGINT/SIGTERM handlers delete; a later run
 * deletes the temporaries of processes that are gone (a SIGKILL, a power cut).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const live = new Set<string>();

/** Temporary name for `path`: `.<name>.actkit-<pid>-<hex>.tmp` beside it. */
export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.actkit-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

const TEMP = /^\.(.+)\.actkit-(\d+)-[0-9a-f]+\.tmp$/;
/** The name the first CLI used (`.<name>.<12 hex>.tmp`, no pid). */
const LEGACY_TEMP = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temporaries left in `dir` by runs that are no longer alive (all of them for the
 * pid-less legacy names). Returns the names deleted.
 */
export async function cleanStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const gone: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    if ((m && !alive(Number(m[2]))) || (!m && LEGACY_TEMP.test(name))) {
      await rm(join(dir, name), { force: true });
      gone.push(name);
    }
  }
  return gone;
}

/** A file being written under a temporary name; `commit` makes it the final one. */
export class AtomicFile {
  private constructor(
    readonly path: string,
    readonly tempPath: string,
    readonly handle: FileHandle,
  ) {}

  /** Creates the temporary file for `path` (never touching `path` itself). */
  static async create(path: string): Promise<AtomicFile> {
    const tmp = tempNameFor(path);
    live.add(tmp);
    try {
      return new AtomicFile(path, tmp, await open(tmp, 'wx'));
    } catch (e) {
      live.delete(tmp);
      throw e;
    }
  }

  /** fsync, close, rename over the final name, and fsync the folder so the rename is durable. */
  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    await rename(this.tempPath, this.path);
    live.delete(this.tempPath);
    try {
      const d = await open(dirname(this.path), 'r');
      await d.sync().finally(() => d.close());
    } catch {
      // some file systems refuse to fsync a folder; the rename is done either way
    }
  }

  /** Closes and deletes the temporary file; the final name is untouched. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
    live.delete(this.tempPath);
  }
}

/** Deletes every temporary file of this process, synchronously (from a signal handler). */
export function removeLiveTempsSync(): void {
  for (const tmp of live) rmSync(tmp, { force: true });
  live.clear();
}

/** Temporary files of this process not yet committed or aborted (tests, diagnostics). */
export function liveTemps(): string[] {
  return [...live];
}

let interrupt: ((signal: NodeJS.Signals) => boolean) | undefined;

/**
 * Lets a command stop gracefully on the next SIGINT or SIGTERM: `handler` runs first, and when it
 * returns true (it will stop and exit by itself, e.g. by aborting a training run) the process
 * does not exit at once. A second signal exits at once, as usual. Returns the undo.
 */
export function onInterrupt(handler: (signal: NodeJS.Signals) => boolean): () => void {
  interrupt = handler;
  return () => {
    if (interrupt === handler) interrupt = undefined;
  };
}

let installed = false;
/**
 * On SIGINT and SIGTERM: delete this process's temporaries, call `onSignal` (to say so), and exit
 * with 128 + the signal number (unless an {@link onInterrupt} handler takes the first signal).
 */
export function installSignalCleanup(onSignal: (signal: NodeJS.Signals) => void): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      const graceful = interrupt;
      interrupt = undefined;
      if (graceful?.(signal)) return;
      removeLiveTempsSync();
      onSignal(signal);
      process.exit(code);
    });
  }
}

/** Names in `dir` that look like our temporaries (tests). */
export function tempsIn(dir: string): string[] {
  return readdirSync(dir).filter((n) => TEMP.test(n) || LEGACY_TEMP.test(n));
}
