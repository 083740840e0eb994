/**
 * The safetensors header: its length prefix and its JSON, validated with the rules of the Rust
 * `safetensors` crate (`SafeTensors::read_metadata`, `Metadata::validate`) before any tensor is
 * allocated.
 *
 * Layout: an unsigned 64-bit little-endian length N; N bytes of UTF-8 JSON (an object of
 * `{dtype, shape, data_offsets: [begin, end]}` entries and an optional `__metadata__` map of
 * strings); then the data, with offsets counted from the end of the header. The tensors must
 * cover the data exactly: sorted by offset, each begins where the previous one ended, and the
 * last ends at the end of the file.
 */
import { FormatError, type ReadContext } from './errors.js';
import { dtypeSize, isSafetensorsDType, SAFETENSORS_DTYPES, type SafetensorsDType } from './dtypes.js';

/** The largest header accepted, in bytes: the Rust crate's `MAX_HEADER_SIZE`. */
export const SAFETENSORS_MAX_HEADER_LENGTH = 100_000_000;

/** The JSON key of the free-form string map in a header. */
export const METADATA_KEY = '__metadata__';

/** One tensor's entry in a header, validated. */
export interface SafetensorsEntry {
  /** The tensor's name, such as `0.weight`. */
  readonly name: string;
  readonly dtype: SafetensorsDType;
  /** The shape, outermost dimension first (row-major). `[]` is a scalar. */
  readonly shape: readonly number[];
  /** Byte offsets `[begin, end)` of the tensor's data, counted from the end of the header. */
  readonly dataOffsets: readonly [number, number];
}

/** A validated header, and where the data starts. */
export interface SafetensorsHeader {
  /** N, the length of the JSON header in bytes (padding included). */
  readonly headerLength: number;
  /** Where the data starts in the file: 8 + N. */
  readonly dataStart: number;
  /** The length of the data part, which the tensors cover exactly. */
  readonly dataLength: number;
  /** The tensors, sorted by their offsets in the file. */
  readonly entries: readonly SafetensorsEntry[];
  /** The `__metadata__` map; empty when the file has none. */
  readonly metadata: Readonly<Record<string, string>>;
}

const IN_MEMORY: ReadContext = { fn: 'readSafetensorsHeader', source: '<bytes>' };

/**
 * The header length N from a file's first 8 bytes, checked against the 100 MB limit and against
 * `fileLength` (the header must end inside the file). Reads nothing else.
 */
export function safetensorsHeaderLength(prefix: Uint8Array, fileLength: number, where: ReadContext): number {
  if (prefix.length < 8 || fileLength < 8) {
    throw new FormatError(where.fn, where.source, 'too-short', `a safetensors file has at least 8 bytes, got ${Math.min(prefix.length, fileLength)}`);
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(SAFETENSORS_MAX_HEADER_LENGTH)) {
    throw new FormatError(where.fn, where.source, 'header-too-large', `header length ${n} is over the limit of ${SAFETENSORS_MAX_HEADER_LENGTH} bytes`);
  }
  const length = Number(n);
  if (8 + length > fileLength) {
    throw new FormatError(where.fn, where.source, 'header-past-end', `header length ${length} ends at byte ${8 + length}, past the end of the ${fileLength}-byte file`);
  }
  return length;
}

/**
 * Reads and validates the header of a safetensors file without touching its data.
 *
 * @param bytes - At least the first 8 + N bytes of the file (the whole file is fine).
 * @param fileLength - The length of the whole file; default `bytes.length`.
 * @returns The entries sorted by offset, the metadata, and where the data starts.
 * @throws {@link FormatError} for a file that is too short, a header that is too large, past the
 * end, not UTF-8, not a JSON object or has malformed entries, an unknown dtype, a shape whose size
 * differs from its offsets, offsets out of range, overlapping, or leaving bytes uncovered.
 */
export function readSafetensorsHeader(bytes: Uint8Array, fileLength: number = bytes.length): SafetensorsHeader {
  return validateSafetensorsHeader(bytes, fileLength, IN_MEMORY);
}

/** {@link readSafetensorsHeader}, with the function and file that errors name. */
export function validateSafetensorsHeader(bytes: Uint8Array, fileLength: number, where: ReadContext): SafetensorsHeader {
  const headerLength = safetensorsHeaderLength(bytes, fileLength, where);
  if (bytes.length < 8 + headerLength) {
    throw new FormatError(where.fn, where.source, 'header-past-end', `the header needs ${8 + headerLength} bytes, only ${bytes.length} were given`);
  }
  const json = decodeJson(bytes.subarray(8, 8 + headerLength), where);
  const dataLength = fileLength - 8 - headerLength;
  const { entries, metadata } = readEntries(json, where);
  for (const e of entries) checkEntry(e, dataLength, where);
  checkCoverage(entries, dataLength, where);
  return { headerLength, dataStart: 8 + headerLength, dataLength, entries, metadata };
}

