import { describe, expect, it } from 'vitest';
import { encodeNpyHeader, NpyFormatError, parseNpyHeader } from '../src/formats/npy.js';

/** A header as NumPy writes it, by hand, for any version. */
function handHeader(dict: string, version: 1 | 2 | 3): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  const body = Buffer.from(`${dict}${' '.repeat(total - pre - dict.length - 1)}\n`, version === 3 ? 'utf8' : 'latin1');
  const head = Buffer.alloc(pre);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(head);
  if (version === 1) head.writeUInt16LE(body.length, 8);
  else head.writeUInt32LE(body.length, 8);
  return Buffer.concat([head, body]);
}

describe('.npy header', () => {
  it('parses versions 1, 2 and 3, both byte orders, float32 and float64, C and Fortran order', () => {
    for (const version of [1, 2, 3] as const) {
      const h = parseNpyHeader(handHeader("{'descr': '>f8', 'fortran_order': True, 'shape': (3, 4), }", version));
      expect(h).toEqual({ version, dtype: 'float64', littleEndian: false, fortranOrder: true, shape: [3, 4], dataOffset: h.dataOffset });
      expect(h.dataOffset % 64).toBe(0);
    }
    expect(parseNpyHeader(handHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }", 1))).toMatchObject({ dtype: 'float32', littleEndian: true, shape: [7] });
    expect(parseNpyHeader(handHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 1)).shape).toEqual([]);
  });

  it('writes what it reads, 64-byte aligned, version 1 (2 only for huge headers)', () => {
    const shapes = [[], [5], [2, 3], [1, 2, 3, 4]];
    for (const shape of shapes) {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const littleEndian of [true, false]) {
          const bytes = encodeNpyHeader({ dtype, littleEndian, fortranOrder: false, shape });
          expect(bytes.length % 64).toBe(0);
          expect(bytes[6]).toBe(1);
          expect(parseNpyHeader(bytes)).toMatchObject({ version: 1, dtype, littleEndian, shape, dataOffset: bytes.length });
        }
      }
    }
    expect(new TextDecoder().decode(encodeNpyHeader({ dtype: 'float32', littleEndian: true, fortranOrder: false, shape: [3] }).subarray(10))).toMatch(
      /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} +\n$/,
    );
    const huge = encodeNpyHeader({ dtype: 'float32', littleEndian: true, fortranOrder: false, shape: new Array(30000).fill(1) }); // "1, " × 30000 > 65535
    expect(huge[6]).toBe(2);
    expect(parseNpyHeader(huge).shape).toHaveLength(30000);
  });

  it('refuses bad magic, other dtypes, corrupt and truncated headers with a clear message', () => {
    expect(() => parseNpyHeader(Buffer.from('PK\u0003\u0004 not npy at all'))).toThrow(/not a .npy file/);
    expect(() => parseNpyHeader(handHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 1))).toThrow(/unsupported dtype '<i4'/);
    expect(() => parseNpyHeader(handHeader("{'descr': '<f4', 'shape': (3,), }", 1))).toThrow(/corrupt .npy header/);
    expect(() => parseNpyHeader(handHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3, x), }", 1))).toThrow(/bad dimension 'x'/);
    expect(() => parseNpyHeader(handHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 1).subarray(0, 40))).toThrow(NpyFormatError);
  });
});
