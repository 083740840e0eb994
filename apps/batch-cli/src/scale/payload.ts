/**
 * The wire format of scale-out jobs, and the one check every payload passes before any work: on
 * `submit` (before it is enqueued) and in the worker (before a file is opened). A payload carries
 * paths relative to the job's data root; each machine resolves them against its own root
 * (`--data-root`), so a shared folder may be mounted at different places.
 */
import { checkKeys, getOp } from '@actkit/core';
import { elementCount, itemSize, rowElements } from '../formats/npy.js';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** What every chunk carries: its job, the activation, and its rows of the array. */
interface RowRange {
  v: 1;
  /** The flow's id (the root job's id). */
  job: string;
  activation: string;
  params: Record<string, unknown>;
  index: number;
  rowStart: number;
  rowEnd: number;
  dtype: 'float32' | 'float64';
  littleEndian: boolean;
  shape: number[];
}

/** One row range of the input, written to its own part file in the output's parts folder ({@link partsDirOf}). */
export interface ChunkPayload extends RowRange {
  kind: 'chunk';
  /** Paths relative to the data root. */
  input: string;
  output: string;
  dataOffset: number;
}

/**
 * A row range whose bytes travel through Redis itself (`submit --via-redis`): `submit` stores them
 * under the chunk's input key, the worker stores the output under its output key ({@link bytesKey}:
 * derived, never named by the payload). No path, no shared folder.
 */
export interface InlineChunkPayload extends RowRange {
  kind: 'inline-chunk';
}

/** The parent: concatenates the header and every part into the output once all chunks are done. */
export interface AssemblePayload {
  kind: 'assemble';
  v: 1;
  job: string;
  output: string;
  count: number;
  rowsPerChunk: number;
  dtype: 'float32' | 'float64';
  littleEndian: boolean;
  shape: number[];
}

/** The root of a job over many files: checks every output is there once every file is assembled. */
export interface FinalisePayload {
  kind: 'finalise';
  v: 1;
  job: string;
  outputs: Array<{ output: string; bytes: number }>;
}

/** The root of a `--via-redis` job: done when every chunk is; `submit --wait` writes the output from the chunks' results. */
export interface CollectPayload {
  kind: 'collect';
  v: 1;
  job: string;
  count: number;
}

export type Payload = ChunkPayload | InlineChunkPayload | AssemblePayload | FinalisePayload | CollectPayload;

/** A payload refused by the schema: never retried. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** Most elements of one job's array (2^40: 4 TiB of float32) and of one chunk (2^30). */
export const MAX_ELEMENTS = 2 ** 40;
export const MAX_CHUNK_ELEMENTS = 2 ** 30;
export const MAX_CHUNKS = 1_000_000;
/** Most files in one job. */
export const MAX_FILES = 100_000;
/** Most bytes of one chunk, and of one job, through Redis (`--via-redis`): beyond, use a shared folder. */
export const MAX_INLINE_CHUNK_BYTES = 8 * 2 ** 20;
export const MAX_INLINE_JOB_BYTES = 256 * 2 ** 20;
const MAX_NDIM = 32;
const MAX_PARAMS_JSON = 64 * 1024;

const fail = (why: string): never => {
  throw new PayloadError(`rejected payload: ${why}`);
};

function obj(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(`${what} must be an object`);
  return x as Record<string, unknown>;
}

function int(x: unknown, what: string, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min || x > max) fail(`${what} must be an integer in [${min}, ${max}], got ${JSON.stringify(x)}`);
  return x as number;
}

function str(x: unknown, what: string, max = 4096): string {
  if (typeof x !== 'string' || x.length === 0 || x.length > max || x.includes('\0')) fail(`${what} must be a non-empty string of at most ${max} characters`);
  return x as string;
}

/** A path relative to the data root that stays inside it (lexically; {@link insideRoot} also follows links). */
function relPath(x: unknown, what: string): string {
  const p = str(x, what);
  const norm = relative('/r', resolve('/r', p));
  if (isAbsolute(p) || norm === '' || norm === '..' || norm.startsWith(`..${sep}`)) fail(`${what} ${JSON.stringify(p)} is outside the job's data root`);
  return p;
}

