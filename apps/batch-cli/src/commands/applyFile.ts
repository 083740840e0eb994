/**
 * One input file to one output file: `.npy` and raw files by positional reads and writes, `.npz`
 * members as streams. Every output goes through an {@link AtomicFile}; on any error the temporary
 * file is deleted and the final name is left as it was.
 */
import { getOp, type DType } from '@actkit/core';
import type { Pool } from '@actkit/parallel';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { CliError, EXIT } from '../cli/errors.js';
import { elementCount, encodeNpyHeader, itemSize, npyDataOffset, NpyFormatError, NPY_PREAMBLE_BYTES, parseNpyHeader, type NpyHeader } from '../formats/npy.js';
import { NpzReader, NpzWriter, type NpzEntry } from '../formats/npz.js';
import { kindOf, rawDtypeOf } from '../formats/raw.js';
import { AtomicFile } from '../output/atomic.js';
import { checkNotSame } from '../output/target.js';
import { streamArray } from '../stream/chunks.js';
import { checkShapeFits, planChunks, type ChunkPlan } from '../stream/plan.js';
import { fileError } from './fileErrors.js';

/** What every file of an `apply` run shares. */
export interface ApplySettings {
  readonly activation: string;
  readonly params: Record<string, unknown>;
  /** `--shape`: the data's shape (raw files), or a reshape of an `.npy` array with as many elements. */
  readonly shape?: readonly number[];
  /** `--dtype`: dtype of raw files whose extension does not say. */
  readonly rawDtype?: DType;
  /** `--out-dtype`: the output's dtype (default: the input's). */
  readonly outDtype?: DType;
  /** `--array`: the one `.npz` member to process. */
  readonly array?: string;
  readonly resume: boolean;
  readonly pool: Pool;
  readonly backend?: 'auto' | 'js' | 'wasm';
  /** Bytes of the output dtype per chunk (its element count is the chunk's). */
  readonly chunkBytes: number;
  /** Most bytes of chunk buffers one file may hold (an axis needing whole slices over it is refused). */
  readonly maxMemoryBytes: number;
  /** Input bytes done (progress). */
  readonly onBytes: (bytes: number) => void;
  /** A notice for the user (stderr unless quiet). */
  readonly note: (line: string) => void;
}

export interface FileResult {
  input: string;
  output: string;
  status: 'done' | 'skipped' | 'failed';
  error?: string;
  /** Error class name (`NpyFormatError`, `ShapeError`, `CliError`, …). */
  errorName?: string;
  elements: number;
  inputBytes: number;
  outputBytes: number;
  ms: number;
  arrays?: string[];
}

/** The header and logical layout of one array about to be streamed. */
interface ArraySpec {
  dtype: DType;
  littleEndian: boolean;
  fortranOrder: boolean;
  /** The shape as stored (header order). */
  shape: readonly number[];
}

/** The plan for one array, Fortran order and `--shape` taken into account, plus its output header. */
function planArray(spec: ArraySpec, s: ApplySettings, where: string): { plan: ChunkPlan; out: ArraySpec } {
  const n = elementCount(spec.shape);
  const shape = s.shape ?? spec.shape;
  if (s.shape) checkShapeFits(s.shape, n, where);
  const outDtype = s.outDtype ?? spec.dtype;
  let params = s.params;
  let logical = shape;
  if (spec.fortranOrder && shape.length > 1) {
    // Fortran order is C order of the reversed shape: an axis op's dim is mirrored
    logical = [...shape].reverse();
    if ('dim' in params || isAxisOp(s.activation)) {
      const ndim = shape.length;
      const d = typeof params['dim'] === 'number' ? (params['dim'] as number) : -1;
      if (Number.isInteger(d) && d >= -ndim && d < ndim) params = { ...params, dim: ndim - 1 - (d < 0 ? d + ndim : d) };
    } else if (takesShape(s.activation)) {
      throw new CliError(
        `${where}: a Fortran-order array is not supported for ${s.activation} (channels on axis 1); save it in C order (numpy.ascontiguousarray)`,
      );
    }
  }
  const plan = planChunks(s.activation, logical, outDtype, params, Math.max(1, Math.floor(s.chunkBytes / itemSize(outDtype))));
  const outShape = plan.outLength === n ? [...shape] : spec.fortranOrder && shape.length > 1 ? [...plan.outShape].reverse() : plan.outShape;
  if (plan.oversize) {
    const bytes = plan.maxIn * itemSize(outDtype) + (plan.outLength === plan.inLength ? 0 : plan.maxOut * itemSize(outDtype));
    if (bytes > s.maxMemoryBytes) {
      throw new CliError(
        `${where}: ${plan.oversize}: ${mib(bytes)} at once, over the memory limit of ${mib(s.maxMemoryBytes)} ` +
          `(raise --max-memory, or choose a dim whose slices are smaller)`,
      );
    }
    s.note(`${where}: ${plan.oversize} (${mib(bytes)} in memory)`);
  }
  return { plan, out: { dtype: outDtype, littleEndian: spec.littleEndian, fortranOrder: spec.fortranOrder, shape: outShape } };
}

