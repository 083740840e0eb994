/**
 * Safetensors, the tensor file format PyTorch users exchange weights in: read from and written
 * to bytes. Works the same in Node and browsers; the file helpers are in `./node.ts`.
 */
import { DTypeError, ParameterError, ShapeError } from '@actkit/core';
import { allocateArray, arrayMatchesDType, dtypeSize, inferDType, type SafetensorsArray, type SafetensorsArrays, type SafetensorsDType } from './dtypes.js';
import { copyLittleEndian, littleEndianBytes } from './endian.js';
import type { ReadContext } from './errors.js';
import { METADATA_KEY, validateSafetensorsHeader, type SafetensorsHeader } from './safetensors-header.js';

/** A tensor read from a safetensors file: its dtype, its row-major shape and its elements. */
export type SafetensorsTensor = {
  [D in SafetensorsDType]: {
    readonly dtype: D;
    readonly shape: readonly number[];
    /** A fresh, aligned array of exactly the tensor's elements. */
    readonly data: SafetensorsArrays[D];
  };
}[SafetensorsDType];

/** The tensors of a file by name, in file order, with the file's `__metadata__`. */
export interface SafetensorsContents extends Map<string, SafetensorsTensor> {
  /** The `__metadata__` string map; empty when the file has none. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** A tensor to write. `dtype` defaults to the array's own type (U16 for a Uint16Array). */
export interface TensorToWrite {
  readonly dtype?: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: SafetensorsArray;
}

/** The tensors to write, by name: a Map (such as {@link SafetensorsContents}) or a plain object. */
export type TensorsToWrite = ReadonlyMap<string, TensorToWrite> | Readonly<Record<string, TensorToWrite>>;

/** A file laid out for writing: the 8-byte length and padded header, then each tensor's bytes. */
export interface SafetensorsPlan {
  /** The length prefix and the JSON header, padded with spaces so the data starts 8-byte aligned. */
  readonly head: Uint8Array;
  /** Each tensor's little-endian bytes, in file order (views of the caller's arrays on little-endian hosts). */
  readonly chunks: readonly Uint8Array[];
  /** The file's total length. */
  readonly byteLength: number;
}

const PARSE: ReadContext = { fn: 'parseSafetensors', source: '<bytes>' };

/**
 * Reads a whole safetensors file from memory.
 *
 * The header is validated first, with the rules of the Rust `safetensors` crate (see
 * {@link readSafetensorsHeader}); only then is each tensor copied into a fresh, aligned typed
 * array: Float32Array for F32, Float64Array for F64, BigInt64Array for I64, Int32Array for I32,
 * Uint8Array for U8 and BOOL, Uint16Array (raw bits) for F16 and BF16, and so on.
 *
 * @param bytes - The file's bytes.
 * @returns The tensors by name, in file order, with the file's metadata as `.metadata`.
 * @throws {@link FormatError} for any malformed file, before any tensor is allocated.
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsContents {
  return parseSafetensorsFrom(bytes, PARSE);
}

/** {@link parseSafetensors}, with the function and source that errors name. */
export function parseSafetensorsFrom(bytes: Uint8Array, where: ReadContext): SafetensorsContents {
  const header = validateSafetensorsHeader(bytes, bytes.length, where);
  const data = bytes.subarray(header.dataStart);
  const contents = allocateTensors(header);
  for (const e of header.entries) {
    const target = (contents.get(e.name) as SafetensorsTensor).data;
    copyLittleEndian(data.subarray(e.dataOffsets[0], e.dataOffsets[1]), target);
  }
  return contents;
}

/**
 * Zero-filled tensors for every entry of a validated header, in file order, with its metadata:
 * the one place both readers allocate, after validation. Shared by {@link parseSafetensors} and
 * the Node loader, which fill them.
 */
export function allocateTensors(header: SafetensorsHeader): SafetensorsContents {
  const out = new Map<string, SafetensorsTensor>() as Map<string, SafetensorsTensor> & { metadata: Readonly<Record<string, string>> };
  for (const e of header.entries) {
    const [begin, end] = e.dataOffsets;
    const array = allocateArray(e.dtype, (end - begin) / dtypeSize(e.dtype));
    out.set(e.name, { dtype: e.dtype, shape: e.shape, data: array } as SafetensorsTensor);
  }
  out.metadata = header.metadata;
  return out;
}

/** The entries of `tensors`, whether a Map or a plain object. */
function entriesOf(tensors: TensorsToWrite): [string, TensorToWrite][] {
  return tensors instanceof Map ? [...(tensors as ReadonlyMap<string, TensorToWrite>).entries()] : Object.entries(tensors as Record<string, TensorToWrite>);
}

/** One tensor's dtype, checked against its array and shape. */
function checkTensor(fn: string, name: string, t: TensorToWrite): SafetensorsDType {
  const label = `${fn}: tensor ${JSON.stringify(name)}`;
  if (name === METADATA_KEY) throw new ParameterError(`${label}: the name ${METADATA_KEY} is reserved for the metadata`);
  const dtype = t.dtype ?? inferDType(t.data);
  if (dtype === undefined) throw new DTypeError(`${label}: data must be a typed array of a safetensors dtype, got ${describe(t.data)}`);
  if (!arrayMatchesDType(dtype, t.data)) throw new DTypeError(`${label}: dtype ${dtype} cannot be written from ${describe(t.data)}`);
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`${label}: shape must be an array of non-negative integers`);
  }
  const count = t.shape.reduce((a, b) => a * b, 1);
  if (count !== t.data.length) {
    throw new ShapeError(`${label}: shape [${t.shape.join(', ')}] has ${count} elements, the data has ${t.data.length}`);
  }
  return dtype;
}

