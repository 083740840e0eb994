import { activate, ready, type FloatArray } from '@actkit/core';
import { createPool, type Pool } from '@actkit/parallel';
import { unzipSync, zipSync } from 'fflate';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, dataBytes, decodeNpy, ls, npyBytes, readNpy, sameBits, tmp, values, writeNpy } from './helpers.js';

// the CLI runs float32 on the wasm kernels when they load (`auto`): so does core here after ready()
// one pool for the many small runs (a run that starts its own spends ~0.5 s on it; the
// error and many-file cases below still do)
let pool: Pool;
beforeAll(async () => {
  await ready();
  pool = await createPool();
});
afterAll(() => pool.destroy());

const typed = (v: number[], dtype: 'float32' | 'float64'): FloatArray => (dtype === 'float64' ? Float64Array.from(v) : Float32Array.from(v));
const SMALL_CHUNKS = ['--chunk-mib', String(1000 / 2 ** 20), '-q']; // ~1000 bytes: many chunks

describe('apply: results equal core on the whole array, chunk by chunk', () => {
  it('elementwise ops, float32 and float64, little- and big-endian', async () => {
    const d = tmp();
    const v = values(3001);
    for (const dtype of ['float32', 'float64'] as const) {
      for (const le of [true, false]) {
        const name = `x-${dtype}-${le ? 'le' : 'be'}`;
        writeNpy(join(d, `${name}.npy`), typed(v, dtype), [3001], dtype, le);
        for (const op of ['gelu', 'sigmoid', 'hardswish']) {
          const r = await apply([op, join(d, `${name}.npy`), '-o', join(d, `${name}.${op}.npy`), ...SMALL_CHUNKS], pool);
          expect(r.code, r.err).toBe(0);
          const out = readNpy(join(d, `${name}.${op}.npy`));
          expect(out).toMatchObject({ dtype, littleEndian: le, shape: [3001], fortranOrder: false });
          expect(sameBits(out.data, activate(op, typed(v, dtype)))).toBe(true);
        }
      }
    }
  });

  it('softmax family along every dim of 2-D and 3-D arrays, and GLU halving its dim', async () => {
    const d = tmp();
    const cases: Array<[number[], number]> = [
      [[37, 29], 1],
      [[37, 29], 0],
      [[6, 7, 11], -1],
      [[6, 7, 11], 1],
      [[6, 7, 11], 0],
    ];
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [shape, dim] of cases) {
        const v = values(shape.reduce((a, b) => a * b, 1), 3);
        writeNpy(join(d, 'in.npy'), typed(v, dtype), shape, dtype, dtype === 'float32');
        for (const op of ['softmax', 'log_softmax', 'softmin']) {
          const r = await apply([op, join(d, 'in.npy'), '-o', join(d, 'out.npy'), '--dim', String(dim), ...SMALL_CHUNKS], pool);
          expect(r.code, r.err).toBe(0);
          const out = readNpy(join(d, 'out.npy'));
          expect(out.shape).toEqual(shape);
          expect(sameBits(out.data, activate(op, typed(v, dtype), { shape, dim })), `${op} ${dtype} ${shape} dim ${dim}`).toBe(true);
        }
      }
    }
    const v = values(6 * 8 * 5, 4);
    writeNpy(join(d, 'g.npy'), Float32Array.from(v), [6, 8, 5]);
    const r = await apply(['glu', join(d, 'g.npy'), '-o', join(d, 'g.out.npy'), '--dim', '1', ...SMALL_CHUNKS], pool);
    expect(r.code, r.err).toBe(0);
    const out = readNpy(join(d, 'g.out.npy'));
    expect(out.shape).toEqual([6, 4, 5]);
    expect(sameBits(out.data, activate('glu', Float32Array.from(v), { shape: [6, 8, 5], dim: 1 }))).toBe(true);
  });

  it('an axis whose slices exceed a chunk says so before it starts, and is refused over --max-memory-mib', async () => {
    const d = tmp();
    const v = values(300 * 4, 12);
    writeNpy(join(d, 'in.npy'), Float32Array.from(v), [300, 4]);
    let r = await apply(['softmax', join(d, 'in.npy'), '-o', join(d, 'out.npy'), '--dim', '0', '--chunk-mib', String(256 / 2 ** 20), '--json'], pool);
    expect(r.code, r.err).toBe(0);
    expect(r.json.notes.join('\n')).toMatch(/softmax along dim 0 needs whole slices: each of the 1 block\(s\) of 1200 elements .*the whole array/);
    expect(sameBits(readNpy(join(d, 'out.npy')).data, activate('softmax', Float32Array.from(v), { shape: [300, 4], dim: 0 }))).toBe(true);
    const big = values(1 << 19, 13); // 2 MiB of float32 along dim 0
    writeNpy(join(d, 'big.npy'), Float32Array.from(big), [1 << 18, 2]);
    r = await apply(['softmax', join(d, 'big.npy'), '-o', join(d, 'big.out.npy'), '--dim', '0', '--chunk-mib', '0.5', '--max-memory-mib', '1'], pool);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/needs whole slices.*2\.0 MiB at once, over the memory limit of 1\.0 MiB/);
    expect(existsSync(join(d, 'big.out.npy'))).toBe(false);
  });

  it('Fortran order: elementwise keeps it, an axis op follows the logical dim, a per-channel op is refused', async () => {
    const d = tmp();
    const v = values(12 * 5, 5); // Fortran data of shape [12, 5] is C data of shape [5, 12]
    writeNpy(join(d, 'f.npy'), Float32Array.from(v), [12, 5], 'float32', true, true);
    let r = await apply(['relu', join(d, 'f.npy'), '-o', join(d, 'relu.npy'), '-q'], pool);
    expect(r.code, r.err).toBe(0);
    expect(readNpy(join(d, 'relu.npy'))).toMatchObject({ fortranOrder: true, shape: [12, 5] });
    r = await apply(['softmax', join(d, 'f.npy'), '-o', join(d, 'sm.npy'), '--dim', '1', ...SMALL_CHUNKS], pool);
    expect(r.code, r.err).toBe(0);
    const sm = readNpy(join(d, 'sm.npy'));
    expect(sm).toMatchObject({ fortranOrder: true, shape: [12, 5] });
    expect(sameBits(sm.data, activate('softmax', Float32Array.from(v), { shape: [5, 12], dim: 0 }))).toBe(true);
    r = await apply(['prelu', join(d, 'f.npy'), '-o', join(d, 'p.npy'), '--param', `weight=[${new Array(5).fill(0.1)}]`, '-q'], pool);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Fortran-order array is not supported for prelu/);
    expect(existsSync(join(d, 'p.npy'))).toBe(false);
  });

  it('raw .f32 and .f64 files, with --shape for an axis op; --out-dtype converts first', async () => {
    const d = tmp();
    const v = values(40 * 9, 6);
    writeFileSync(join(d, 'x.f32'), dataBytes(v, 'float32'));
    writeFileSync(join(d, 'x.f64'), dataBytes(v, 'float64'));
    let r = await apply(['softmax', join(d, 'x.f32'), join(d, 'y.f32'), '--shape', '40,9', ...SMALL_CHUNKS], pool);
    expect(r.code, r.err).toBe(0);
    const y = readFileSync(join(d, 'y.f32'));
    expect(sameBits(new Float32Array(y.buffer, y.byteOffset, y.length / 4), activate('softmax', Float32Array.from(v), { shape: [40, 9] }))).toBe(true);
    r = await apply(['tanh', join(d, 'x.f64'), '-o', join(d, 'y.f64'), '-q'], pool);
    expect(r.code, r.err).toBe(0);
    const y64 = readFileSync(join(d, 'y.f64'));
    expect(sameBits(new Float64Array(y64.buffer.slice(y64.byteOffset, y64.byteOffset + y64.length)), activate('tanh', Float64Array.from(v)))).toBe(true);
    writeNpy(join(d, 'x.npy'), Float32Array.from(v), [360]);
    r = await apply(['gelu', join(d, 'x.npy'), '-o', join(d, 'x64.npy'), '--out-dtype', 'float64', '-q'], pool);
    expect(r.code, r.err).toBe(0);
    const x64 = readNpy(join(d, 'x64.npy'));
    expect(x64.dtype).toBe('float64');
    expect(sameBits(x64.data, activate('gelu', Float64Array.from(Float32Array.from(v))))).toBe(true);
  });

  it('.npz: every member (stored and deflated), or one named member to .npy', async () => {
    const d = tmp();
    const a = values(50 * 4, 7);
    const b = values(33, 8);
    writeFileSync(
      join(d, 'in.npz'),
      zipSync({ 'a.npy': [npyBytes(a, [50, 4]), { level: 0 }], 'b.npy': [npyBytes(b, [33], 'float64', false), { level: 6 }] }),
    );
    let r = await apply(['softmax', join(d, 'in.npz'), '-o', join(d, 'out.npz'), ...SMALL_CHUNKS], pool);
    expect(r.code, r.err).toBe(0);
    const files = unzipSync(readFileSync(join(d, 'out.npz')));
    expect(Object.keys(files).sort()).toEqual(['a.npy', 'b.npy']);
    const oa = decodeNpy(files['a.npy'] as Uint8Array);
    const ob = decodeNpy(files['b.npy'] as Uint8Array);
    expect(oa.shape).toEqual([50, 4]);
    expect(ob).toMatchObject({ shape: [33], dtype: 'float64', littleEndian: false });
    expect(sameBits(oa.data, activate('softmax', Float32Array.from(a), { shape: [50, 4] }))).toBe(true);
    expect(sameBits(ob.data, activate('softmax', Float64Array.from(b)))).toBe(true);

    r = await apply(['relu', join(d, 'in.npz'), '-o', join(d, 'b.npy'), '--array', 'b', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.json.files[0].arrays).toEqual(['b']);
    expect(sameBits(readNpy(join(d, 'b.npy')).data, activate('relu', Float64Array.from(b)))).toBe(true);

    r = await apply(['relu', join(d, 'in.npz'), '-o', join(d, 'c.npz'), '--array', 'c', '-q'], pool);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no array named "c" \(it has: a, b\)/);
    expect(ls(d)).toEqual(['b.npy', 'in.npz', 'out.npz']);
  });

  it('--param JSON: rrelu training=true draws slopes in [lower, upper]; prelu takes a weight per channel with --shape', async () => {
    const d = tmp();
    const v = values(5000, 9).map((x) => -Math.abs(x) - 0.5); // all negative
    writeFileSync(join(d, 'x.f32'), dataBytes(v, 'float32'));
    const r = await apply(['rrelu', join(d, 'x.f32'), '-o', join(d, 'y.f32'), '--param', 'training=true', '--param', 'seed=42', '--param', 'lower=0.1', '--param', 'upper=0.3', ...SMALL_CHUNKS], pool);
    expect(r.code, r.err).toBe(0);
    const yb = readFileSync(join(d, 'y.f32'));
    const y = new Float32Array(yb.buffer, yb.byteOffset, 5000);
    const slopes = Array.from(y, (yi, i) => yi / (Float32Array.from(v)[i] as number));
    expect(Math.min(...slopes)).toBeGreaterThanOrEqual(0.1 - 1e-6);
    expect(Math.max(...slopes)).toBeLessThanOrEqual(0.3 + 1e-6);
    expect(new Set(slopes.map((s) => s.toFixed(4))).size).toBeGreaterThan(100); // drawn, not one slope
    expect(sameBits(y, activate('rrelu', Float32Array.from(v), { training: true, seed: 42, lower: 0.1, upper: 0.3 }))).toBe(true);

    // per channel on axis 1: short runs (many runs per chunk) and long runs (chunks inside a run)
    for (const shape of [[20, 3, 5], [2, 3, 700]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = values(n, 10);
      writeFileSync(join(d, 'p.f32'), dataBytes(x, 'float32'));
      const w = [0.1, -0.5, 2];
      const q = await apply(['prelu', join(d, 'p.f32'), '-o', join(d, 'p.out.f32'), '--shape', shape.join(','), '--param', `weight=${JSON.stringify(w)}`, ...SMALL_CHUNKS], pool);
      expect(q.code, q.err).toBe(0);
      const pb = readFileSync(join(d, 'p.out.f32'));
      expect(sameBits(new Float32Array(pb.buffer, pb.byteOffset, n), activate('prelu', Float32Array.from(x), { weight: w, shape }))).toBe(true);
    }
  });
});

