/**
 * The benchmark runner: one child process per implementation module, every (op, n) case
 * prepared in each, outputs checked against the float64 reference, then the samples of all rows
 * of the case taken round-robin (the start rotating each round), so a slow episode on this
 * shared machine hits every row alike.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { measureAccuracy } from './accuracy.js';
import { IMPLEMENTATION_IDS } from './impl/index.js';
import { IpcChild } from './ipc-child.js';
import { makeInput } from './inputs.js';
import { bytesMoved, elementCount, inputShape, type OpSpec } from './ops.js';
import type { FromChild, PreparedRow, ToChild } from './protocol.js';
import { reference } from './reference.js';
import { summarize, type BenchResult, type CaseResult, type RowResult } from './results.js';
import { libraryVersions } from './versions.js';

export { bytesMoved };

/** What to run. */
export interface BenchConfig {
  ops: readonly OpSpec[];
  sizes: readonly number[];
  /** Implementation module ids (default: all). */
  impls?: readonly string[];
  /** Samples per row (each ≥ sampleMs). */
  samples: number;
  sampleMs: number;
  warmupMs: number;
  note?: string;
  /** Progress lines (to stderr in the CLI). */
  log?: (line: string) => void;
  /** The child entry point (default: child.js next to this module, i.e. the built dist/). */
  childPath?: string;
}

/** A child process hosting one implementation module. */
class Child extends IpcChild<ToChild, FromChild> {
  constructor(
    readonly impl: string,
    childPath: string,
  ) {
    super(impl, childPath, [impl]);
  }

  override close(): Promise<void> {
    return super.close({ t: 'exit' });
  }
}

function scratchDir(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return mkdtempSync(path.join(base, 'actkit-bench-'));
}

function readOutput(file: string): Float32Array {
  const b = readFileSync(file);
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Runs the benchmark described by `config`. */
export async function runBench(config: BenchConfig): Promise<BenchResult> {
  const log = config.log ?? ((): void => {});
  const started = Date.now();
  const loadAverageStart = os.loadavg();
  const childPath = config.childPath ?? fileURLToPath(new URL('./child.js', import.meta.url));
  const ids = config.impls ?? IMPLEMENTATION_IDS;
  const children = ids.map((id) => new Child(id, childPath));
  const dir = scratchDir();
  const cases: CaseResult[] = [];
  try {
    await Promise.all(children.map((c) => c.ask(undefined, 'ready')));
    for (const op of config.ops) {
      for (const n of config.sizes) {
        const t0 = Date.now();
        cases.push(await runCase(op, n, children, config, dir));
        log(`${op.id} n=${n}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    await Promise.all(children.map((c) => c.close().catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  }
  const cpus = os.cpus();
  return {
    meta: {
      date: new Date(started).toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpuModel: cpus[0]?.model ?? 'unknown',
      cpus: cpus.length,
      totalMemGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAverageStart,
      loadAverageEnd: os.loadavg(),
      samples: config.samples,
      sampleMs: config.sampleMs,
      warmupMs: config.warmupMs,
      ...(config.note === undefined ? {} : { note: config.note }),
      libraries: libraryVersions(),
      seconds: Math.round((Date.now() - started) / 1000),
    },
    cases,
  };
}

async function runCase(op: OpSpec, n: number, children: readonly Child[], config: BenchConfig, dir: string): Promise<CaseResult> {
  const x = makeInput(op, n);
  const want = reference(op, x, n);
  const elements = elementCount(op, n);
  // prepare one child at a time, so each warm-up has the machine to itself
  const prepared: { child: Child; row: PreparedRow }[] = [];
  for (const child of children) {
    const r = await child.ask({ t: 'prepare', op: op.id, n, outDir: dir, warmupMs: config.warmupMs }, 'prepared');
    for (const row of r.rows) prepared.push({ child, row });
  }
  const results: RowResult[] = prepared.map(({ row }) => {
    const { outputFile, perPassMs: _perPass, ...info } = row;
    const result: RowResult = { ...info };
    if (outputFile !== undefined) {
      if (!row.copiesOnly) {
        const got = readOutput(outputFile);
        result.accuracy = measureAccuracy(got, want, x);
        result.wrong = result.accuracy.outside > 0;
      }
      rmSync(outputFile, { force: true });
    }
    return result;
  });
  const runnable = prepared.map((p, i) => ({ ...p, result: results[i] as RowResult })).filter((p) => p.row.unavailable === undefined);
  // a row whose single pass is slow (TF.js CPU softmax at 2^24 takes seconds) gets fewer
  // samples, so one row cannot stretch the run by minutes; the report shows the count
  const budgetMs = 3 * config.samples * config.sampleMs;
  const samplesOf = (r: PreparedRow): number =>
    Math.min(config.samples, Math.max(1, Math.floor(budgetMs / Math.max(r.perPassMs ?? 0, config.sampleMs))));
  const perRow = new Map<string, { eps: number[]; passes: number[] }>();
  for (let s = 0; s < config.samples; s++) {
    for (let k = 0; k < runnable.length; k++) {
      const { child, row } = runnable[(k + s) % runnable.length]!;
      if (s >= samplesOf(row)) continue;
      const r = await child.ask({ t: 'sample', row: row.id, minMs: config.sampleMs }, 'sample');
      const acc = perRow.get(row.id) ?? { eps: [], passes: [] };
      acc.eps.push((r.sample.iterations * elements) / (r.sample.ms / 1000));
      acc.passes.push(r.sample.iterations);
      perRow.set(row.id, acc);
    }
  }
  for (const { row, result } of runnable) {
    const acc = perRow.get(row.id);
    if (acc === undefined) continue;
    result.throughput = summarize(acc.eps);
    result.passesPerSample = summarize(acc.passes).median;
  }
  await Promise.all(children.map((c) => c.ask({ t: 'release' }, 'released')));
  return { op: op.id, n, elements, shape: inputShape(op, n), rows: results };
}