/** The header's JSON object, or a FormatError saying why it is not one. */
function decodeJson(text: Uint8Array, where: ReadContext): Record<string, unknown> {
  let str: string;
  try {
    str = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(text);
  } catch {
    throw new FormatError(where.fn, where.source, 'header-not-utf8', 'the header is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(str);
  } catch (e) {
    throw new FormatError(where.fn, where.source, 'header-not-json', `the header is not JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FormatError(where.fn, where.source, 'header-invalid', `the header is JSON ${Array.isArray(value) ? 'array' : String(value === null ? 'null' : typeof value)}, not an object`);
  }
  return value as Record<string, unknown>;
}

/** Whether `v` is an integer in [0, 2^53). */
function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** The header's entries (sorted by offsets) and metadata, each field type-checked. */
function readEntries(json: Record<string, unknown>, where: ReadContext): { entries: SafetensorsEntry[]; metadata: Record<string, string> } {
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) {
      metadata = readMetadata(value, where);
      continue;
    }
    entries.push(readEntry(name, value, where));
  }
  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  return { entries, metadata };
}

/** `__metadata__`: null, or an object of strings. */
function readMetadata(value: unknown, where: ReadContext): Record<string, string> {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FormatError(where.fn, where.source, 'header-invalid', `${METADATA_KEY} must be an object of strings`);
  }
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') {
      throw new FormatError(where.fn, where.source, 'header-invalid', `${METADATA_KEY}[${JSON.stringify(k)}] must be a string, got ${typeof v}`);
    }
    out.push([k, v]);
  }
  return Object.fromEntries(out);
}

/** One tensor entry with its fields type-checked (sizes are checked by {@link checkEntry}). */
function readEntry(name: string, value: unknown, where: ReadContext): SafetensorsEntry {
  const bad = (what: string): FormatError =>
    new FormatError(where.fn, where.source, 'header-invalid', `tensor ${JSON.stringify(name)}: ${what}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('the entry is not an object');
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string') throw bad('dtype is not a string');
  if (!isSafetensorsDType(dtype)) {
    throw new FormatError(where.fn, where.source, 'unknown-dtype', `tensor ${JSON.stringify(name)}: unknown dtype ${JSON.stringify(dtype)}; supported: ${SAFETENSORS_DTYPES.join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad('shape is not an array of non-negative integers');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw bad('data_offsets is not [begin, end] of non-negative integers');
  }
  return { name, dtype, shape: Object.freeze([...(shape as number[])]), dataOffsets: [offsets[0] as number, offsets[1] as number] };
}

/** An entry's offsets lie inside the data and span exactly shape × dtype size bytes. */
function checkEntry(e: SafetensorsEntry, dataLength: number, where: ReadContext): void {
  const [begin, end] = e.dataOffsets;
  const label = `tensor ${JSON.stringify(e.name)}`;
  if (end < begin || end > dataLength) {
    throw new FormatError(where.fn, where.source, 'offset-out-of-range', `${label}: data_offsets [${begin}, ${end}] outside the ${dataLength} data bytes`);
  }
  let bytes = dtypeSize(e.dtype);
  for (const d of e.shape) {
    bytes *= d;
    if (!Number.isSafeInteger(bytes)) {
      throw new FormatError(where.fn, where.source, 'size-mismatch', `${label}: shape [${e.shape.join(', ')}] × ${e.dtype} overflows`);
    }
  }
  if (bytes !== end - begin) {
    throw new FormatError(where.fn, where.source, 'size-mismatch', `${label}: shape [${e.shape.join(', ')}] of ${e.dtype} is ${bytes} bytes, data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
}

/** The sorted entries tile [0, dataLength) with no overlap and no gap. */
function checkCoverage(entries: readonly SafetensorsEntry[], dataLength: number, where: ReadContext): void {
  let cursor = 0;
  let previous = '';
  for (const e of entries) {
    const [begin, end] = e.dataOffsets;
    if (begin < cursor) {
      throw new FormatError(where.fn, where.source, 'offset-overlap', `tensors ${JSON.stringify(previous)} and ${JSON.stringify(e.name)} overlap: ${JSON.stringify(e.name)} begins at ${begin}, before ${cursor}`);
    }
    if (begin > cursor) {
      throw new FormatError(where.fn, where.source, 'offset-gap', `bytes [${cursor}, ${begin}) of the data belong to no tensor (before ${JSON.stringify(e.name)})`);
    }
    cursor = end;
    previous = e.name;
  }
  if (cursor !== dataLength) {
    throw new FormatError(where.fn, where.source, 'offset-gap', `${dataLength - cursor} trailing bytes after the last tensor: the data is ${dataLength} bytes, the tensors cover ${cursor}`);
  }
}
