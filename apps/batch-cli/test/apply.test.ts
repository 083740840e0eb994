import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnknownActivationError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { parseApply, runApply } from '../src/apply.js';

const dir = () => mkdtempSync(join(tmpdir(), 'actkit-apply-'));
const f32 = (values: number[]) => Buffer.from(new Float32Array(values).buffer);

describe('apply', () => {
  it('parses flags', () => {
    expect(parseApply(['leaky_relu', 'a', 'b', '--param', 'negativeSlope=0.2', '--dtype', 'float64'])).toEqual({
      activation: 'leaky_relu', input: 'a', output: 'b', dtype: 'float64', params: { negativeSlope: 0.2 },
    });
    expect(() => parseApply(['relu', 'a'])).toThrow(/needs <activation> <input> <output>/);
    expect(() => parseApply(['relu', 'a', 'b', '--dtype', 'int8'])).toThrow(/float32 or float64/);
  });

  it('applies an activation to a raw float32 file', async () => {
    const d = dir();
    writeFileSync(join(d, 'in.f32'), f32([-2, 0, 2, -0.5]));
    const n = await runApply(parseApply(['relu', join(d, 'in.f32'), join(d, 'out.f32')]));
    expect(n).toBe(4);
    const out = readFileSync(join(d, 'out.f32'));
    expect(Array.from(new Float32Array(out.buffer, out.byteOffset, 4))).toEqual([0, 0, 2, 0]);
    expect(readdirSync(d).sort()).toEqual(['in.f32', 'out.f32']);
  });

  it('leaves an existing output untouched and no temporary file when the job fails', async () => {
    const d = dir();
    writeFileSync(join(d, 'in.f32'), f32([1, 2]));
    writeFileSync(join(d, 'out.f32'), 'previous');
    await expect(runApply(parseApply(['nope', join(d, 'in.f32'), join(d, 'out.f32')]))).rejects.toBeInstanceOf(
      UnknownActivationError,
    );
    expect(readFileSync(join(d, 'out.f32'), 'utf8')).toBe('previous');
    expect(readdirSync(d).sort()).toEqual(['in.f32', 'out.f32']);
  });

  it('rejects a file that is not whole float32 values', async () => {
    const d = dir();
    writeFileSync(join(d, 'in.f32'), Buffer.alloc(6));
    await expect(runApply(parseApply(['relu', join(d, 'in.f32'), join(d, 'out.f32')]))).rejects.toThrow(
      /6 bytes is not a whole number of float32 values/,
    );
  });
});
