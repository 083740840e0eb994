/**
 * fitInWorker in a real browser (Chromium): the BUILT main entry (dist/index.js), as an app's
 * bundler sees it — Vite serves it and rewrites its `new Worker(new URL('./worker/browser.js',
 * import.meta.url), { type: 'module' })`. The module worker trains to the same bits as fit on
 * the page, streams progress while the page's timers keep running, can be cancelled, and a
 * worker that throws rejects with a typed error. Run `pnpm build` first. (The training itself is
 * tested on real Fashion-MNIST in test/train/, in Node; the page gets synthetic data.)
 */
import { ready } from '@actkit/core';
import { beforeAll, expect, it } from 'vitest';
import type * as Api from '../../src/index.js';

const entry: string = '../../dist/index.js';
const api = (await import(/* @vite-ignore */ entry)) as typeof Api;

const spec: Api.ArchitectureSpec = [
  { type: 'Linear', in: 16, out: 32, seed: 1 },
  { type: 'GELU' },
  { type: 'Dropout', p: 0.1, seed: 2 },
  { type: 'Linear', in: 32, out: 4, seed: 3 },
];

/** n samples of 16 features; the class is the quarter of the first feature's range. */
function data(n: number): Api.FitData {
  const x = new Float32Array(n * 16);
  const y = new Int32Array(n);
  const rng = new api.Generator(9);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 16; k++) x[i * 16 + k] = rng.uniform() * 2 - 1;
    y[i] = Math.min(3, Math.floor((x[i * 16]! + 1) * 2));
  }
  return { inputs: api.tensor(x, [n, 16]), targets: y };
}

function bytesOf(state: Readonly<Record<string, Api.Tensor>>): string {
  return Object.keys(state)
    .sort()
    .map((k) => `${k}:${Array.from(new Uint8Array(state[k]!.data.buffer, state[k]!.data.byteOffset, state[k]!.data.byteLength)).join(',')}`)
    .join('|');
}

beforeAll(async () => {
  await ready();
});

it('trains in a module Worker to the same bits as fit on the page, streaming progress while the page keeps running', async () => {
  const options = { epochs: 2, batchSize: 32, seed: 5, optimizer: { type: 'Adam', lr: 1e-2 } } as const;
  const events: Api.FitProgress[] = [];
  let ticks = 0;
  const timer = setInterval(() => void ticks++, 4);
  const result = await api.fitInWorker(spec, data(1000), { ...options, onProgress: (e) => events.push(e) });
  clearInterval(timer);
  const local = api.buildSequential(spec);
  const history = await api.fit(local, data(1000), options);
  expect(bytesOf(result.stateDict)).toBe(bytesOf(local.stateDict()));
  expect(result.history.loss).toEqual(history.loss);
  expect(history.accuracy[1]).toBeGreaterThan(0.6);
  expect(events).toHaveLength(2 * (32 + 1));
  expect(events.at(-1)).toMatchObject({ type: 'epoch', epoch: 1, batches: 32, step: 64 });
  expect(ticks).toBeGreaterThan(0);
});

it('can be cancelled, with the weights of the last completed step', async () => {
  const controller = new AbortController();
  const err = await api
    .fitInWorker(spec, data(2000), { epochs: 5, batchSize: 10, signal: controller.signal, onProgress: (e) => void (e.type === 'batch' && e.step === 2 && controller.abort()) })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(api.FitAbortedError);
  const a = err as Api.FitAbortedError;
  expect(a.name).toBe('AbortError');
  expect(a.completedSteps).toBeGreaterThanOrEqual(2);
  expect(a.completedSteps).toBeLessThan(1000);
  expect(Object.keys(a.stateDict ?? {}).sort()).toEqual(['0.bias', '0.weight', '3.bias', '3.weight']);
});

it('a worker whose training throws rejects with WorkerFitError carrying the remote error', async () => {
  const err = (await api.fitInWorker([{ type: 'Linear', in: 3, out: 2 }], data(20)).catch((e: unknown) => e)) as Api.WorkerFitError;
  expect(err).toBeInstanceOf(api.WorkerFitError);
  expect(err.failure).toBe('threw');
  expect(err.remote?.name).toBe('ShapeError');
});
