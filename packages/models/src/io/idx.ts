/**
 * IDX, the file format of MNIST and Fashion-MNIST (LeCun): a 4-byte magic `0x00 0x00 TT DD`
 * (TT the element type, DD the number of dimensions), DD big-endian 32-bit dimensions, then the
 * elements, row-major and big-endian. Fashion-MNIST's images are `0x00000803` (u8, [n, 28, 28]),
 * its labels `0x00000801` (u8, [n]).
 */
import { FormatError, type ReadContext } from './errors.js';

/** The typed array each IDX element type becomes. */
export interface IdxArrays {
  u8: Uint8Array;
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** An IDX element type. */
export type IdxDType = keyof IdxArrays;

/** The contents of an IDX file: its element type, its dimensions and its elements (row-major). */
export type IdxTensor = {
  [D in IdxDType]: { readonly dtype: D; readonly shape: readonly number[]; readonly data: IdxArrays[D] };
}[IdxDType];

/** A validated IDX header: element type, dimensions and the sizes they imply. */
export interface IdxHeader {
  readonly dtype: IdxDType;
  readonly shape: readonly number[];
  /** 4 + 4 × rank bytes. */
  readonly headerLength: number;
  /** The number of data bytes the dimensions declare. */
  readonly dataLength: number;
}

/** Type code (the magic's third byte) → element type and size. */
const TYPES: ReadonlyMap<number, { dtype: IdxDType; size: number }> = new Map([
  [0x08, { dtype: 'u8', size: 1 }],
  [0x09, { dtype: 'i8', size: 1 }],
  [0x0b, { dtype: 'i16', size: 2 }],
  [0x0c, { dtype: 'i32', size: 4 }],
  [0x0d, { dtype: 'f32', size: 4 }],
  [0x0e, { dtype: 'f64', size: 8 }],
]);

const IN_MEMORY: ReadContext = { fn: 'parseIdx', source: '<bytes>' };

/**
 * How many bytes the header of an IDX file starting with `prefix` has (4 + 4 × rank), from its
 * first 4 bytes.
 *
 * @throws {@link FormatError} `too-short` for fewer than 4 bytes, `bad-magic` for a magic that
 * is not `0x0000TTDD` with a known type TT and DD ≥ 1.
 */
export function idxHeaderLength(prefix: Uint8Array, where: ReadContext = IN_MEMORY): number {
  if (prefix.length < 4) throw new FormatError(where.fn, where.source, 'too-short', `an IDX file has at least 4 bytes, got ${prefix.length}`);
  const [z0, z1, type, rank] = prefix as unknown as [number, number, number, number];
  if (z0 !== 0 || z1 !== 0 || !TYPES.has(type) || rank < 1) {
    const hex = [z0, z1, type, rank].map((b) => b.toString(16).padStart(2, '0')).join('');
    throw new FormatError(where.fn, where.source, 'bad-magic', `bad IDX magic 0x${hex}: expected 0x0000TTDD with TT in 08, 09, 0b, 0c, 0d, 0e and DD ≥ 1`);
  }
  return 4 + 4 * rank;
}

/**
 * Reads an IDX header: the magic and the dimensions. `prefix` holds at least the header (the
 * whole file is fine). Nothing is allocated from the dimensions.
 *
 * @throws {@link FormatError} for a bad magic, a truncated header, or dimensions whose size
 * overflows.
 */
export function readIdxHeader(prefix: Uint8Array, where: ReadContext = IN_MEMORY): IdxHeader {
  const headerLength = idxHeaderLength(prefix, where);
  if (prefix.length < headerLength) {
    throw new FormatError(where.fn, where.source, 'truncated', `the IDX header has ${headerLength} bytes, only ${prefix.length} are there`);
  }
  const { dtype, size } = TYPES.get(prefix[2] as number) as { dtype: IdxDType; size: number };
  const view = new DataView(prefix.buffer, prefix.byteOffset, headerLength);
  const shape: number[] = [];
  let dataLength = size;
  for (let at = 4; at < headerLength; at += 4) {
    const d = view.getUint32(at, false);
    shape.push(d);
    dataLength *= d;
  }
  if (!Number.isSafeInteger(dataLength)) {
    throw new FormatError(where.fn, where.source, 'truncated', `dimensions [${shape.join(', ')}] declare more data than any file holds`);
  }
  return { dtype, shape: Object.freeze(shape), headerLength, dataLength };
}

/**
 * The elements of an IDX file from its data bytes (exactly `header.dataLength` of them), in the
 * host's typed array. u8 data is returned as is (no copy); wider types are converted from
 * big-endian into a new array.
 */
export function decodeIdxData(header: IdxHeader, data: Uint8Array): IdxTensor {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const shape = header.shape;
  switch (header.dtype) {
    case 'u8':
      return { dtype: 'u8', shape, data };
    case 'i8':
      return { dtype: 'i8', shape, data: new Int8Array(data.buffer, data.byteOffset, data.byteLength) };
    case 'i16': {
      const out = new Int16Array(data.byteLength / 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, false);
      return { dtype: 'i16', shape, data: out };
    }
    case 'i32': {
      const out = new Int32Array(data.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = view.getInt32(4 * i, false);
      return { dtype: 'i32', shape, data: out };
    }
    case 'f32': {
      const out = new Float32Array(data.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, false);
      return { dtype: 'f32', shape, data: out };
    }
    case 'f64': {
      const out = new Float64Array(data.byteLength / 8);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, false);
      return { dtype: 'f64', shape, data: out };
    }
  }
}

/** Refuses a data length that differs from what the header declares. */
export function checkIdxLength(header: IdxHeader, dataLength: number, where: ReadContext = IN_MEMORY): void {
  const dims = `dimensions [${header.shape.join(', ')}] of ${header.dtype} declare ${header.dataLength} data bytes`;
  if (dataLength < header.dataLength) throw new FormatError(where.fn, where.source, 'truncated', `${dims}, the file has ${dataLength}`);
  if (dataLength > header.dataLength) throw new FormatError(where.fn, where.source, 'trailing-bytes', `${dims}, the file has ${dataLength - header.dataLength} more`);
}

/**
 * Reads a whole (uncompressed) IDX file from memory.
 *
 * @param bytes - The file's bytes; gunzip `.gz` files first (the Node helper `readIdxFile` does).
 * @returns The element type, the dimensions and the elements; u8 data is a view of `bytes`.
 * @throws {@link FormatError} `bad-magic`, `truncated`, or `trailing-bytes` when the
 * dimensions do not match the length.
 */
export function parseIdx(bytes: Uint8Array): IdxTensor {
  const header = readIdxHeader(bytes);
  checkIdxLength(header, bytes.length - header.headerLength);
  return decodeIdxData(header, bytes.subarray(header.headerLength));
}
