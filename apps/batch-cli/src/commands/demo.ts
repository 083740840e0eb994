/**
 * `actkit-batch demo`: the PyTorch example, throughput, the pool's speedup, naive loop vs actkit,
 * and a short training run on Fashion-MNIST with activation health (`--no-train` skips it).
 */
import { ready } from '@actkit/core';
import { createPool } from '@actkit/parallel';
import { CliError, EXIT } from '../cli/errors.js';
import { naiveComparison } from '../demo/compare.js';
import { throughputTable, torchExample } from '../demo/example.js';
import { poolSpeedup } from '../demo/speedup.js';
import { trainingDemo } from '../demo/training.js';

type Print = (line: string) => void;

export async function runDemo(argv: readonly string[], print: Print): Promise<number> {
  const i = argv.indexOf('--size-log2');
  const log2 = i >= 0 ? Number(argv[i + 1]) : 24;
  if (!Number.isInteger(log2) || log2 < 1 || log2 > 28) throw new CliError('--size-log2 must be an integer in [1, 28]', EXIT.usage);
  const train = !argv.includes('--no-train');
  const unknown = argv.filter((a, k) => a.startsWith('-') && a !== '--size-log2' && a !== '--no-train' && k !== i + 1);
  if (unknown.length > 0) throw new CliError(`demo: unknown option ${unknown[0]}`, EXIT.usage);
  torchExample(print);
  print('\n(core before ready(): the js kernels)');
  throughputTable(print, 2 ** log2);
  await poolSpeedup(print, ['relu', 'sigmoid', 'gelu'], [2 ** 10, 2 ** 16, 2 ** 20, 2 ** log2]);
  const status = await ready();
  const pool = await createPool();
  try {
    print(`\n(after ready(): wasm ${status.wasm ? 'loaded' : 'unavailable'})`);
    await naiveComparison(print, pool, 2 ** Math.min(log2, 20));
  } finally {
    await pool.destroy();
  }
  if (train) await trainingDemo(print);
  return EXIT.ok;
}
