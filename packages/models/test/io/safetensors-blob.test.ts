/**
 * The Blob helpers in Node (which has Blob and File): the same bytes as the Node writer, a
 * bit-identical round trip, and malformed headers refused after reading only the header's
 * bytes, never the body.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FormatError,
  loadSafetensorsFromBlob,
  readSafetensorsBlob,
  readSafetensorsHeader,
  safetensorsToBlob,
  serializeSafetensors,
  stateDictToSafetensors,
  StateDictError,
  type BlobLike,
  type FormatProblem,
} from '../../src/index.js';
import { saveSafetensors } from '../../src/node.js';
import { evalOutput, makeModel, stateBytes, trainedModel } from './model-fixture.js';
import { safetensorsBytes, scratchDir } from './support.js';

/** A Blob that records every byte range read from it. */
function spyBlob(bytes: Uint8Array, name?: string): { blob: BlobLike; reads: [number, number][] } {
  const inner = new Blob([bytes.slice()]);
  const reads: [number, number][] = [];
  const blob: BlobLike = {
    size: inner.size,
    ...(name === undefined ? {} : { name }),
    slice(start = 0, end = inner.size) {
      const part = inner.slice(start, end);
      return { arrayBuffer: () => (reads.push([start, Math.min(end, inner.size)]), part.arrayBuffer()) };
    },
  };
  return { blob, reads };
}

/** The FormatError `promise` rejects with, checked to carry `problem`. */
async function refused(promise: Promise<unknown>, problem: FormatProblem): Promise<FormatError> {
  const e = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(FormatError);
  expect((e as FormatError).problem).toBe(problem);
  return e as FormatError;
}

describe('safetensorsToBlob / loadSafetensorsFromBlob', () => {
  it('writes the same bytes as saveSafetensors and serializeSafetensors, num_batches_tracked as I64 []', async () => {
    const model = trainedModel();
    const bytes = new Uint8Array(await safetensorsToBlob(model, { format: 'pt' }).arrayBuffer());
    expect(bytes).toEqual(serializeSafetensors(stateDictToSafetensors(model), { format: 'pt' }));
    const path = join(await scratchDir(), 'm.safetensors');
    await saveSafetensors(path, model, { format: 'pt' });
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    // a state dict gives the same file as its module
    expect(new Uint8Array(await safetensorsToBlob(model.stateDict(), { format: 'pt' }).arrayBuffer())).toEqual(bytes);
    const count = readSafetensorsHeader(bytes).entries.find((e) => e.name === '1.num_batches_tracked');
    expect(count).toMatchObject({ dtype: 'I64', shape: [] });
    expect(safetensorsToBlob(model).type).toBe('application/octet-stream');
  });

  it('round-trips a trained model bit for bit: state dict and eval outputs', async () => {
    const model = trainedModel();
    const blob = safetensorsToBlob(model, { epoch: '5' });
    const fresh = makeModel(42);
    expect(stateBytes(fresh)).not.toEqual(stateBytes(model));
    const result = await loadSafetensorsFromBlob(fresh, blob);
    expect(result).toEqual({ metadata: { epoch: '5' }, missingKeys: [], unexpectedKeys: [] });
    expect(stateBytes(fresh)).toEqual(stateBytes(model));
    expect((fresh.stateDict()['1.num_batches_tracked']!.data as Float64Array)[0]).toBe(5);
    expect(Array.from(evalOutput(fresh))).toEqual(Array.from(evalOutput(model)));
  });

  it('is a snapshot: training on after safetensorsToBlob does not change the blob', async () => {
    const model = trainedModel(1);
    const blob = safetensorsToBlob(model);
    const before = stateBytes(model);
    model.stateDict()['0.weight']!.data.fill(3);
    const fresh = makeModel(42);
    await loadSafetensorsFromBlob(fresh, blob);
    expect(stateBytes(fresh)).toEqual(before);
  });

  it('reads a File, naming it in errors, and refuses a file that does not fit the model', async () => {
    const file = new File([safetensorsToBlob(trainedModel())], 'model.safetensors');
    const back = await readSafetensorsBlob(file);
    expect([...back.keys()][0]).toBe('1.num_batches_tracked'); // widest dtype first, as the Rust crate writes
    const other = new Blob([serializeSafetensors({ '0.weight': { shape: [8, 4], data: new Float32Array(32) } })]);
    await expect(loadSafetensorsFromBlob(makeModel(3), other)).rejects.toThrow(StateDictError);
    const lenient = await loadSafetensorsFromBlob(makeModel(3), other, { strict: false });
    expect(lenient.missingKeys).toContain('1.num_batches_tracked');
    const e = await refused(readSafetensorsBlob(new File([new Uint8Array(3)], 'tiny.safetensors')), 'too-short');
    expect(e.source).toBe('tiny.safetensors');
    expect(e.message).toMatch(/^readSafetensorsBlob: tiny\.safetensors: /);
  });

  it('reads the length, then the header, then each tensor: never more than the file', async () => {
    const { blob, reads } = spyBlob(new Uint8Array(await safetensorsToBlob(trainedModel()).arrayBuffer()));
    await readSafetensorsBlob(blob);
    const header = readSafetensorsHeader(new Uint8Array(await (blob.slice(0, blob.size).arrayBuffer())));
    expect(reads.slice(0, 2)).toEqual([[0, 8], [0, header.dataStart]]);
    expect(reads.slice(2, 2 + header.entries.length)).toEqual(header.entries.map((e) => [header.dataStart + e.dataOffsets[0], header.dataStart + e.dataOffsets[1]]));
  });
});

describe('malformed blobs are refused before the body is read', () => {
  const body = 1 << 20; // a megabyte the reader must never touch
  const cases: [string, () => Uint8Array, FormatProblem, number][] = [
    // [name, file, problem, bytes the reader may read: the 8-byte prefix, or prefix + header]
    ['a truncated file (5 bytes)', () => new Uint8Array(5), 'too-short', 5],
    ['a header length over 100 MB', () => safetensorsBytes({}, body, 100_000_001), 'header-too-large', 8],
    ['a header length of 2^64 − 1', () => safetensorsBytes({}, body, 2n ** 64n - 1n), 'header-too-large', 8],
    ['a header length past the end', () => safetensorsBytes({}, 16, 4096), 'header-past-end', 8],
    ['a header that is not JSON', () => safetensorsBytes('{"a": [', body), 'header-not-json', 8 + 7],
    ['a header claiming 8 GB', () => safetensorsBytes({ a: { dtype: 'F64', shape: [1e9], data_offsets: [0, 8e9] } }, body), 'offset-out-of-range', -1],
    ['a header that leaves bytes uncovered', () => safetensorsBytes({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, body), 'offset-gap', -1],
  ];
  it.each(cases)('%s', async (_name, make, problem, limit) => {
    const bytes = make();
    const { blob, reads } = spyBlob(bytes, 'bad.safetensors');
    const e = await refused(readSafetensorsBlob(blob), problem);
    expect(e.source).toBe('bad.safetensors');
    const headerEnd = limit >= 0 ? limit : 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(Math.max(...reads.map(([, end]) => end))).toBeLessThanOrEqual(headerEnd);
    expect(reads.length).toBeLessThanOrEqual(2);
    // the model is left as it was
    const model = makeModel(5);
    const before = stateBytes(model);
    await refused(loadSafetensorsFromBlob(model, spyBlob(bytes).blob), problem);
    expect(stateBytes(model)).toEqual(before);
  });
});
