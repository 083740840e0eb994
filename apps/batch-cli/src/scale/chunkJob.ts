/**
 * What a worker does with one job: a chunk computes its row range of the input with the local
 * pool (the same planner and streaming as `apply`) into its part file, written atomically; the
 * parent concatenates the header and the parts into the output, atomically, then removes the parts.
 * An inline chunk computes bytes that came through Redis and stores its output there the same way.
 * A folder's root checks every output once every file is assembled.
 * All are idempotent: a retried chunk rewrites identical bytes, a retried parent finds its output done.
 */
import { getOp } from '@actkit/core';
import type { Pool } from '@actkit/parallel';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readExactly, readNpyHeader, writeAll } from '../commands/applyFile.js';
import { encodeNpyHeader, itemSize, rowElements } from '../formats/npy.js';
import { AtomicFile } from '../output/atomic.js';
import { streamArray } from '../stream/chunks.js';
import { planChunks } from '../stream/plan.js';
import type { Redis } from 'ioredis';
import { bytesKey, BYTES_TTL_SECONDS } from './queue.js';
import { insideRoot, partName, partsDirOf, PayloadError, type AssemblePayload, type ChunkPayload, type FinalisePayload, type InlineChunkPayload } from './payload.js';

export interface JobContext {
  readonly root: string;
  readonly pool: Pool;
  readonly backend?: 'auto' | 'js' | 'wasm';
  /** Bytes per streamed piece inside a chunk. */
  readonly chunkBytes: number;
  /** This worker's name, returned with each chunk (status tallies chunks per worker). */
  readonly worker: string;
  /** The queue's name and a client for `--via-redis` bytes. */
  readonly queue: string;
  readonly redis: Redis;
}

/** What a chunk job returns (BullMQ keeps it with the parent: `status` counts chunks per worker). */
export interface ChunkResult {
  bytes: number;
  worker: string;
}

/** Bytes the parent reads and writes at a time when it copies parts. */
const COPY_PIECE = 16 * 2 ** 20;

/** The plan of one row range: the sub-array's shape, and RReLU's element offset moved to the range's start. */
function planRange(p: ChunkPayload | InlineChunkPayload, ctx: JobContext): { plan: ReturnType<typeof planChunks>; inStart: number } {
  const inStart = p.rowStart * rowElements(p.shape);
  const subShape = [p.rowEnd - p.rowStart, ...p.shape.slice(1)];
  const op = getOp(p.activation);
  const params = op.paramKeys.includes('offset') ? { ...p.params, offset: (typeof p.params['offset'] === 'number' ? p.params['offset'] : 0) + inStart } : p.params;
  return { plan: planChunks(p.activation, subShape, p.dtype, params, Math.max(1, Math.floor(ctx.chunkBytes / itemSize(p.dtype)))), inStart };
}

const streamOptions = (p: ChunkPayload | InlineChunkPayload, ctx: JobContext, plan: ReturnType<typeof planChunks>) => ({
  plan,
  pool: ctx.pool,
  inDtype: p.dtype,
  inLittleEndian: p.littleEndian,
  outDtype: p.dtype,
  outLittleEndian: p.littleEndian,
  ...(ctx.backend ? { backend: ctx.backend } : {}),
});

/** Computes one chunk into `<parts>/part-NNNNNN.bin`. */
export async function runChunk(p: ChunkPayload, ctx: JobContext): Promise<ChunkResult> {
  const input = await insideRoot(ctx.root, p.input, 'input');
  const partsRel = partsDirOf(p.output, p.job);
  const partsDir = await insideRoot(ctx.root, partsRel, 'parts');
  const size = itemSize(p.dtype);
  const { plan, inStart } = planRange(p, ctx);
  const fh = await open(input, 'r');
  try {
    const h = await readNpyHeader(fh, (await fh.stat()).size, p.input);
    if (h.dtype !== p.dtype || h.littleEndian !== p.littleEndian || h.fortranOrder || h.dataOffset !== p.dataOffset || h.shape.join() !== p.shape.join()) {
      throw new Error(`${p.input}: the file changed since it was submitted (its header no longer matches the job)`);
    }
    await mkdir(partsDir, { recursive: true });
    const file = await AtomicFile.create(join(partsDir, partName(p.index)));
    try {
      await streamArray(streamOptions(p, ctx, plan), {
        read: (dst, c) => readExactly(fh, dst, p.dataOffset + (inStart + c.inStart) * size, p.input),
        write: (src, c) => writeAll(file.handle, src, c.outStart * size),
      });
      await file.commit();
    } catch (e) {
      await file.abort();
      throw e;
    }
  } finally {
    await fh.close();
  }
  return { bytes: plan.outLength * size, worker: ctx.worker };
}

/** Computes a chunk whose bytes are in Redis, and stores its output there (a retry overwrites it with the same bytes). */
export async function runInlineChunk(p: InlineChunkPayload, ctx: JobContext): Promise<ChunkResult> {
  const size = itemSize(p.dtype);
  const { plan } = planRange(p, ctx);
  const key = bytesKey(ctx.queue, p.job, p.index, 'in');
  // nothing to retry on: the payload's bytes are not there, or not its rows' size (checked before reading them)
  const length = await ctx.redis.strlen(key);
  if (length === 0) throw new PayloadError(`rejected payload: chunk ${p.index}: its input is not in Redis (the job was removed, or its keys expired)`);
  if (length !== plan.inLength * size) throw new PayloadError(`rejected payload: chunk ${p.index}: ${length} bytes in Redis, its rows need ${plan.inLength * size}`);
  const input = await ctx.redis.getBuffer(key);
  if (input === null) throw new Error(`chunk ${p.index}: its input left Redis while it was read`);
  const output = Buffer.alloc(plan.outLength * size);
  await streamArray(streamOptions(p, ctx, plan), {
    read: async (dst, c) => dst.set(input.subarray(c.inStart * size, c.inStart * size + dst.length)),
    write: async (src, c) => output.set(src, c.outStart * size),
  });
  await ctx.redis.set(bytesKey(ctx.queue, p.job, p.index, 'out'), output, 'EX', BYTES_TTL_SECONDS);
  return { bytes: output.length, worker: ctx.worker };
}

