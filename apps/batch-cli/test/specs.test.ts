/** The named models as data, and the int32/float32 .npy files predict writes. */
import { buildSequential } from '@actkit/models';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npyFileBytes, parseNpyHeader } from '../src/formats/npy.js';
import { inferInputShape, MODEL_SPECS, modelSpec, torchSummary } from '../src/models/specs.js';
import { REFERENCE } from './models-helpers.js';

const params = (name: string): number =>
  Object.values(buildSequential(modelSpec(name).layers).stateDict()).reduce((s, t) => s + t.data.length, 0);

describe('model specs', () => {
  it("pytorch-mlp is the architecture tools/reference/models/fmnist-mlp.json names, and its keys are the PyTorch file's", () => {
    const reference = JSON.parse(readFileSync(join(REFERENCE, 'fmnist-mlp.json'), 'utf8'));
    expect(torchSummary(modelSpec('pytorch-mlp').layers)).toBe(reference.architecture);
    expect(Object.keys(buildSequential(modelSpec('pytorch-mlp').layers).stateDict()).sort()).toEqual(['0.bias', '0.weight', '3.bias', '3.weight', '5.bias', '5.weight']);
  });

  it('mlp and cnn: the sizes of examples/train-fashion-mnist.mjs, and their input shapes', () => {
    expect(params('mlp')).toBe(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
    expect(params('cnn')).toBe(32 * 9 + 32 + 64 * 32 * 9 + 64 + 3136 * 128 + 128 + 128 * 10 + 10);
    for (const spec of Object.values(MODEL_SPECS)) expect(inferInputShape(spec.layers)).toEqual(spec.inputShape);
    expect(() => modelSpec('resnet')).toThrow(/unknown model "resnet"; expected mlp, cnn, pytorch-mlp/);
  });
});

describe('npyFileBytes', () => {
  it("writes '<i4' and '<f4' files NumPy reads, 64-byte aligned", () => {
    const i = npyFileBytes(Int32Array.from([3, -1, 9]), [3]);
    const offset = i.length - 12;
    expect(offset % 64).toBe(0);
    const text = new TextDecoder('latin1').decode(i.subarray(10, offset));
    expect(text).toMatch(/^\{'descr': '<i4', 'fortran_order': False, 'shape': \(3,\), \} *\n$/);
    expect(Array.from(new Int32Array(i.slice(offset).buffer))).toEqual([3, -1, 9]);
    const f = npyFileBytes(Float32Array.from([0.25, 0.75]), [1, 2]);
    expect(parseNpyHeader(f)).toMatchObject({ dtype: 'float32', shape: [1, 2], dataOffset: f.length - 8 });
    expect(Array.from(new Float32Array(f.slice(f.length - 8).buffer))).toEqual([0.25, 0.75]);
    expect(() => npyFileBytes(new Int32Array(3), [2])).toThrow(/does not hold 3 elements/);
  });
});
