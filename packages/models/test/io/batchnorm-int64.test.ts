/**
 * BatchNorm1d's num_batches_tracked as PyTorch stores it: an int64 scalar (I64, shape []). The
 * PyTorch file is built here byte by byte, laid out as `safetensors.torch.save_file(
 * nn.BatchNorm1d(3).state_dict(), path, metadata={"format": "pt"})` writes it (safetensors ≥ 0.4:
 * `__metadata__` first, tensors widest dtype first then by name, header padded with spaces to a
 * multiple of 8), not with our writer.
 */
import { DTypeError, ParameterError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  FormatError,
  loadSafetensorsFromBlob,
  loadStateDictFromSafetensors,
  parseSafetensors,
  safetensorsToBlob,
  serializeSafetensors,
  stateDictToSafetensors,
  tensor,
} from '../../src/index.js';

const WEIGHT = [1.5, -0.25, 2];
const BIAS = [0.125, 0, -1];
const MEAN = [0.5, -1.5, 3.25];
const VAR = [2, 0.5, 1.25];

/** PyTorch's file of a BatchNorm1d(3) state dict with num_batches_tracked = `count`, byte by byte. */
function torchBatchNormFile(count: bigint, countDtype = 'I64'): Uint8Array<ArrayBuffer> {
  const width = countDtype === 'I64' ? 8 : 4;
  const f32 = (begin: number) => `{"dtype":"F32","shape":[3],"data_offsets":[${begin},${begin + 12}]}`;
  const c = width;
  const json =
    '{"__metadata__":{"format":"pt"},' +
    `"num_batches_tracked":{"dtype":"${countDtype}","shape":[],"data_offsets":[0,${c}]},` +
    `"bias":${f32(c)},"running_mean":${f32(c + 12)},"running_var":${f32(c + 24)},"weight":${f32(c + 36)}}`;
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + c + 48);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  for (let i = 0; i < padded; i++) out[8 + i] = i < json.length ? json.charCodeAt(i) : 0x20;
  const data = 8 + padded;
  if (countDtype === 'I64') view.setBigInt64(data, count, true);
  else view.setFloat32(data, Number(count), true);
  [BIAS, MEAN, VAR, WEIGHT].forEach((values, t) => values.forEach((v, i) => view.setFloat32(data + c + 12 * t + 4 * i, v, true)));
  return out;
}

