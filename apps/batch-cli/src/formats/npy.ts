/**
 * The `.npy` header (NumPy format versions 1.0, 2.0 and 3.0): parse and write. Only what this CLI
 * streams: float32/float64 in either byte order, C or Fortran order. The header is a Python dict
 * literal; we read it with a small parser rather than a general one, and refuse anything else.
 */
import type { DType } from '@actkit/core';

/** What a `.npy` header says about its array. */
export interface NpyHeader {
  /** Format major version: 1, 2 or 3. */
  readonly version: 1 | 2 | 3;
  readonly dtype: DType;
  readonly littleEndian: boolean;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Bytes before the data: magic, version, length field and the padded header. */
  readonly dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Bytes to read to be sure of having the fixed preamble (magic, version, header length). */
export const NPY_PREAMBLE_BYTES = 12;

/** A problem with a `.npy` file's header: the message names what is wrong. */
export class NpyFormatError extends Error {
  override readonly name = 'NpyFormatError';
}

/** Element count of a shape (1 for `()`). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Elements of one row (along dim 0) of a shape: the product of the other dims. */
export function rowElements(shape: readonly number[]): number {
  return elementCount(shape.slice(1));
}

/** Bytes per element of a dtype. */
export function itemSize(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}

/**
 * Header length from the preamble (its first 12 bytes): the total header size, data offset
 * included, so the caller knows how much to read. Throws {@link NpyFormatError} for a bad magic or version.
 */
export function npyDataOffset(pre: Uint8Array): { version: 1 | 2 | 3; dataOffset: number } {
  if (pre.length < 10 || MAGIC.some((b, i) => pre[i] !== b)) throw new NpyFormatError('not a .npy file (bad magic string)');
  const major = pre[6] as number;
  if (major !== 1 && major !== 2 && major !== 3) throw new NpyFormatError(`unsupported .npy format version ${major}.${pre[7]}`);
  const dv = new DataView(pre.buffer, pre.byteOffset, pre.byteLength);
  if (major === 1) return { version: 1, dataOffset: 10 + dv.getUint16(8, true) };
  if (pre.length < 12) throw new NpyFormatError('truncated .npy header');
  return { version: major, dataOffset: 12 + dv.getUint32(8, true) };
}

/** Parses a whole header (`bytes` holds at least `dataOffset` bytes). */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  const { version, dataOffset } = npyDataOffset(bytes);
  if (bytes.length < dataOffset) throw new NpyFormatError(`truncated .npy header (${bytes.length} of ${dataOffset} bytes)`);
  const start = version === 1 ? 10 : 12;
  const text = new TextDecoder(version === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, dataOffset));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined || !text.trimStart().startsWith('{')) {
    throw new NpyFormatError(`corrupt .npy header: ${JSON.stringify(text.trim().slice(0, 120))}`);
  }
  const m = /^([<>=|])?f([48])$/.exec(descr);
  if (!m) throw new NpyFormatError(`unsupported dtype '${descr}': only float32 ('<f4', '>f4') and float64 ('<f8', '>f8')`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = /^\d+L?$/.test(s) ? Number.parseInt(s, 10) : Number.NaN;
      if (!Number.isSafeInteger(n)) throw new NpyFormatError(`corrupt .npy header: shape (${shapeText}) has a bad dimension '${s}'`);
      return n;
    });
  return {
    version,
    dtype: m[2] === '8' ? 'float64' : 'float32',
    littleEndian: m[1] !== '>',
    fortranOrder: fortran === 'True',
    shape,
    dataOffset,
  };
}

/** The Python literal NumPy writes for a shape: `()`, `(3,)`, `(3, 4)`. */
function shapeLiteral(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Encodes a header as NumPy does: version 1.0 when the header fits in 65535 bytes, else 2.0,
 * padded with spaces and a newline so the data starts at a multiple of 64 bytes.
 */
export function encodeNpyHeader(h: { dtype: DType; littleEndian: boolean; fortranOrder: boolean; shape: readonly number[] }): Uint8Array {
  return encodeNpyHeaderDescr(`${h.littleEndian ? '<' : '>'}f${itemSize(h.dtype)}`, h.fortranOrder, h.shape);
}

/** {@link encodeNpyHeader} for any NumPy `descr` (`'<i4'` for `predict`'s classes). */
export function encodeNpyHeaderDescr(descr: string, fortranOrder: boolean, shape: readonly number[]): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeLiteral(shape)}, }`;
  for (const version of [1, 2] as const) {
    const pre = version === 1 ? 10 : 12;
    const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
    const len = total - pre;
    if (version === 1 && len > 0xffff) continue;
    const out = new Uint8Array(total);
    out.set(MAGIC);
    out[6] = version;
    out[7] = 0;
    const dv = new DataView(out.buffer);
    if (version === 1) dv.setUint16(8, len, true);
    else dv.setUint32(8, len, true);
    const body = `${dict}${' '.repeat(len - dict.length - 1)}\n`;
    for (let i = 0; i < body.length; i++) out[pre + i] = body.charCodeAt(i);
    return out;
  }
  throw new NpyFormatError('header too long');
}

/** A whole little-endian C-order `.npy` file of an Int32Array (`'<i4'`) or a Float32Array (`'<f4'`). */
export function npyFileBytes(data: Int32Array | Float32Array, shape: readonly number[]): Uint8Array {
  if (elementCount(shape) !== data.length) throw new NpyFormatError(`shape [${shape.join(', ')}] does not hold ${data.length} elements`);
  const header = encodeNpyHeaderDescr(data instanceof Int32Array ? '<i4' : '<f4', false, shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header);
  const dv = new DataView(out.buffer, header.length);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Int32Array) dv.setInt32(i * 4, data[i] as number, true);
    else dv.setFloat32(i * 4, data[i] as number, true);
  }
  return out;
}
