/**
 * `actkit-batch apply`: expands the inputs, pairs each with its output, runs the files a few at
 * a time on one shared pool, shows progress, and prints a summary (text or `--json`). A failed
 * file does not stop the others; the exit code says whether any failed.
 */
import { canonicalName, checkKeys, getOp, ready } from '@actkit/core';
import { createPool, type Pool } from '@actkit/parallel';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { parseApplyArgs, type ApplyArgs } from '../cli/args.js';
import { CliError, EXIT } from '../cli/errors.js';
import { APPLY_USAGE } from '../cli/help.js';
import { expandInputs, type InputFile } from '../cli/inputs.js';
import { createProgress, type ProgressMode } from '../cli/progress.js';
import { cleanStaleTemps } from '../output/atomic.js';
import { applyFile, type ApplySettings, type FileResult } from './applyFile.js';

type Print = (line: string) => void;

export interface ApplyIO {
  out: Print;
  err: Print;
  /** Whether stderr is a terminal (progress bar). */
  isTTY: boolean;
  /** A pool to use instead of starting one (kept alive afterwards): tests, embedding. */
  pool?: Pool;
}

/** Checks the activation and its parameter names before anything starts (exit code 2). */
function preflight(a: ApplyArgs): void {
  let op;
  try {
    op = getOp(a.activation);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT.usage);
  }
  try {
    checkKeys(op.name, a.params, op.paramKeys);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT.usage);
  }
  // RReLU-style training slopes need a seed: draw one, and say which, so a run can be repeated
  if (op.paramKeys.includes('seed') && a.params['training'] === true && a.params['seed'] === undefined) {
    a.params['seed'] = Math.floor(Math.random() * 2 ** 32);
  }
}

/** Pairs inputs with outputs: one file, or a folder when there are several inputs, a folder or a glob (shared with `submit`). */
export async function pairOutputs(inputs: InputFile[], output: string): Promise<Array<{ input: string; output: string }>> {
  const st = await stat(output).catch(() => undefined);
  const many = inputs.length > 1 || inputs.some((i) => i.expanded);
  const toFolder = many || st?.isDirectory() === true || /[\\/]$/.test(output);
  if (many && st !== undefined && !st.isDirectory()) {
    throw new CliError(`${output}: several inputs (or a folder or glob) need an output folder, and this is a file`, EXIT.usage);
  }
  if (many && st === undefined && extname(output) !== '') {
    throw new CliError(`${output}: several inputs (or a folder or glob) need an output folder; this looks like a file name`, EXIT.usage);
  }
  const pairs = inputs.map((i) => ({ input: i.path, output: toFolder ? join(output, i.relative) : output }));
  const seen = new Map<string, string>();
  for (const p of pairs) {
    const key = resolve(p.output);
    const prev = seen.get(key);
    if (prev !== undefined) throw new CliError(`${p.input} and ${prev} would both write ${p.output}`, EXIT.usage);
    seen.set(key, p.input);
  }
  return pairs;
}

/** Runs `apply` and returns its exit code. */
export async function runApply(argv: readonly string[], io: ApplyIO): Promise<number> {
  const a = parseApplyArgs(argv);
  if (a.help) {
    io.out(APPLY_USAGE.trimEnd());
    return EXIT.ok;
  }
  preflight(a);
  const inputs = await expandInputs(a.inputs);
  if (inputs.length === 0) throw new CliError(`no input files found in ${a.inputs.join(' ')}`, EXIT.failed);
  const pairs = await pairOutputs(inputs, a.output);
  const t0 = performance.now();
  const notes: string[] = [];
  const note = (line: string): void => {
    notes.push(line);
    if (!a.quiet && !a.json) io.err(line);
  };
  if (a.params['seed'] !== undefined && a.params['training'] === true && !argv.some((x) => /seed=/.test(x))) {
    note(`${canonicalName(a.activation)}: training with seed ${a.params['seed']} (pass --param seed=${a.params['seed']} to repeat)`);
  }

  // output folders exist; temporaries of dead runs are removed
  for (const dir of new Set(pairs.map((p) => dirname(p.output)))) {
    await mkdir(dir, { recursive: true }).catch(() => undefined);
    const gone = await cleanStaleTemps(dir);
    if (gone.length > 0) note(`removed ${gone.length} stale temporary file(s) in ${dir}`);
  }

  let total = 0;
  for (const p of pairs) total += (await stat(p.input).catch(() => undefined))?.size ?? 0;
  const mode: ProgressMode = a.quiet || a.json ? 'none' : (a.progress ?? (io.isTTY ? 'bar' : 'lines'));

  if (a.backend !== 'js') await ready();
  const pool =
    io.pool ?? (await createPool({ ...(a.threads !== undefined ? { threads: a.threads } : {}), ...(a.backend ? { backend: a.backend } : {}) }));
  const progress = createProgress(mode, total, pairs.length);
  const results: FileResult[] = new Array(pairs.length);
  try {
    const settings: ApplySettings = {
      activation: a.activation,
      params: a.params,
      ...(a.shape ? { shape: a.shape } : {}),
      ...(a.rawDtype ? { rawDtype: a.rawDtype } : {}),
      ...(a.outDtype ? { outDtype: a.outDtype } : {}),
      ...(a.array !== undefined ? { array: a.array } : {}),
      resume: a.resume,
      pool,
      ...(a.backend ? { backend: a.backend } : {}),
      chunkBytes: a.chunkElementsBytes,
      maxMemoryBytes: a.maxMemoryBytes,
      onBytes: (b) => progress.add(b),
      note,
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < pairs.length) {
        const i = next++;
        const p = pairs[i] as { input: string; output: string };
        results[i] = await applyFile(p.input, p.output, settings);
        progress.fileDone();
      }
    };
    await Promise.all(Array.from({ length: Math.min(a.jobs, pairs.length) }, worker));
  } finally {
    progress.stop();
    if (pool !== io.pool) await pool.destroy();
  }

  const seconds = (performance.now() - t0) / 1000;
  const count = (s: FileResult['status']): number => results.filter((r) => r.status === s).length;
  const failed = count('failed');
  const bytes = results.reduce((s, r) => s + (r.status === 'done' ? r.inputBytes : 0), 0);
  if (a.json) {
    io.out(
      JSON.stringify(
        {
          command: 'apply',
          activation: canonicalName(a.activation),
          params: a.params,
          ok: failed === 0,
          counts: { files: results.length, done: count('done'), skipped: count('skipped'), failed },
          bytes,
          seconds,
          bytesPerSecond: bytes / Math.max(seconds, 1e-9),
          threads: pool.size,
          maxRssBytes: process.resourceUsage().maxRSS * 1024,
          notes,
          files: results,
        },
        null,
        2,
      ),
    );
  } else {
    for (const r of results) if (r.status === 'failed') io.err(`FAILED ${r.input}: ${r.error}`);
    if (!a.quiet || failed > 0) {
      io.err(
        `${canonicalName(a.activation)}: ${count('done')} done, ${count('skipped')} skipped, ${failed} failed of ${results.length} file(s); ` +
          `${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (${(bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(0)} MB/s)`,
      );
    }
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