describe("BatchNorm1d's num_batches_tracked as PyTorch's int64", () => {
  it('keeps the count as an exact integer in a Float64Array, whatever the module dtype', () => {
    const bn = new BatchNorm1d(3);
    const x = tensor(new Float32Array([1, 2, 3, 4, 5, 7]), [2, 3]);
    for (let i = 0; i < 3; i++) bn.forward(x);
    expect(bn.numBatchesTracked!.data).toBeInstanceOf(Float64Array);
    expect(bn.numBatchesTracked!.data[0]).toBe(3);
    bn.numBatchesTracked!.data[0] = 2 ** 24; // a float32 count would stop here
    bn.forward(x);
    expect(bn.numBatchesTracked!.data[0]).toBe(2 ** 24 + 1);
  });

  it("loads PyTorch's BatchNorm1d file: I64 count, F32 weights and running stats", async () => {
    const file = torchBatchNormFile(7n);
    const contents = parseSafetensors(file);
    expect(contents.get('num_batches_tracked')).toEqual({ dtype: 'I64', shape: [], data: BigInt64Array.from([7n]) });
    for (const load of [
      async (bn: BatchNorm1d) => loadStateDictFromSafetensors(bn, contents),
      async (bn: BatchNorm1d) => loadSafetensorsFromBlob(bn, new Blob([file])),
    ]) {
      const bn = new BatchNorm1d(3);
      await load(bn);
      expect(bn.numBatchesTracked!.data[0]).toBe(7);
      expect(Array.from(bn.weight!.value)).toEqual(WEIGHT);
      expect(Array.from(bn.bias!.value)).toEqual(BIAS);
      expect(Array.from(bn.runningMean!.data)).toEqual(MEAN);
      expect(Array.from(bn.runningVar!.data)).toEqual(VAR);
      // eval mode uses the loaded running stats
      const y = bn.eval().forward(tensor(new Float32Array([1, 1, 1]), [1, 3])).data;
      for (let c = 0; c < 3; c++) expect(y[c]).toBeCloseTo(((1 - MEAN[c]!) / Math.sqrt(VAR[c]! + 1e-5)) * WEIGHT[c]! + BIAS[c]!, 6);
    }
  });

  it("writes PyTorch's layout: our file of the same module is PyTorch's file, byte for byte", async () => {
    const bn = new BatchNorm1d(3);
    loadStateDictFromSafetensors(bn, parseSafetensors(torchBatchNormFile(7n)));
    const torch = torchBatchNormFile(7n);
    expect(serializeSafetensors(stateDictToSafetensors(bn), { format: 'pt' })).toEqual(torch);
    expect(new Uint8Array(await safetensorsToBlob(bn, { format: 'pt' }).arrayBuffer())).toEqual(torch);
    const written = stateDictToSafetensors(bn).get('num_batches_tracked');
    expect(written).toEqual({ dtype: 'I64', shape: [], data: BigInt64Array.from([7n]) });
  });

  it('accepts counts up to 2^53 − 1 and refuses larger ones with a FormatError, loading nothing', async () => {
    const ok = new BatchNorm1d(3);
    loadStateDictFromSafetensors(ok, parseSafetensors(torchBatchNormFile(2n ** 53n - 1n)));
    expect(ok.numBatchesTracked!.data[0]).toBe(2 ** 53 - 1);
    for (const count of [2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 60n)]) {
      const bn = new BatchNorm1d(3);
      const e = await loadSafetensorsFromBlob(bn, new File([torchBatchNormFile(count)], 'bn.safetensors')).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(FormatError);
      expect(e).toMatchObject({ problem: 'integer-out-of-range', source: 'bn.safetensors' });
      expect((e as FormatError).message).toContain(`num_batches_tracked (I64) holds ${count}`);
      expect(() => loadStateDictFromSafetensors(bn, parseSafetensors(torchBatchNormFile(count)))).toThrow(/^loadStateDictFromSafetensors: <tensors>: /);
      expect(bn.numBatchesTracked!.data[0]).toBe(0);
      expect(Array.from(bn.weight!.value)).toEqual([1, 1, 1]);
    }
  });

  it('loads files that stored the count as a float (written before I64) when it is an integer', () => {
    const bn = new BatchNorm1d(3);
    loadStateDictFromSafetensors(bn, parseSafetensors(torchBatchNormFile(12n, 'F32')));
    expect(bn.numBatchesTracked!.data[0]).toBe(12);
    const half = serializeSafetensors(new Map([...stateDictToSafetensors(bn), ['num_batches_tracked', { shape: [], data: Float32Array.from([1.5]) }]]));
    expect(() => loadStateDictFromSafetensors(new BatchNorm1d(3), parseSafetensors(half))).toThrow(FormatError);
  });

  it('refuses a weight of a dtype the module cannot hold, and a non-integer count when writing', () => {
    const bytes = serializeSafetensors({ weight: { dtype: 'F16', shape: [3], data: new Uint16Array(3) } });
    expect(() => loadStateDictFromSafetensors(new BatchNorm1d(3), parseSafetensors(bytes), { strict: false })).toThrow(DTypeError);
    expect(() => loadStateDictFromSafetensors(new BatchNorm1d(3), parseSafetensors(bytes), { strict: false })).toThrow(/weight is F16, the module's is float32/);
    const bn = new BatchNorm1d(3);
    bn.numBatchesTracked!.data[0] = 0.5;
    expect(() => stateDictToSafetensors(bn)).toThrow(ParameterError);
    expect(() => safetensorsToBlob(bn)).toThrow(/^safetensorsToBlob: num_batches_tracked is an int64 buffer but holds 0.5/);
  });

  it('leaves the low-level writer literal: serializeSafetensors(stateDict) keeps the float count', () => {
    const file = parseSafetensors(serializeSafetensors(new BatchNorm1d(3).stateDict()));
    expect(file.get('num_batches_tracked')?.dtype).toBe('F64');
  });
});