const isAxisOp = (name: string): boolean => getOp(name).paramKeys.includes('dim');
const takesShape = (name: string): boolean => getOp(name).takesShape;
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

export async function readExactly(fh: FileHandle, dst: Uint8Array, position: number, path: string): Promise<void> {
  let got = 0;
  while (got < dst.length) {
    const { bytesRead } = await fh.read(dst, got, dst.length - got, position + got);
    if (bytesRead === 0) throw new NpyFormatError(`${path}: file ended early (truncated)`);
    got += bytesRead;
  }
}

export async function writeAll(fh: FileHandle, src: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < src.length) {
    const { bytesWritten } = await fh.write(src, done, src.length - done, position + done);
    done += bytesWritten;
  }
}

/** Reads and checks an `.npy` header from a file. */
export async function readNpyHeader(fh: FileHandle, size: number, path: string): Promise<NpyHeader> {
  const pre = new Uint8Array(Math.min(size, NPY_PREAMBLE_BYTES));
  await readExactly(fh, pre, 0, path);
  const { dataOffset } = npyDataOffset(pre);
  if (dataOffset > size) throw new NpyFormatError(`truncated .npy header (${size} bytes, the header needs ${dataOffset})`);
  const all = new Uint8Array(dataOffset);
  await readExactly(fh, all, 0, path);
  return parseNpyHeader(all);
}

function checkDataSize(h: ArraySpec, have: number): void {
  const want = elementCount(h.shape) * itemSize(h.dtype);
  if (have < want) {
    throw new NpyFormatError(`truncated .npy: shape (${h.shape.join(', ')}) of ${h.dtype} needs ${want} bytes of data, the file has ${have}`);
  }
  if (have > want) throw new NpyFormatError(`corrupt .npy: ${have} bytes of data after the header, shape (${h.shape.join(', ')}) of ${h.dtype} needs ${want}`);
}

/** Output file size a complete `.npy`/raw output of `out` has. */
function outputSize(kind: 'npy' | 'raw', out: ArraySpec): { header: Uint8Array; total: number } {
  const header = kind === 'npy' ? encodeNpyHeader(out) : new Uint8Array(0);
  return { header, total: header.length + elementCount(out.shape) * itemSize(out.dtype) };
}

async function isComplete(path: string, size?: number): Promise<boolean> {
  try {
    const st = await stat(path);
    return st.isFile() && (size === undefined ? st.size > 0 : st.size === size);
  } catch {
    return false;
  }
}

/** Processes one file. Never throws: failures come back as a `failed` result. */
export async function applyFile(input: string, output: string, s: ApplySettings): Promise<FileResult> {
  const t0 = performance.now();
  const r: FileResult = { input, output, status: 'done', elements: 0, inputBytes: 0, outputBytes: 0, ms: 0 };
  try {
    await checkNotSame(input, output);
    const st = await stat(input).catch((e: unknown) => {
      throw fileError(e, 'cannot read', input);
    });
    if (st.isDirectory()) throw new CliError(`cannot read ${input}: is a folder, not a file`);
    r.inputBytes = st.size;
    const kind = kindOf(input);
    if (kind === 'npz') await applyNpz(input, output, s, r);
    else await applyFlat(input, output, kind === 'npy' ? 'npy' : 'raw', st.size, s, r);
  } catch (e) {
    r.status = 'failed';
    r.error = e instanceof Error ? e.message : String(e);
    r.errorName = e instanceof Error ? e.name : 'Error';
    if (!r.error.includes(input) && !r.error.includes(output)) r.error = `${input}: ${r.error}`;
  }
  r.ms = performance.now() - t0;
  return r;
}

/** `.npy` or raw input to `.npy` or raw output (the output's extension decides; `.npy` by default for `.npy` input). */
async function applyFlat(input: string, output: string, kind: 'npy' | 'raw', size: number, s: ApplySettings, r: FileResult): Promise<void> {
  const fh = await open(input, 'r').catch((e: unknown) => {
    throw fileError(e, 'cannot read', input);
  });
  try {
    let spec: ArraySpec;
    let dataOffset = 0;
    if (kind === 'npy') {
      const h = await readNpyHeader(fh, size, input);
      spec = h;
      dataOffset = h.dataOffset;
      checkDataSize(h, size - dataOffset);
    } else {
      const dtype = rawDtypeOf(input) ?? s.rawDtype;
      if (!dtype) throw new CliError(`${input}: a raw file needs its dtype: name it .f32 or .f64, or pass --dtype`);
      if (size % itemSize(dtype) !== 0) throw new CliError(`${input}: ${size} bytes is not a whole number of ${dtype} values`);
      spec = { dtype, littleEndian: true, fortranOrder: false, shape: s.shape ?? [size / itemSize(dtype)] };
    }
    const { plan, out } = planArray(spec, s, input);
    const outKind = kindOf(output) === 'npy' ? 'npy' : kindOf(output) === 'raw' ? 'raw' : kind;
    if (outKind === 'raw') out.littleEndian = true;
    const { header, total } = outputSize(outKind, out);
    r.elements = plan.inLength;
    r.outputBytes = total;
    if (s.resume && (await isComplete(output, total))) {
      r.status = 'skipped';
      s.onBytes(size);
      return;
    }
    const file = await AtomicFile.create(output).catch((e: unknown) => {
      throw fileError(e, 'cannot write', output);
    });
    try {
      await writeAll(file.handle, header, 0);
      const inSize = itemSize(spec.dtype);
      const outSize = itemSize(out.dtype);
      await streamArray(
        {
          plan,
          pool: s.pool,
          inDtype: spec.dtype,
          inLittleEndian: spec.littleEndian,
          outDtype: out.dtype,
          outLittleEndian: out.littleEndian,
          ...(s.backend ? { backend: s.backend } : {}),
          ...(plan.oversize ? { slots: 1 } : {}),
          onChunk: s.onBytes,
        },
        {
          read: (dst, c) =>
            readExactly(fh, dst, dataOffset + c.inStart * inSize, input).catch((e: unknown) => {
              throw fileError(e, 'cannot read', input);
            }),
          write: (src, c) =>
            writeAll(file.handle, src, header.length + c.outStart * outSize).catch((e: unknown) => {
              throw fileError(e, 'cannot write', output);
            }),
        },
      );
      s.onBytes(dataOffset);
      await file.commit().catch((e: unknown) => {
        throw fileError(e, 'cannot write', output);
      });
    } catch (e) {
      await file.abort();
      throw e;
    }
  } finally {
    await fh.close();
  }
}