function shapeOf(x: unknown): number[] {
  if (!Array.isArray(x) || x.length === 0 || x.length > MAX_NDIM) fail(`shape must be an array of 1 to ${MAX_NDIM} dims`);
  const shape = (x as unknown[]).map((d, i) => int(d, `shape[${i}]`, 0, MAX_ELEMENTS));
  const n = elementCount(shape);
  if (n > MAX_ELEMENTS) fail(`shape (${shape.join(', ')}) holds ${n} elements, over the limit of ${MAX_ELEMENTS}`);
  return shape;
}

/** The activation exists, its parameter names are its own, and they are plain JSON of a sane size. */
function activationOf(d: Record<string, unknown>): { activation: string; params: Record<string, unknown> } {
  const activation = str(d['activation'], 'activation', 64);
  const params = obj(d['params'] ?? {}, 'params');
  if (JSON.stringify(params).length > MAX_PARAMS_JSON) fail(`params are over ${MAX_PARAMS_JSON} bytes of JSON`);
  try {
    const op = getOp(activation);
    checkKeys(op.name, params, op.paramKeys);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  return { activation, params };
}

/** Checks `data` against the schema; returns it typed, or throws a {@link PayloadError} saying why. */
export function validatePayload(data: unknown): Payload {
  const d = obj(data, 'payload');
  if (d['v'] !== 1) fail(`unknown payload version ${JSON.stringify(d['v'])}`);
  const job = str(d['job'], 'job', 128);
  if (!isJobId(job)) fail(`job must be letters, digits, _ . - (not only digits), got ${JSON.stringify(job)}`);
  if (d['kind'] === 'finalise') {
    if (!Array.isArray(d['outputs']) || d['outputs'].length === 0 || d['outputs'].length > MAX_FILES) fail(`outputs must be an array of 1 to ${MAX_FILES} files`);
    const outputs = (d['outputs'] as unknown[]).map((o, i) => {
      const e = obj(o, `outputs[${i}]`);
      return { output: relPath(e['output'], `outputs[${i}].output`), bytes: int(e['bytes'], `outputs[${i}].bytes`, 0, MAX_ELEMENTS * 8 + (1 << 24)) };
    });
    return { kind: 'finalise', v: 1, job, outputs };
  }
  if (d['kind'] === 'collect') return { kind: 'collect', v: 1, job, count: int(d['count'], 'count', 1, MAX_CHUNKS) };
  const dtype = d['dtype'];
  if (dtype !== 'float32' && dtype !== 'float64') fail(`dtype must be float32 or float64, got ${JSON.stringify(dtype)}`);
  if (typeof d['littleEndian'] !== 'boolean') fail('littleEndian must be a boolean');
  const shape = shapeOf(d['shape']);
  const rows = shape[0] as number;
  const rowElems = rowElements(shape);
  const array = { v: 1 as const, job, dtype: dtype as 'float32' | 'float64', littleEndian: d['littleEndian'] as boolean, shape };
  const size = itemSize(array.dtype);
  const range = (): { index: number; rowStart: number; rowEnd: number } => {
    const rowStart = int(d['rowStart'], 'rowStart', 0, rows);
    const rowEnd = int(d['rowEnd'], 'rowEnd', rowStart + 1, rows);
    if ((rowEnd - rowStart) * rowElems > MAX_CHUNK_ELEMENTS) fail(`a chunk of ${(rowEnd - rowStart) * rowElems} elements is over the limit of ${MAX_CHUNK_ELEMENTS}`);
    return { index: int(d['index'], 'index', 0, MAX_CHUNKS - 1), rowStart, rowEnd };
  };
  if (d['kind'] === 'inline-chunk') {
    const { activation, params } = activationOf(d);
    const r = range();
    const bytes = (r.rowEnd - r.rowStart) * rowElems * size;
    if (bytes > MAX_INLINE_CHUNK_BYTES) fail(`an inline chunk of ${bytes} bytes is over the limit of ${MAX_INLINE_CHUNK_BYTES} (use a shared folder)`);
    if (rows * rowElems * size > MAX_INLINE_JOB_BYTES) fail(`an inline job of ${rows * rowElems} elements is over the limit of ${MAX_INLINE_JOB_BYTES} bytes (use a shared folder)`);
    return { kind: 'inline-chunk', ...array, activation, params, ...r };
  }
  const output = relPath(d['output'], 'output');
  if (d['kind'] === 'chunk') {
    const { activation, params } = activationOf(d);
    return { kind: 'chunk', ...array, output, activation, params, input: relPath(d['input'], 'input'), ...range(), dataOffset: int(d['dataOffset'], 'dataOffset', 10, 1 << 24) };
  }
  if (d['kind'] === 'assemble') {
    const rowsPerChunk = int(d['rowsPerChunk'], 'rowsPerChunk', 1, Math.max(1, rows));
    if (rowsPerChunk * rowElems > MAX_CHUNK_ELEMENTS) fail(`chunks of ${rowsPerChunk * rowElems} elements are over the limit of ${MAX_CHUNK_ELEMENTS}`);
    const count = int(d['count'], 'count', 1, MAX_CHUNKS);
    if (count !== Math.max(1, Math.ceil(rows / rowsPerChunk))) fail(`count ${count} does not match ${rows} rows in chunks of ${rowsPerChunk}`);
    return { kind: 'assemble', ...array, output, count, rowsPerChunk };
  }
  return fail(`kind must be chunk, inline-chunk, assemble, finalise or collect, got ${JSON.stringify(d['kind'])}`);
}

/**
 * The absolute path of `rel` under `root`, after following symbolic links of its nearest existing
 * ancestor: a link inside the root that points out of it is refused too.
 */
export async function insideRoot(root: string, rel: string, what: string): Promise<string> {
  const realRoot = await realpath(root);
  const abs = resolve(realRoot, rel);
  let probe = abs;
  let real: string | undefined;
  for (;;) {
    try {
      real = resolve(await realpath(probe), relative(probe, abs));
      break;
    } catch {
      const up = dirname(probe);
      if (up === probe) break;
      probe = up;
    }
  }
  const r = relative(realRoot, real ?? abs);
  if (r === '' || r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) fail(`${what} ${JSON.stringify(rel)} is outside the job's data root`);
  return abs;
}

/**
 * Whether `id` is a job id as users give it: letters, digits, `_ . -`, at most 100, not only digits
 * (BullMQ refuses integer ids). `~` is kept for the ids of its children ({@link childId}).
 */
export const isJobId = (id: string): boolean => /^[A-Za-z0-9_.-]{1,100}$/.test(id) && !/^\d+$/.test(id);

/** The id of a job's child: `<parent>~c<n>` for a chunk, `<parent>~f<n>` for a file's parent under a folder's root. */
export const childId = (parent: string, kind: 'c' | 'f', n: number): string => `${parent}~${kind}${n}`;

/** Whether a BullMQ job id belongs to job `job` (the job itself or one of its descendants). */
export const belongsTo = (id: string | undefined, job: string): boolean => id === job || (id ?? '').startsWith(`${job}~`);

/**
 * Refuses a payload that sits under an id that is not its own: a chunk is `<job>[~f<k>]~c<index>`,
 * a file's parent `<job>[~f<k>]`, a root `<job>`. So a payload cannot name another job's parts or
 * Redis keys, nor another chunk's part.
 */
export function checkJobId(id: string | undefined, p: Payload): void {
  const job = p.job.replace(/[.]/g, '\\.');
  const ok =
    p.kind === 'chunk' || p.kind === 'inline-chunk'
      ? new RegExp(`^${job}(~f\\d+)?~c${p.index}$`).test(id ?? '')
      : p.kind === 'assemble'
        ? new RegExp(`^${job}(~f\\d+)?$`).test(id ?? '')
        : id === p.job;
  if (!ok) fail(`a ${p.kind} payload of job ${JSON.stringify(p.job)} under the job id ${JSON.stringify(id)}`);
}

/** The folder of an output's part files during job `job`: `.<name>.parts-<job>` beside it. */
export const partsDirOf = (output: string, job: string): string => join(dirname(output), `.${basename(output)}.parts-${job}`);

/** Row ranges of `rows` rows in chunks of `rowsPerChunk` (one empty-free range per chunk). */
export function rowRanges(rows: number, rowsPerChunk: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let r = 0; r < rows; r += rowsPerChunk) out.push([r, Math.min(rows, r + rowsPerChunk)]);
  return out;
}

/** Name of chunk `index`'s part file. */
export const partName = (index: number): string => `part-${String(index).padStart(6, '0')}.bin`;
