import { DTypeError, ParameterError, ShapeError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import {
  parseSafetensors,
  planSafetensors,
  readSafetensorsHeader,
  SAFETENSORS_DTYPES,
  serializeSafetensors,
  type SafetensorsArray,
  type SafetensorsDType,
  type TensorToWrite,
} from '../../src/io/index.js';

/** Bytes of a typed array (host order: little-endian on every test machine). */
const bytes = (a: SafetensorsArray): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Six elements of each dtype, with its edge values: NaN payloads, −0, ±∞, subnormals, extremes. */
function sample(dtype: SafetensorsDType): SafetensorsArray {
  switch (dtype) {
    case 'F64': {
      const a = Float64Array.from([-0, Infinity, -Infinity, 5e-324, -1.7976931348623157e308, 0.1]);
      new BigUint64Array(a.buffer)[5] = 0x7ff0000000000123n; // a signalling NaN with a payload
      return a;
    }
    case 'F32': {
      const a = Float32Array.from([-0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, 0.1]);
      new Uint32Array(a.buffer)[5] = 0x7fc01234; // a NaN with a payload
      return a;
    }
    case 'F16':
    case 'BF16':
    case 'U16':
      return Uint16Array.from([0, 0x8000, 0x7c00, 0x7e01, 0xffff, 0x3c00]);
    case 'I64':
      return BigInt64Array.from([0n, -1n, 9223372036854775807n, -9223372036854775808n, 42n, -42n]);
    case 'U64':
      return BigUint64Array.from([0n, 1n, 18446744073709551615n, 2n ** 63n, 42n, 7n]);
    case 'I32':
      return Int32Array.from([0, -1, 2147483647, -2147483648, 42, -42]);
    case 'U32':
      return Uint32Array.from([0, 1, 4294967295, 2147483648, 42, 7]);
    case 'I16':
      return Int16Array.from([0, -1, 32767, -32768, 42, -42]);
    case 'I8':
      return Int8Array.from([0, -1, 127, -128, 42, -42]);
    case 'U8':
      return Uint8Array.from([0, 1, 255, 128, 42, 7]);
    case 'BOOL':
      return Uint8Array.from([0, 1, 1, 0, 1, 0]);
  }
}

describe('safetensors round trip', () => {
  it('gives back every dtype bit for bit, with its shape and dtype', () => {
    const tensors: Record<string, TensorToWrite> = {};
    for (const dtype of SAFETENSORS_DTYPES) tensors[`t.${dtype}`] = { dtype, shape: [2, 3], data: sample(dtype) };
    const file = serializeSafetensors(tensors);
    const back = parseSafetensors(file);
    expect([...back.keys()].sort()).toEqual(Object.keys(tensors).sort());
    for (const dtype of SAFETENSORS_DTYPES) {
      const t = back.get(`t.${dtype}`);
      expect(t?.dtype).toBe(dtype);
      expect(t?.shape).toEqual([2, 3]);
      expect(t?.data.constructor).toBe(sample(dtype).constructor);
      expect(bytes(t!.data)).toEqual(bytes(sample(dtype)));
    }
  });

  it('reads F32, F64, I64, I32 and U8 into the matching typed arrays, aligned', () => {
    const file = serializeSafetensors({
      a: { shape: [3], data: Uint8Array.from([1, 2, 3]) },
      b: { shape: [1], data: Float32Array.from([1.5]) },
      c: { shape: [1], data: Float64Array.from([2.5]) },
      d: { shape: [1], data: BigInt64Array.from([-3n]) },
      e: { shape: [1], data: Int32Array.from([-4]) },
    });
    const back = parseSafetensors(file);
    expect(back.get('a')?.data).toBeInstanceOf(Uint8Array);
    expect(back.get('b')?.data).toBeInstanceOf(Float32Array);
    expect(back.get('c')?.data).toBeInstanceOf(Float64Array);
    expect(back.get('d')?.data).toBeInstanceOf(BigInt64Array);
    expect(back.get('e')?.data).toBeInstanceOf(Int32Array);
    expect(back.get('d')?.data[0]).toBe(-3n);
    for (const t of back.values()) expect(t.data.byteOffset % t.data.BYTES_PER_ELEMENT).toBe(0);
  });

  it('lays files out as the Rust crate does: 8-byte padded header, widest dtype first, then by name', () => {
    // the crate's own test: {"attn.0": F32 [1, 2, 3]} is a 64-byte header and 24 data bytes
    const data = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const file = serializeSafetensors({ 'attn.0': { dtype: 'F32', shape: [1, 2, 3], data } });
    const json = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(json.length).toBe(64);
    expect(file.length).toBe(8 + 64 + 24);
    expect(new DataView(file.buffer).getBigUint64(0, true)).toBe(64n);
    expect(new TextDecoder().decode(file.subarray(8, 72))).toBe(json);
    expect(file.subarray(72)).toEqual(bytes(data));

    // a header that is not a multiple of 8 is padded with spaces
    const padded = serializeSafetensors({ attn0: { dtype: 'F32', shape: [1, 1, 2, 3], data } });
    const n = Number(new DataView(padded.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    expect(new TextDecoder().decode(padded.subarray(8, 8 + n))).toMatch(/\} {1,7}$/);

    const order = readSafetensorsHeader(
      serializeSafetensors({
        z8: { shape: [1], data: Uint8Array.from([1]) },
        b32: { shape: [1], data: Float32Array.from([1]) },
        a32: { shape: [1], data: Int32Array.from([1]) },
        y64: { shape: [1], data: Float64Array.from([1]) },
      }),
    ).entries.map((e) => e.name);
    expect(order).toEqual(['y64', 'a32', 'b32', 'z8']);
  });

  it('writes the empty file and metadata exactly as the Rust crate does', () => {
    const empty = serializeSafetensors({});
    expect(Array.from(empty)).toEqual([8, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{}      ')]);
    expect(parseSafetensors(empty).size).toBe(0);

    const withMeta = serializeSafetensors({}, { framework: 'pt' });
    const text = '{"__metadata__":{"framework":"pt"}}     ';
    expect(Array.from(withMeta)).toEqual([40, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(text)]);
    expect(parseSafetensors(withMeta).metadata).toEqual({ framework: 'pt' });
  });

  it('keeps metadata, scalars, empty tensors, subarray views and unicode names', () => {
    const base = Float64Array.from([1, 2, 3, 4, 5]);
    const file = serializeSafetensors(
      new Map<string, TensorToWrite>([
        ['scalar', { shape: [], data: Float32Array.from([7]) }],
        ['empty', { shape: [0, 4], data: new Float32Array(0) }],
        ['view', { shape: [3], data: base.subarray(1, 4) }],
        ['poids.é', { shape: [1], data: Int32Array.from([9]) }],
      ]),
      { format: 'pt', note: 'ünïcode' },
    );
    const back = parseSafetensors(file);
    expect(back.metadata).toEqual({ format: 'pt', note: 'ünïcode' });
    expect(back.get('scalar')).toEqual({ dtype: 'F32', shape: [], data: Float32Array.from([7]) });
    expect(back.get('empty')).toEqual({ dtype: 'F32', shape: [0, 4], data: new Float32Array(0) });
    expect(back.get('view')?.data).toEqual(Float64Array.from([2, 3, 4]));
    expect(back.get('poids.é')?.data).toEqual(Int32Array.from([9]));
    // what was read writes back to the same bytes
    expect(serializeSafetensors(back, back.metadata)).toEqual(file);
  });

  it('keeps names that are Object.prototype keys', () => {
    const tensors = new Map<string, TensorToWrite>([
      ['__proto__', { shape: [1], data: Float32Array.from([1]) }],
      ['constructor', { shape: [1], data: Float32Array.from([2]) }],
    ]);
    const back = parseSafetensors(serializeSafetensors(tensors, { __proto__: 'meta' } as unknown as Record<string, string>));
    expect(back.get('__proto__')?.data).toEqual(Float32Array.from([1]));
    expect(back.get('constructor')?.data).toEqual(Float32Array.from([2]));
  });

  it('plans a file without copying the data: a Blob of head and chunks is the file', async () => {
    const data = Float32Array.from([1, 2, 3]);
    const plan = planSafetensors({ w: { shape: [3], data } });
    expect(plan.chunks[0]?.buffer).toBe(data.buffer);
    const blob = new Uint8Array(await new Blob([plan.head, ...plan.chunks] as BlobPart[]).arrayBuffer());
    expect(blob).toEqual(serializeSafetensors({ w: { shape: [3], data } }));
    expect(plan.byteLength).toBe(blob.length);
  });

  it('refuses tensors it cannot write, with core typed errors', () => {
    expect(() => serializeSafetensors({ a: { shape: [2, 2], data: new Float32Array(3) } })).toThrow(ShapeError);
    expect(() => serializeSafetensors({ a: { shape: [-1], data: new Float32Array(0) } })).toThrow(ShapeError);
    expect(() => serializeSafetensors({ a: { dtype: 'F64', shape: [1], data: new Float32Array(1) } })).toThrow(DTypeError);
    expect(() => serializeSafetensors({ a: { shape: [1], data: [1] as unknown as Float32Array } })).toThrow(DTypeError);
    expect(() => serializeSafetensors({ __metadata__: { shape: [1], data: new Float32Array(1) } })).toThrow(ParameterError);
    expect(() => serializeSafetensors({}, { n: 1 as unknown as string })).toThrow(ParameterError);
  });
});