describe('apply: many files, --resume, --json', () => {
  it('a folder with one corrupt file: the rest complete, the summary lists it, exit code 1', async () => {
    const d = tmp();
    mkdirSync(join(d, 'in', 'sub'), { recursive: true });
    for (const name of ['a.npy', 'b.npy', join('sub', 'c.npy')]) writeNpy(join(d, 'in', name), Float32Array.from(values(100)), [100]);
    writeFileSync(join(d, 'in', 'bad.npy'), npyBytes(values(100), [100]).subarray(0, 300)); // truncated
    const r = await apply(['relu', join(d, 'in'), '-o', join(d, 'out'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.counts).toEqual({ files: 4, done: 3, skipped: 0, failed: 1 });
    const bad = r.json.files.find((f: { status: string }) => f.status === 'failed');
    expect(bad.input).toBe(join(d, 'in', 'bad.npy'));
    expect(bad.error).toMatch(/truncated .npy: shape \(100\) of float32 needs 400 bytes of data, the file has 172/);
    expect(ls(join(d, 'out'))).toEqual(['a.npy', 'b.npy', 'sub']);
    expect(ls(join(d, 'out', 'sub'))).toEqual(['c.npy']);
    // a glob picks the same files
    const g = await apply(['relu', join(d, 'in', '**', '*.npy'), '-o', join(d, 'glob'), '--json']);
    expect(g.json.counts.files).toBe(4);
  });

  it('--resume skips complete outputs and redoes incomplete ones; --json summary', async () => {
    const d = tmp();
    for (const name of ['a', 'b', 'c']) writeNpy(join(d, `${name}.npy`), Float32Array.from(values(64)), [64]);
    const inputs = ['a', 'b', 'c'].map((n) => join(d, `${n}.npy`));
    let r = await apply(['sigmoid', inputs[0] as string, '-o', `${join(d, 'out')}/`, '--json']);
    expect(r.code).toBe(0);
    writeFileSync(join(d, 'out', 'b.npy'), 'partial from some other tool');
    r = await apply(['sigmoid', ...inputs, '-o', join(d, 'out'), '--resume', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ command: 'apply', activation: 'sigmoid', ok: true, counts: { files: 3, done: 2, skipped: 1, failed: 0 } });
    expect(r.json.files.map((f: { status: string }) => f.status)).toEqual(['skipped', 'done', 'done']);
    expect(r.json.files[1]).toMatchObject({ elements: 64, inputBytes: 128 + 256, outputBytes: 128 + 256 });
    expect(typeof r.json.maxRssBytes).toBe('number');
    expect(readNpy(join(d, 'out', 'b.npy')).shape).toEqual([64]);
  });

  it('removes stale temporaries of dead runs (and the first CLI\'s names) before writing', async () => {
    const d = tmp();
    writeNpy(join(d, 'in.npy'), Float32Array.from(values(10)), [10]);
    mkdirSync(join(d, 'out'));
    writeFileSync(join(d, 'out', '.in.npy.actkit-999999999-deadbeef.tmp'), 'stale');
    writeFileSync(join(d, 'out', '.out.f32.0123456789ab.tmp'), 'stale');
    const r = await apply(['relu', join(d, 'in.npy'), '-o', join(d, 'out')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/removed 2 stale temporary file/);
    expect(ls(join(d, 'out'))).toEqual(['in.npy']);
  });
});

describe('apply: every bad input is a clear error, a non-zero exit, and no output left behind', () => {
  const cases: Array<[string, (d: string) => string[], RegExp, number]> = [
    ['missing file', (d) => ['relu', join(d, 'nope.npy'), '-o', join(d, 'out.npy')], /cannot read .*nope\.npy: no such file/, 1],
    ['folder given as a file', (d) => (mkdirSync(join(d, 'dir.npy')), ['relu', join(d, 'dir.npy'), '-o', join(d, 'out.npy')]), /dir\.npy: is a folder, not a file/, 1],
    ['truncated .npy', (d) => (writeFileSync(join(d, 'in.npy'), npyBytes(values(10), [10]).subarray(0, 150)), ['relu', join(d, 'in.npy'), '-o', join(d, 'out.npy')]), /truncated \.npy/, 1],
    ['truncated .npy header', (d) => (writeFileSync(join(d, 'in.npy'), npyBytes(values(10), [10]).subarray(0, 40)), ['relu', join(d, 'in.npy'), '-o', join(d, 'out.npy')]), /truncated \.npy header/, 1],
    ['not an .npy', (d) => (writeFileSync(join(d, 'in.npy'), 'hello, world, this is text'), ['relu', join(d, 'in.npy'), '-o', join(d, 'out.npy')]), /not a \.npy file/, 1],
    ['corrupt .npz', (d) => (writeFileSync(join(d, 'in.npz'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)])), ['relu', join(d, 'in.npz'), '-o', join(d, 'out.npz')]), /corrupt|truncated/, 1],
    ['shape that does not match', (d) => (writeNpy(join(d, 'in.npy'), values(10), [10]), ['relu', join(d, 'in.npy'), '-o', join(d, 'out.npy'), '--shape', '3,4']), /--shape \[3, 4\] holds 12 elements but the data has 10/, 1],
    ['bad dim', (d) => (writeNpy(join(d, 'in.npy'), values(10), [10]), ['softmax', join(d, 'in.npy'), '-o', join(d, 'out.npy'), '--dim', '3']), /dim 3 is out of range/, 1],
    ['unknown activation', (d) => (writeNpy(join(d, 'in.npy'), values(10), [10]), ['relux', join(d, 'in.npy'), '-o', join(d, 'out.npy')]), /relux/, 2],
    ['unknown parameter', (d) => (writeNpy(join(d, 'in.npy'), values(10), [10]), ['relu', join(d, 'in.npy'), '-o', join(d, 'out.npy'), '--param', 'alpha=1']), /unknown option "alpha"/, 2],
    ['unknown flag', (d) => (writeNpy(join(d, 'in.npy'), values(10), [10]), ['relu', join(d, 'in.npy'), '-o', join(d, 'out.npy'), '--fast']), /--fast/, 2],
    ['unwritable output', (d) => (writeNpy(join(d, 'in.npy'), values(10), [10]), writeFileSync(join(d, 'afile'), 'x'), ['relu', join(d, 'in.npy'), '-o', join(d, 'afile', 'out.npy')]), /cannot write .*afile\/out\.npy: a part of the path is not a folder/, 1],
    ['raw size not whole values', (d) => (writeFileSync(join(d, 'in.f32'), Buffer.alloc(6)), ['relu', join(d, 'in.f32'), '-o', join(d, 'out.f32')]), /6 bytes is not a whole number of float32 values/, 1],
  ];
  for (const [what, argv, message, code] of cases) {
    it(what, async () => {
      const d = tmp();
      const args = argv(d);
      const before = ls(d);
      const r = await apply(args);
      expect(r.code, r.err).toBe(code);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\.tmp/);
      expect(ls(d)).toEqual(before);
    });
  }

  it('refuses output == input, and leaves the input as it was', async () => {
    const d = tmp();
    writeNpy(join(d, 'in.npy'), values(10), [10]);
    const bytes = readFileSync(join(d, 'in.npy'));
    for (const out of [join(d, 'in.npy'), join(d, '.', 'in.npy'), d]) {
      const r = await apply(['relu', join(d, 'in.npy'), '-o', out]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/the output is the input/);
    }
    expect(readFileSync(join(d, 'in.npy')).equals(bytes)).toBe(true);
    expect(ls(d)).toEqual(['in.npy']);
  });
});
