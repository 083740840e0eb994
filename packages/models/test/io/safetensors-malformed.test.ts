import { ActkitError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { FormatError, parseSafetensors, readSafetensorsHeader, SAFETENSORS_MAX_HEADER_LENGTH, type FormatProblem } from '../../src/io/index.js';
import { formatErrorOf, rawSafetensors, safetensorsBytes } from './support.js';

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

/** Each malformed file, the rule it breaks, and a word its message must contain. */
const CASES: [string, () => Uint8Array, FormatProblem, RegExp][] = [
  ['an empty file', () => new Uint8Array(0), 'too-short', /at least 8 bytes, got 0/],
  ['7 bytes', () => new Uint8Array(7), 'too-short', /got 7/],
  ['a header length over 100 MB', () => safetensorsBytes({}, 0, SAFETENSORS_MAX_HEADER_LENGTH + 1), 'header-too-large', /over the limit/],
  ['a header length of 2^64 − 1', () => safetensorsBytes({}, 0, 2n ** 64n - 1n), 'header-too-large', /18446744073709551615/],
  ['a header length past the end', () => safetensorsBytes({}, 0, 1000), 'header-past-end', /past the end/],
  ['a header that is not UTF-8', () => rawSafetensors(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), new Uint8Array(0)), 'header-not-utf8', /UTF-8/],
  ['a header that is not JSON', () => safetensorsBytes('{"a": ', 0), 'header-not-json', /not JSON/],
  ['an empty header', () => safetensorsBytes('', 0), 'header-not-json', /not JSON/],
  ['a JSON array', () => safetensorsBytes([1, 2], 0), 'header-invalid', /array, not an object/],
  ['JSON null', () => safetensorsBytes(null, 0), 'header-invalid', /null, not an object/],
  ['a JSON number', () => safetensorsBytes(8, 0), 'header-invalid', /number, not an object/],
  ['an entry that is not an object', () => safetensorsBytes({ a: 3 }, 0), 'header-invalid', /"a": the entry/],
  ['a dtype that is not a string', () => safetensorsBytes({ a: { dtype: 4, shape: [], data_offsets: [0, 4] } }, 4), 'header-invalid', /dtype/],
  ['a negative dimension', () => safetensorsBytes({ a: f32([-1], 0, 4) }, 4), 'header-invalid', /shape/],
  ['a fractional dimension', () => safetensorsBytes({ a: f32([1.5], 0, 4) }, 4), 'header-invalid', /shape/],
  ['a missing shape', () => safetensorsBytes({ a: { dtype: 'F32', data_offsets: [0, 4] } }, 4), 'header-invalid', /shape/],
  ['three data_offsets', () => safetensorsBytes({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] } }, 4), 'header-invalid', /data_offsets/],
  ['string data_offsets', () => safetensorsBytes({ a: { dtype: 'F32', shape: [1], data_offsets: ['0', '4'] } }, 4), 'header-invalid', /data_offsets/],
  ['metadata that is not an object', () => safetensorsBytes({ __metadata__: 'x' }, 0), 'header-invalid', /__metadata__/],
  ['metadata with a number', () => safetensorsBytes({ __metadata__: { epochs: 4 } }, 0), 'header-invalid', /"epochs"/],
  ['an unknown dtype', () => safetensorsBytes({ a: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16), 'unknown-dtype', /"F128".*supported: F64, F32/],
  ['an fp8 dtype', () => safetensorsBytes({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, 1), 'unknown-dtype', /F8_E4M3/],
  ['a shape bigger than its offsets', () => safetensorsBytes({ a: f32([2, 2], 0, 12) }, 12), 'size-mismatch', /16 bytes.*span 12/],
  ['a shape smaller than its offsets', () => safetensorsBytes({ a: f32([2], 0, 12) }, 12), 'size-mismatch', /8 bytes.*span 12/],
  ['a shape whose size overflows', () => safetensorsBytes({ a: f32([2 ** 40, 2 ** 40], 0, 4) }, 4), 'size-mismatch', /overflows/],
  ['offsets past the data', () => safetensorsBytes({ a: f32([4], 0, 16) }, 8), 'offset-out-of-range', /\[0, 16\] outside the 8/],
  ['offsets claiming 8 GB in a small file', () => safetensorsBytes({ a: { dtype: 'F64', shape: [1e9], data_offsets: [0, 8e9] } }, 8), 'offset-out-of-range', /8000000000/],
  ['end before begin', () => safetensorsBytes({ a: f32([0], 8, 4) }, 8), 'offset-out-of-range', /\[8, 4\]/],
  ['overlapping tensors', () => safetensorsBytes({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12), 'offset-overlap', /"a" and "b" overlap/],
  ['two tensors on the same bytes', () => safetensorsBytes({ a: f32([2], 0, 8), b: f32([2], 0, 8) }, 8), 'offset-overlap', /overlap/],
  ['an empty tensor inside another', () => safetensorsBytes({ a: f32([4], 0, 16), z: f32([0], 8, 8) }, 16), 'offset-overlap', /overlap/],
  ['a gap between tensors', () => safetensorsBytes({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12), 'offset-gap', /\[4, 8\).*"b"/],
  ['a gap before the first tensor', () => safetensorsBytes({ a: f32([1], 4, 8) }, 8), 'offset-gap', /\[0, 4\)/],
  ['trailing bytes after the last tensor', () => safetensorsBytes({ a: f32([1], 0, 4) }, 9), 'offset-gap', /5 trailing bytes/],
  ['data with no tensor', () => safetensorsBytes({}, 1), 'offset-gap', /1 trailing bytes/],
];

describe('malformed safetensors', () => {
  it.each(CASES)('refuses %s with a FormatError', (_name, make, problem, message) => {
    const bytes = make();
    for (const read of [() => parseSafetensors(bytes), () => readSafetensorsHeader(bytes)]) {
      const e = formatErrorOf(read, problem);
      expect(e).toBeInstanceOf(ActkitError);
      expect(e.name).toBe('FormatError');
      expect(e.source).toBe('<bytes>');
      expect(e.message).toMatch(message);
    }
  });

  it('names the function in the message', () => {
    expect(() => parseSafetensors(new Uint8Array(3))).toThrow(/^parseSafetensors: <bytes>: /);
  });

  it('accepts what the crate accepts: entries in any order, extra fields, null metadata, trailing spaces', () => {
    const data = new Uint8Array(12);
    new DataView(data.buffer).setFloat32(0, 1.5, true);
    new DataView(data.buffer).setFloat32(4, 2.5, true);
    new DataView(data.buffer).setFloat32(8, -3, true);
    const file = safetensorsBytes(`{"b":${JSON.stringify({ ...f32([1], 8, 12), extra: 1 })},"a":${JSON.stringify(f32([2], 0, 8))},"__metadata__":null}   `, data);
    const back = parseSafetensors(file);
    expect([...back.keys()]).toEqual(['a', 'b']);
    expect(back.get('a')?.data).toEqual(Float32Array.from([1.5, 2.5]));
    expect(back.get('b')?.data).toEqual(Float32Array.from([-3]));
    expect(back.metadata).toEqual({});
  });

  it('reads a header from a prefix of the file and the file length, without the data', () => {
    const file = safetensorsBytes({ a: f32([4], 0, 16) }, 16);
    const n = Number(new DataView(file.buffer).getBigUint64(0, true));
    const header = readSafetensorsHeader(file.subarray(0, 8 + n), file.length);
    expect(header.entries).toEqual([{ name: 'a', dtype: 'F32', shape: [4], dataOffsets: [0, 16] }]);
    expect(header.dataStart).toBe(8 + n);
    expect(() => readSafetensorsHeader(file.subarray(0, 8 + n), file.length - 1)).toThrow(FormatError);
  });
});
