/**
 * The parent job of a scale-out file, in process: it writes the output from the parts, and a retry
 * finds its output done, also when chunks ran again after Redis lost their completion (a crash in
 * its fsync window) and left a parts folder with only those parts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssemble, type JobContext } from '../src/scale/chunkJob.js';
import { partName, partsDirOf, type AssemblePayload } from '../src/scale/payload.js';
import { npyBytes, tmp, values } from './helpers.js';

const ROWS = 10;
const COLS = 6;
const PER_CHUNK = 4; // chunks of 4, 4 and 2 rows
const payload: AssemblePayload = { kind: 'assemble', v: 1, job: 'j', output: 'out.npy', count: 3, rowsPerChunk: PER_CHUNK, dtype: 'float32', littleEndian: true, shape: [ROWS, COLS] };

/** The output a job would write (any float32 .npy of this shape), and its part files' bytes. */
function expected(seed: number): { file: Buffer; parts: Buffer[] } {
  const file = npyBytes(values(ROWS * COLS, seed), [ROWS, COLS], 'float32');
  const data = file.subarray(file.length - ROWS * COLS * 4);
  const parts = [0, 1, 2].map((i) => data.subarray(i * PER_CHUNK * COLS * 4, Math.min(ROWS, (i + 1) * PER_CHUNK) * COLS * 4));
  return { file, parts };
}

function setUp(parts: Array<[number, Buffer]>): { root: string; ctx: JobContext; partsDir: string } {
  const root = tmp();
  const partsDir = join(root, partsDirOf(payload.output, payload.job));
  mkdirSync(partsDir);
  for (const [i, bytes] of parts) writeFileSync(join(partsDir, partName(i)), bytes);
  // the parent touches only files: no pool, no Redis
  return { root, ctx: { root, chunkBytes: 1 << 20, worker: 'test', queue: 'q' } as unknown as JobContext, partsDir };
}

describe('scale-out parent (assemble)', () => {
  it('writes the header and the parts as the output, then removes the parts', async () => {
    const { file, parts } = expected(1);
    const { root, ctx, partsDir } = setUp(parts.map((b, i) => [i, b]));
    expect(await runAssemble(payload, ctx)).toBe(file.length);
    expect(readFileSync(join(root, 'out.npy')).equals(file)).toBe(true);
    expect(existsSync(partsDir)).toBe(false);
  });

  it('a retry finds its output done when chunks ran again after the commit and left only their parts', async () => {
    const { file, parts } = expected(2);
    const { root, ctx, partsDir } = setUp([[1, parts[1] as Buffer]]);
    writeFileSync(join(root, 'out.npy'), file);
    expect(await runAssemble(payload, ctx)).toBe(file.length);
    expect(readFileSync(join(root, 'out.npy')).equals(file)).toBe(true);
    expect(existsSync(partsDir)).toBe(false);
  });

  it('an output of the right size that is not this job\'s (a part disagrees) is not taken for done: the missing part is named', async () => {
    const other = expected(3).file;
    const { parts } = expected(4);
    const { root, ctx, partsDir } = setUp([[1, parts[1] as Buffer]]);
    writeFileSync(join(root, 'out.npy'), other);
    await expect(runAssemble(payload, ctx)).rejects.toThrow(/part-000000\.bin is missing: chunk 0 is not done/);
    expect(readFileSync(join(root, 'out.npy')).equals(other), 'the old output is untouched').toBe(true);
    expect(existsSync(join(partsDir, partName(1)))).toBe(true);
  });
});
