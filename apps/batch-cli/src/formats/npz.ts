/**
 * `.npz` archives, streamed with fflate: a reader that yields each member's bytes as they are
 * unzipped (stored or deflated, zip64 local headers as NumPy writes them), pausing the file
 * stream while too much is buffered, and a writer that streams members out in order. Members are
 * `.npy` files; their header code is ours (`npy.ts`).
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { Unzip, UnzipInflate, Zip, ZipDeflate, ZipPassThrough, type UnzipFile } from 'fflate';

/** Most bytes the reader buffers (unzipped, not yet consumed) before it pauses the file. */
const HIGH_WATER = 16 * 1024 * 1024;

/** A problem with the zip container itself. */
export class NpzFormatError extends Error {
  override readonly name = 'NpzFormatError';
}

interface EntryState {
  readonly name: string;
  readonly compressed: boolean;
  chunks: Uint8Array[];
  ended: boolean;
}

/** One member of an archive, read in order. */
export interface NpzEntry {
  /** The member's file name (`x.npy`). */
  readonly name: string;
  /** The array's name: the file name without `.npy`. */
  readonly arrayName: string;
  /** Whether the member was deflated. */
  readonly compressed: boolean;
  /** Fills `dst` from the member's bytes; returns how many it got (fewer only at the member's end). */
  read(dst: Uint8Array): Promise<number>;
  /** Reads and drops the rest of the member. */
  drain(): Promise<void>;
}

/** Streams the members of an `.npz` file in order. */
export class NpzReader {
  private readonly entries: EntryState[] = [];
  private readonly stream: ReadStream;
  private readonly unzip: Unzip;
  private buffered = 0;
  private eof = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  private taken = 0;

  constructor(path: string) {
    this.unzip = new Unzip((file: UnzipFile) => this.onFile(file));
    this.unzip.register(UnzipInflate);
    this.stream = createReadStream(path, { highWaterMark: 1 << 20 });
    this.stream.on('data', (chunk) => {
      try {
        this.unzip.push(chunk as Buffer, false);
      } catch (e) {
        this.fail(e);
      }
      if (this.buffered > HIGH_WATER) this.stream.pause();
      this.notify();
    });
    this.stream.on('end', () => {
      try {
        this.unzip.push(new Uint8Array(0), true);
      } catch (e) {
        this.fail(e);
      }
      this.eof = true;
      for (const e of this.entries) e.ended = true;
      if (this.entries.length === 0) this.fail(new Error('no members found'));
      this.notify();
    });
    this.stream.on('error', (e) => this.fail(e));
  }

  private fail(e: unknown): void {
    const msg = e instanceof Error ? e.message : String(e);
    this.error ??= new NpzFormatError(`corrupt or truncated .npz (${msg})`);
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async waitEvent(): Promise<void> {
    if (this.error) throw this.error;
    if (this.stream.isPaused() && this.buffered <= HIGH_WATER) this.stream.resume();
    await new Promise<void>((r) => (this.wake = r));
    if (this.error) throw this.error;
  }

  private onFile(file: UnzipFile): void {
    const state: EntryState = { name: file.name, compressed: file.compression !== 0, chunks: [], ended: false };
    this.entries.push(state);
    file.ondata = (err, data, final) => {
      if (err) return this.fail(err);
      if (data.length > 0) {
        state.chunks.push(data.slice()); // own the bytes: fflate may hand out views of its input
        this.buffered += data.length;
      }
      if (final) state.ended = true;
      this.notify();
    };
    file.start();
  }

  /** The next member, or null after the last. */
  async next(): Promise<NpzEntry | null> {
    for (;;) {
      if (this.error) throw this.error;
      const prev = this.entries[this.taken - 1];
      if (prev) {
        // drop what the previous member left unread
        for (const c of prev.chunks) this.buffered -= c.length;
        prev.chunks = [];
      }
      const state = this.entries[this.taken];
      if (state) {
        this.taken++;
        return this.entry(state);
      }
      if (this.eof) return null;
      await this.waitEvent();
    }
  }

  private entry(state: EntryState): NpzEntry {
    const read = async (dst: Uint8Array): Promise<number> => {
      let got = 0;
      while (got < dst.length) {
        const head = state.chunks[0];
        if (head) {
          const n = Math.min(head.length, dst.length - got);
          dst.set(head.subarray(0, n), got);
          got += n;
          this.buffered -= n;
          if (n === head.length) state.chunks.shift();
          else state.chunks[0] = head.subarray(n);
          continue;
        }
        if (state.ended) break;
        await this.waitEvent();
      }
      return got;
    };
    return {
      name: state.name,
      arrayName: state.name.replace(/\.npy$/, ''),
      compressed: state.compressed,
      read,
      drain: async () => {
        const sink = new Uint8Array(1 << 20);
        while ((await read(sink)) === sink.length);
      },
    };
  }

  /** Stops reading the file. */
  close(): void {
    this.stream.destroy();
  }
}

/** Streams an `.npz` archive out through `write`, one member after the other. */
export class NpzWriter {
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private error: Error | undefined;
  private written = 0;

  constructor(private readonly write: (bytes: Uint8Array) => Promise<void>) {
    this.zip = new Zip((err, data) => {
      if (err) this.error = err;
      else this.pending.push(data);
    });
  }

  private async flush(): Promise<void> {
    if (this.error) throw this.error;
    const out = this.pending;
    this.pending = [];
    for (const d of out) {
      this.written += d.length;
      // fflate writes no zip64 records: stay below 4 GiB
      if (this.written > 0xffffffff) throw new NpzFormatError('.npz output over 4 GiB (zip64 is not supported for writing)');
      await this.write(d);
    }
  }

  /** Starts member `name`; push its bytes in order, then end it. */
  member(name: string, compressed: boolean): { push(bytes: Uint8Array): Promise<void>; end(): Promise<void> } {
    const f = compressed ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    this.zip.add(f);
    return {
      push: async (bytes) => {
        // deflate in 1 MiB pieces: fflate sizes its buffers by the piece, so memory stays small
        const piece = compressed ? 1 << 20 : bytes.length || 1;
        for (let i = 0; i < bytes.length; i += piece) {
          f.push(bytes.subarray(i, i + piece), false);
          await this.flush();
        }
      },
      end: async () => {
        f.push(new Uint8Array(0), true);
        await this.flush();
      },
    };
  }

  /** Writes the central directory. */
  async finish(): Promise<void> {
    this.zip.end();
    await this.flush();
  }
}