/** Reads exactly `dst.length` bytes of a member, or says it is truncated. */
async function readEntry(entry: NpzEntry, dst: Uint8Array, input: string): Promise<void> {
  const got = await entry.read(dst);
  if (got < dst.length) throw new NpyFormatError(`${input}: member ${entry.name} is truncated`);
}

async function entryHeader(entry: NpzEntry, input: string): Promise<NpyHeader> {
  const pre = new Uint8Array(NPY_PREAMBLE_BYTES);
  await readEntry(entry, pre, input);
  const { dataOffset } = npyDataOffset(pre);
  const all = new Uint8Array(dataOffset);
  all.set(pre);
  await readEntry(entry, all.subarray(NPY_PREAMBLE_BYTES), input);
  return parseNpyHeader(all);
}

/** Every member (or the one `--array`) of an `.npz`, to an `.npz` (or one `.npy`). */
async function applyNpz(input: string, output: string, s: ApplySettings, r: FileResult): Promise<void> {
  const toNpy = extname(output).toLowerCase() === '.npy';
  if (toNpy && s.array === undefined) throw new CliError(`${output}: an .npz input gives an .npz output, or pass --array NAME for one .npy`, EXIT.usage);
  if (s.resume && (await isComplete(output))) {
    r.status = 'skipped';
    s.onBytes(r.inputBytes);
    return;
  }
  const reader = new NpzReader(input);
  const file = await AtomicFile.create(output).catch((e: unknown) => {
    reader.close();
    throw fileError(e, 'cannot write', output);
  });
  let position = 0;
  const append = async (bytes: Uint8Array): Promise<void> => {
    await writeAll(file.handle, bytes, position).catch((e: unknown) => {
      throw fileError(e, 'cannot write', output);
    });
    position += bytes.length;
  };
  const zip = toNpy ? undefined : new NpzWriter(append);
  const seen: string[] = [];
  const done: string[] = [];
  try {
    for (let entry = await reader.next(); entry; entry = await reader.next()) {
      seen.push(entry.arrayName);
      if (s.array !== undefined && entry.arrayName !== s.array) {
        await entry.drain();
        continue;
      }
      const h = await entryHeader(entry, input);
      const where = `${input}[${entry.arrayName}]`;
      const { plan, out } = planArray(h, s, where);
      const header = encodeNpyHeader(out);
      const member = zip?.member(entry.name, entry.compressed);
      const put = member ? member.push : append;
      await put(header);
      const src = entry;
      await streamArray(
        {
          plan,
          pool: s.pool,
          inDtype: h.dtype,
          inLittleEndian: h.littleEndian,
          outDtype: out.dtype,
          outLittleEndian: out.littleEndian,
          ...(s.backend ? { backend: s.backend } : {}),
          ...(plan.oversize ? { slots: 1 } : {}),
        },
        { read: (dst) => readEntry(src, dst, input), write: (b) => put(b) },
      );
      const rest = new Uint8Array(1);
      if ((await entry.read(rest)) !== 0) throw new NpyFormatError(`${where}: more data than its shape (${h.shape.join(', ')}) holds`);
      await member?.end();
      r.elements += plan.inLength;
      done.push(entry.arrayName);
    }
    if (s.array !== undefined && done.length === 0) {
      throw new CliError(`${input}: no array named ${JSON.stringify(s.array)} (it has: ${seen.join(', ') || 'none'})`);
    }
    await zip?.finish();
    r.outputBytes = position;
    r.arrays = done;
    s.onBytes(r.inputBytes);
    await file.commit().catch((e: unknown) => {
      throw fileError(e, 'cannot write', output);
    });
  } catch (e) {
    await file.abort();
    throw e;
  } finally {
    reader.close();
  }
}