/** A folder's root: every output is there with its size (each file's parent wrote it). */
export async function runFinalise(p: FinalisePayload, ctx: JobContext): Promise<{ files: number; bytes: number }> {
  let bytes = 0;
  for (const o of p.outputs) {
    const path = await insideRoot(ctx.root, o.output, 'output');
    const have = await stat(path).then((s) => s.size, () => -1);
    if (have !== o.bytes) throw new Error(`${o.output}: ${have < 0 ? 'missing' : `${have} bytes`}, expected ${o.bytes}`);
    bytes += have;
  }
  return { files: p.outputs.length, bytes };
}

/** Where an assembled output's bytes go: its header, its size, and each part's size and offset. */
interface OutputLayout {
  header: Uint8Array;
  total: number;
  partBytes(i: number): number;
  partAt(i: number): number;
}

function layoutOf(p: AssemblePayload): OutputLayout {
  const header = encodeNpyHeader({ dtype: p.dtype, littleEndian: p.littleEndian, fortranOrder: false, shape: p.shape });
  const rows = p.shape[0] as number;
  const rowBytes = rowElements(p.shape) * itemSize(p.dtype);
  return {
    header,
    total: header.length + rows * rowBytes,
    partBytes: (i) => (Math.min(rows, (i + 1) * p.rowsPerChunk) - i * p.rowsPerChunk) * rowBytes,
    partAt: (i) => header.length + i * p.rowsPerChunk * rowBytes,
  };
}

/**
 * Whether the output already holds this job's result although its parts folder is not empty
 * (or gone): the output has the right size and header, some parts are missing (they were removed
 * after the commit), and every part still there, such as a chunk run again after Redis lost its
 * completion, matches the output's bytes at its place.
 */
async function alreadyWritten(output: string, partsDir: string, count: number, l: OutputLayout): Promise<boolean> {
  const out = await open(output, 'r').catch(() => undefined);
  if (!out) return false;
  try {
    if ((await out.stat()).size !== l.total) return false;
    const head = new Uint8Array(l.header.length);
    await readExactly(out, head, 0, output);
    if (!Buffer.from(head).equals(l.header)) return false;
    const names = new Set(await readdir(partsDir).catch(() => [] as string[]));
    const present = [...Array(count).keys()].filter((i) => names.has(partName(i)));
    if (present.length === count) return false; // every part is there: assemble them
    const piece = Math.min(COPY_PIECE, Math.max(1, l.partBytes(0)));
    const [a, b] = [Buffer.alloc(piece), Buffer.alloc(piece)];
    for (const i of present) {
      const want = l.partBytes(i);
      const part = await open(join(partsDir, partName(i)), 'r');
      try {
        if ((await part.stat()).size !== want) return false;
        for (let off = 0; off < want; off += piece) {
          const n = Math.min(piece, want - off);
          await readExactly(part, a.subarray(0, n), off, partName(i));
          await readExactly(out, b.subarray(0, n), l.partAt(i) + off, output);
          if (!a.subarray(0, n).equals(b.subarray(0, n))) return false;
        }
      } finally {
        await part.close();
      }
    }
    return true;
  } finally {
    await out.close();
  }
}

/** Writes the output from the header and every part, then removes the parts; returns the output's size. */
export async function runAssemble(p: AssemblePayload, ctx: JobContext): Promise<number> {
  const output = await insideRoot(ctx.root, p.output, 'output');
  const partsRel = partsDirOf(p.output, p.job);
  const partsDir = await insideRoot(ctx.root, partsRel, 'parts');
  const l = layoutOf(p);
  if (await alreadyWritten(output, partsDir, p.count, l)) {
    // a retry after the commit, or chunks run again after Redis lost their completion: the output is this job's
    await rm(partsDir, { recursive: true, force: true });
    await rm(`${partsDir}.removing`, { recursive: true, force: true });
    return l.total;
  }
  const file = await AtomicFile.create(output);
  try {
    await writeAll(file.handle, l.header, 0);
    let position = l.header.length;
    const buf = new Uint8Array(Math.min(COPY_PIECE, Math.max(1, l.partBytes(0))));
    for (let i = 0; i < p.count; i++) {
      const name = partName(i);
      const want = l.partBytes(i);
      const part = await open(join(partsDir, name), 'r').catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'ENOENT' ? new Error(`${partsRel}/${name} is missing: chunk ${i} is not done`) : e;
      });
      try {
        const have = (await part.stat()).size;
        if (have !== want) throw new Error(`${partsRel}/${name}: ${have} bytes, chunk ${i} needs ${want}`);
        for (let off = 0; off < want; off += buf.length) {
          const piece = buf.subarray(0, Math.min(buf.length, want - off));
          await readExactly(part, piece, off, `${partsRel}/${name}`);
          await writeAll(file.handle, piece, position);
          position += piece.length;
        }
      } finally {
        await part.close();
      }
    }
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
  // one atomic step makes the parts gone for a retry, however far the removal then gets
  await rename(partsDir, `${partsDir}.removing`);
  await rm(`${partsDir}.removing`, { recursive: true, force: true });
  return l.total;
}