/** A short description of a value for error messages. */
function describe(v: unknown): string {
  return typeof v === 'object' && v !== null ? (v.constructor?.name ?? 'object') : typeof v;
}

/** The metadata map, checked to hold only strings. */
function checkMetadata(fn: string, metadata: Readonly<Record<string, string>>): Record<string, string> {
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new ParameterError(`${fn}: metadata[${JSON.stringify(k)}] must be a string, got ${typeof v}`);
  }
  return { ...metadata };
}

/**
 * Lays out a safetensors file without copying the data: in a browser,
 * `new Blob([plan.head, ...plan.chunks])` is the file.
 *
 * Validates every tensor, orders them widest dtype first and then by
 * name (the Rust crate's order, which keeps every tensor aligned to its element size), and builds
 * the header. Used by {@link serializeSafetensors} and the Node writer.
 *
 * @param tensors - The tensors by name: `{ dtype?, shape, data }`.
 * @param metadata - An optional map of strings, stored as `__metadata__`.
 * @param fn - The function named in errors.
 * @throws DTypeError for an array that is not of the tensor's dtype, ShapeError for a shape that
 * does not fit the data, ParameterError for a tensor named `__metadata__` or non-string metadata.
 */
export function planSafetensors(tensors: TensorsToWrite, metadata?: Readonly<Record<string, string>>, fn = 'serializeSafetensors'): SafetensorsPlan {
  const items = entriesOf(tensors).map(([name, t]) => ({ name, t, dtype: checkTensor(fn, name, t) }));
  items.sort((a, b) => dtypeSize(b.dtype) - dtypeSize(a.dtype) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // no prototype: a tensor named `__proto__` is an own key like any other
  const header = Object.create(null) as Record<string, unknown>;
  if (metadata !== undefined) header[METADATA_KEY] = checkMetadata(fn, metadata);
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const { name, t, dtype } of items) {
    const bytes = littleEndianBytes(t.data);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    chunks.push(bytes);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(8 + padded).fill(0x20, 8 + json.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  head.set(json, 8);
  return { head, chunks, byteLength: head.length + offset };
}

/**
 * Writes tensors as a safetensors file in memory.
 *
 * Tensors are ordered widest dtype first, then by name, as the Rust crate writes them; the header
 * is padded with spaces to a multiple of 8 bytes. `__metadata__` is written when `metadata` is
 * given. A file written here and read by {@link parseSafetensors} gives back every element bit for
 * bit (NaN payloads and −0 included).
 *
 * @param tensors - The tensors by name: `{ dtype?, shape, data }`, dtype defaulting to the array's type.
 * @param metadata - An optional map of strings, stored as `__metadata__`.
 * @returns The file's bytes, in a fresh ArrayBuffer (a `BlobPart` as it is).
 * @throws DTypeError, ShapeError or ParameterError for a tensor that cannot be written, before any
 * output is allocated.
 */
export function serializeSafetensors(tensors: TensorsToWrite, metadata?: Readonly<Record<string, string>>): Uint8Array<ArrayBuffer> {
  const plan = planSafetensors(tensors, metadata);
  const out = new Uint8Array(plan.byteLength);
  out.set(plan.head, 0);
  let at = plan.head.length;
  for (const c of plan.chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
