/**
 * Streams one array through the pool, chunk by chunk, with a few chunks in flight so reading,
 * computing and writing overlap. Each slot owns its buffers for the whole run (float32: pool
 * memory, where the workers' wasm kernels run with no copy; float64: a SharedArrayBuffer), so
 * memory stays at `slots × chunk` whatever the file size. Reads happen in chunk order and writes
 * in chunk order (a zip entry is a stream); compute runs concurrently.
 */
import type { DType, FloatArray } from '@actkit/core';
import type { Pool } from '@actkit/parallel';
import { itemSize } from '../formats/npy.js';
import type { Chunk, ChunkPlan } from './plan.js';

/** Where a streamed array's bytes come from and go to. */
export interface ChunkIO {
  /** Fills `dst` with the input bytes of chunk `c` (called in chunk order). */
  read(dst: Uint8Array, c: Chunk): Promise<void>;
  /** Writes the output bytes of chunk `c` (called in chunk order). */
  write(src: Uint8Array, c: Chunk): Promise<void>;
}

export interface StreamOptions {
  readonly plan: ChunkPlan;
  readonly pool: Pool;
  readonly inDtype: DType;
  readonly inLittleEndian: boolean;
  readonly outDtype: DType;
  readonly outLittleEndian: boolean;
  /** Chunks in flight (default 2). */
  readonly slots?: number;
  /** Backend for the pool's calls (`auto` by default). */
  readonly backend?: 'auto' | 'js' | 'wasm';
  /** Called after each chunk is written, with the chunk's input bytes. */
  readonly onChunk?: (inBytes: number) => void;
}

/** Reverses the byte order of each element of `bytes` in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size === 4) b.swap32();
  else b.swap64();
}

interface Slot {
  /** The compute array (output dtype); the op runs in place on it unless `out` is separate. */
  x: FloatArray;
  /** The output array when the op changes the length (GLU), else `x`. */
  y: FloatArray;
  /** Input staging in the input dtype, when it differs from the output dtype. */
  staging?: FloatArray;
  release(): void;
}

function sharedArray(dtype: DType, length: number): FloatArray {
  const buf = new SharedArrayBuffer(Math.max(1, length) * itemSize(dtype));
  return dtype === 'float64' ? new Float64Array(buf, 0, length) : new Float32Array(buf, 0, length);
}

function makeSlot(o: StreamOptions): Slot {
  const { plan, pool, inDtype, outDtype } = o;
  const owned: Float32Array[] = [];
  const alloc = (dtype: DType, length: number): FloatArray => {
    if (dtype === 'float32' && pool.memory !== undefined && length > 0) {
      const a = pool.alloc(length);
      owned.push(a);
      return a;
    }
    return sharedArray(dtype, length);
  };
  const x = alloc(outDtype, plan.maxIn);
  const y = plan.outLength === plan.inLength ? x : alloc(outDtype, plan.maxOut);
  const staging = inDtype === outDtype ? undefined : sharedArray(inDtype, plan.maxIn);
  return {
    x,
    y,
    ...(staging ? { staging } : {}),
    release: () => {
      for (const a of owned) pool.free(a);
    },
  };
}

const bytesOf = (a: FloatArray, length: number): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, length * a.BYTES_PER_ELEMENT);

/** Runs the plan over `io`. Rejects with the first error; no read or write starts after it. */
export async function streamArray(o: StreamOptions, io: ChunkIO): Promise<void> {
  const { plan, pool } = o;
  const inSize = itemSize(o.inDtype);
  const outSize = itemSize(o.outDtype);
  const nSlots = Math.max(1, Math.min(o.slots ?? 2, plan.chunks.length));
  let next = 0;
  let failed = false;
  let lastRead: Promise<unknown> = Promise.resolve();
  let lastWrite: Promise<unknown> = Promise.resolve();

  const runSlot = async (slot: Slot): Promise<void> => {
    while (!failed && next < plan.chunks.length) {
      const c = plan.chunks[next++] as Chunk;
      const inLen = c.inEnd - c.inStart;
      const outLen = c.outEnd - c.outStart;
      // claim this chunk's turns now, in chunk order
      const prevRead = lastRead;
      const prevWrite = lastWrite;
      let readDone!: () => void;
      let writeDone!: () => void;
      lastRead = new Promise<void>((r) => (readDone = r));
      lastWrite = new Promise<void>((r) => (writeDone = r));
      try {
        await prevRead;
        if (failed) return;
        const src = slot.staging ?? slot.x;
        const inBytes = bytesOf(src, inLen);
        try {
          await io.read(inBytes, c);
        } finally {
          readDone();
        }
        if (!o.inLittleEndian) swapBytes(inBytes, inSize);
        const x = slot.x.subarray(0, inLen);
        if (slot.staging) x.set(slot.staging.subarray(0, inLen));
        const y = slot.y === slot.x ? x : slot.y.subarray(0, outLen);
        await pool.run(plan.opName, x, { ...plan.optionsFor(c), out: y, ...(o.backend ? { backend: o.backend } : {}) });
        const outBytes = bytesOf(y, outLen);
        if (!o.outLittleEndian) swapBytes(outBytes, outSize);
        await prevWrite;
        if (failed) return;
        await io.write(outBytes, c);
        o.onChunk?.(inLen * inSize);
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        readDone();
        writeDone();
      }
    }
  };

  const slots: Slot[] = [];
  try {
    for (let i = 0; i < nSlots; i++) slots.push(makeSlot(o));
    const results = await Promise.allSettled(slots.map(runSlot));
    const bad = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (bad) throw bad.reason;
  } finally {
    for (const s of slots) s.release();
  }
}
