/** Helpers of the train / evaluate / predict tests: the built CLI, int32 .npy files, Fashion-MNIST's t10k labels. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runEvaluate } from '../src/commands/evaluate.js';
import { runPredict } from '../src/commands/predict.js';
import { runTrain } from '../src/commands/train.js';
import { parseNpyHeader } from '../src/formats/npy.js';

export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
export const REFERENCE = fileURLToPath(new URL('../../../tools/reference/models/', import.meta.url));
export const FMNIST = '/usr/share/datasets/fashion-mnist';
export const T10K_IMAGES = `${FMNIST}/t10k-images-idx3-ubyte.gz`;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json?: any;
}

/** Runs the built CLI to completion. */
export function cli(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  const run: Run = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  if (args.includes('--json') && r.status === 0) run.json = JSON.parse(r.stdout);
  return run;
}

/** Starts the built CLI; resolves with its exit code and stderr. */
export function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { child, exited, stderr: () => stderr };
}

/** An int32 or float32 little-endian C-order .npy read back (the header parsed by hand for int32). */
export function readNpyAny(path: string): { descr: string; shape: number[]; data: Int32Array | Float32Array } {
  const bytes = readFileSync(path);
  const pre = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + pre).toString('latin1');
  const descr = /'descr': '([^']+)'/.exec(header)?.[1] ?? '';
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const body = bytes.subarray(10 + pre);
  const copy = new Uint8Array(body.length);
  copy.set(body);
  if (descr === '<f4') parseNpyHeader(bytes); // our own reader agrees on float32 files
  return { descr, shape, data: descr === '<i4' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer) };
}

/** Runs `train`, `evaluate` or `predict` in this process (usage errors, help): the exit code and what it printed. */
export async function inProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), isTTY: false };
  const [command, ...rest] = argv;
  const run = { train: runTrain, evaluate: runEvaluate, predict: runPredict }[command as 'train'];
  let code: number;
  try {
    code = await run(rest, io);
  } catch (e) {
    err.push((e as Error).message);
    code = (e as { exitCode?: number }).exitCode ?? 1;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}
