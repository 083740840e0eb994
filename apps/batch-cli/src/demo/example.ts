import { gelu, relu, sigmoid } from '@actkit/core';
import { throughput, timeMedian } from './timing.js';

type Print = (line: string) => void;

/** The classic PyTorch example: nn.ReLU() and nn.Sigmoid() on tensor([-2.0, 0.0, 2.0]). */
export function torchExample(print: Print): { relu: number[]; sigmoid: number[] } {
  const x = [-2, 0, 2];
  const r = Array.from(relu(x));
  const s = Array.from(sigmoid(x));
  print('PyTorch example, x = [-2.0, 0.0, 2.0]');
  print(`  nn.ReLU()(x)    = [${r.map((v) => v.toFixed(4)).join(', ')}]`);
  print(`  nn.Sigmoid()(x) = [${s.map((v) => v.toFixed(4)).join(', ')}]`);
  return { relu: r, sigmoid: s };
}

/** Deterministic float32 inputs in [-8, 8): a fixed linear congruential sequence. */
export function demoInput(n: number): Float32Array {
  const x = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = (s / 2 ** 32) * 16 - 8;
  }
  return x;
}

/** Throughput of three activations on `n` float32 elements, into a reused `out` buffer. */
export function throughputTable(print: Print, n: number, reps = 5): void {
  const x = demoInput(n);
  const out = new Float32Array(n);
  print(`\nThroughput on 2^${Math.log2(n)} float32 elements (median of ${reps}, into a reused out buffer):`);
  const rows: [string, () => void][] = [
    ['relu', () => relu(x, { out })],
    ['sigmoid', () => sigmoid(x, { out })],
    ['gelu', () => gelu(x, { out })],
  ];
  for (const [name, run] of rows) {
    const ms = timeMedian(run, reps);
    print(`  ${name.padEnd(8)} ${throughput(n, ms).padStart(14)}   (${((n * 8) / ms / 1e6).toFixed(2)} GB/s read+written)`);
  }
}
