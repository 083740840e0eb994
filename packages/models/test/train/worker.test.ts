/**
 * fitInWorker in Node, from the BUILT package (a worker thread cannot load src/*.ts): the weights
 * are bit-identical to fit on this thread with the same seed, progress streams while this thread
 * keeps running its timers, a cancel stops it with the last step's weights, and a worker that
 * throws, fails to load or exits gives a typed error. Run `pnpm build` first.
 */
import { ready } from '@actkit/core';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Main from '../../src/index.js';
import type { ArchitectureSpec, FitProgress } from '../../src/index.js';
import type * as NodeEntry from '../../src/node.js';
import { fashionSlice, sameBits } from './support.js';

// the built entries (values), typed from src so that typechecking needs no build
const mainEntry: string = '../../dist/index.js';
const nodeEntry: string = '../../dist/node.js';
const { buildSequential, fit, FitAbortedError, monitorHealth, tensor, WorkerFitError } = (await import(/* @vite-ignore */ mainEntry)) as typeof Main;
const { fitInWorker } = (await import(/* @vite-ignore */ nodeEntry)) as typeof NodeEntry;
type FitAbortedError = Main.FitAbortedError;
type WorkerFitError = Main.WorkerFitError;

const require = createRequire(import.meta.url);
const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url);

let fm: Awaited<ReturnType<typeof fashionSlice>>;
beforeAll(async () => {
  await ready();
  fm = await fashionSlice(2000, 500);
});

const spec: ArchitectureSpec = [
  { type: 'Linear', in: 784, out: 64, seed: 11 },
  { type: 'GELU' },
  { type: 'Dropout', p: 0.1, seed: 3 },
  { type: 'Linear', in: 64, out: 10, seed: 12 },
];

const slice = (n: number) => ({ inputs: tensor(fm.x.subarray(0, n * 784), [n, 784]), targets: fm.y.subarray(0, n) });

describe('fitInWorker (Node worker_threads)', () => {
  it('gives bit-identical weights to fit on the main thread, streams progress, and leaves the main thread responsive', async () => {
    const options = { epochs: 2, batchSize: 50, seed: 4, optimizer: { type: 'Adam', lr: 2e-3 } } as const;
    const validation = { inputs: tensor(fm.tx, [500, 784]), targets: fm.ty };
    const events: FitProgress[] = [];
    let ticks = 0;
    const timer = setInterval(() => void ticks++, 5);
    const started = performance.now();
    const result = await fitInWorker(spec, slice(2000), { ...options, validation, onProgress: (e) => events.push(e) });
    const ms = performance.now() - started;
    clearInterval(timer);

    const local = buildSequential(spec);
    const history = await fit(local, slice(2000), { ...options, validation });
    expect(sameBits(result.stateDict, local.stateDict())).toBe(true);
    expect(result.history.loss).toEqual(history.loss);
    expect(result.history.valAccuracy).toEqual(history.valAccuracy);
    expect(result.history.valAccuracy[1]).toBeGreaterThan(0.65);

    expect(events).toHaveLength(2 * 41);
    expect(events.map((e) => e.type === 'batch' ? `${e.epoch}:${e.batch}` : `end ${e.epoch}`).slice(38, 43)).toEqual(['0:38', '0:39', 'end 0', '1:0', '1:1']);
    // the timer kept firing while the worker trained: at least a third of the 5 ms ticks ran
    expect(ticks).toBeGreaterThan(ms / 5 / 3);
    // the result's bytes are a safetensors file of the same weights
    expect(new DataView(result.state.buffer, result.state.byteOffset).getBigUint64(0, true)).toBeGreaterThan(0n);
  });

  it('starts from initialState and works from CommonJS too', async () => {
    const cjs = require('../../dist/node.cjs') as typeof NodeEntry;
    const models = require('../../dist/index.cjs') as typeof Main;
    // the CommonJS build has its own @actkit/core instance: switch it to wasm as the worker does
    await (require('@actkit/core') as typeof import('@actkit/core')).ready();
    const start = models.buildSequential([{ type: 'Linear', in: 784, out: 10, seed: 99 }]);
    const a = await cjs.fitInWorker([{ type: 'Linear', in: 784, out: 10 }], slice(300), { batchSize: 100, initialState: start.stateDict(), optimizer: { type: 'SGD', lr: 0.1 } });
    await models.fit(start, slice(300), { batchSize: 100, optimizer: { type: 'SGD', lr: 0.1 } });
    expect(sameBits(a.stateDict, start.stateDict())).toBe(true);
  });

  it('round-trips BatchNorm1d (running stats, int64 num_batches_tracked) and LayerNorm through the worker', async () => {
    const bn: ArchitectureSpec = [
      { type: 'Linear', in: 784, out: 32, seed: 1 },
      { type: 'BatchNorm1d', numFeatures: 32 },
      { type: 'ReLU' },
      { type: 'LayerNorm', normalizedShape: 32 },
      { type: 'Linear', in: 32, out: 10, seed: 2 },
    ];
    const r = await fitInWorker(bn, slice(300), { batchSize: 100 });
    const local = buildSequential(bn);
    await fit(local, slice(300), { batchSize: 100 });
    expect(sameBits(r.stateDict, local.stateDict())).toBe(true);
    expect(Array.from(r.stateDict['1.num_batches_tracked']!.data)).toEqual([3]);
    const again = buildSequential(bn);
    again.loadStateDict(r.stateDict);
    expect(sameBits(again.stateDict(), local.stateDict())).toBe(true);
  });

  it('can be cancelled: rejects with FitAbortedError carrying the weights of the last completed step', async () => {
    const controller = new AbortController();
    let seen = 0;
    const err = await fitInWorker(spec, slice(2000), {
      epochs: 3,
      batchSize: 20,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'batch' && ++seen === 3) controller.abort(new Error('enough'));
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FitAbortedError);
    const a = err as FitAbortedError;
    expect(a.name).toBe('AbortError');
    expect(a.completedSteps).toBeGreaterThanOrEqual(3);
    expect(a.completedSteps).toBeLessThan(3 * 100);
    expect((a.cause as Error).message).toBe('enough');
    // the weights it sent are those of step `completedSteps`: replay that many steps here
    const local = buildSequential(spec);
    const replay = new AbortController();
    await fit(local, slice(2000), { epochs: 3, batchSize: 20, signal: replay.signal, onProgress: (e) => void (e.type === 'batch' && e.step === a.completedSteps && replay.abort()) }).catch(() => undefined);
    expect(sameBits(a.stateDict!, local.stateDict())).toBe(true);
  });

  it('rejects at once for an aborted signal, and refuses a built optimizer before starting a worker', async () => {
    await expect(fitInWorker(spec, slice(100), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError', completedSteps: 0, batches: 4, message: expect.stringMatching(/after batch 0 of 4/) });
    const model = buildSequential(spec);
    await expect(fitInWorker(spec, slice(100), { optimizer: { step() {}, zeroGrad() {} } as never })).rejects.toThrow(/optimizer must be a spec/);
    expect(model.training).toBe(true);
  });

  it('shares data on a SharedArrayBuffer and transfers (detaches) plain buffers with transfer: true', async () => {
    const n = 200;
    const shared = new Float32Array(new SharedArrayBuffer(n * 784 * 4));
    shared.set(fm.x.subarray(0, n * 784));
    const labels = fm.y.slice(0, n);
    const r = await fitInWorker(spec, { inputs: tensor(shared, [n, 784]), targets: labels }, { batchSize: 50, transfer: true });
    expect(shared.length).toBe(n * 784); // shared memory is never transferred
    expect(labels.length).toBe(0); // the plain Int32Array was transferred
    expect(r.history.steps).toBe(4);
  });

  it('runs a monitor module in the worker and posts its per-epoch results', async () => {
    const events: FitProgress[] = [];
    await fitInWorker(spec, slice(300), { epochs: 2, batchSize: 100, monitor: { module: fixture('monitor.mjs').href, options: { tag: 'm' } }, onProgress: (e) => events.push(e) });
    const monitors = events.filter((e) => e.type === 'epoch').map((e) => (e as { monitor?: unknown }).monitor);
    expect(monitors).toEqual([
      { epoch: 0, calls: 3, tag: 'm', sizes: new Float64Array([3]) },
      { epoch: 1, calls: 3, tag: 'm', sizes: new Float64Array([3]) },
    ]);
  });
});

describe('fitInWorker with the built-in health monitor', () => {
  it('health: true gives each epoch event the HealthReport that monitorHealth gives on the main thread', async () => {
    const reluSpec: ArchitectureSpec = [
      { type: 'Linear', in: 784, out: 32, seed: 21 },
      { type: 'ReLU' },
      { type: 'Linear', in: 32, out: 16, seed: 22 },
      { type: 'Sigmoid' },
      { type: 'Linear', in: 16, out: 10, seed: 23 },
    ];
    const options = { epochs: 2, batchSize: 100, seed: 5 } as const;
    const events: FitProgress[] = [];
    await fitInWorker(reluSpec, slice(400), { ...options, health: true, onProgress: (e) => events.push(e) });
    const remote = events.filter((e) => e.type === 'epoch').map((e) => (e as { monitor?: unknown }).monitor);

    const local = buildSequential(reluSpec);
    const localEvents: FitProgress[] = [];
    await fit(local, slice(400), { ...options, monitor: monitorHealth(local), onProgress: (e) => localEvents.push(e) });
    const expected = localEvents.filter((e) => e.type === 'epoch').map((e) => (e as { monitor?: unknown }).monitor);
    expect(remote).toHaveLength(2);
    expect(expected[0]).toBeDefined();
    expect(remote).toEqual(expected);
  });

  it('refuses monitor and health together, naming both', async () => {
    const err = await fitInWorker(spec, slice(50), { health: true, monitor: { module: fixture('monitor.mjs').href } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('ParameterError');
    expect((err as Error).message).toMatch(/monitor .* or health/);
  });
});

describe('fitInWorker failures', () => {
  it('training that throws in the worker: WorkerFitError "threw" with the remote error', async () => {
    const err = await fitInWorker([{ type: 'Linear', in: 10, out: 2 }], slice(50)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerFitError);
    const w = err as WorkerFitError;
    expect(w.failure).toBe('threw');
    expect(w.code).toBe('ERR_ACTKIT_WORKER_FIT');
    expect(w.remote?.name).toBe('ShapeError');
    expect(w.message).toMatch(/^fitInWorker: training threw in the worker: ShapeError: /);
  });

  it('an architecture the worker cannot build: the remote error is an ArchitectureError naming the layer', async () => {
    const err = (await fitInWorker([{ type: 'Linear', in: 784, out: 10 }, { type: 'Softmaxx' }], slice(50)).catch((e: unknown) => e)) as WorkerFitError;
    expect(err.remote).toMatchObject({ name: 'ArchitectureError', code: 'ERR_ACTKIT_ARCHITECTURE' });
    expect(err.message).toMatch(/layer 1: unknown layer type "Softmaxx"/);
  });

  it('a worker whose module throws on load: WorkerFitError "crashed"', async () => {
    const err = (await fitInWorker(spec, slice(50), { workerUrl: fixture('throws-on-load.mjs') }).catch((e: unknown) => e)) as WorkerFitError;
    expect(err).toBeInstanceOf(WorkerFitError);
    expect(err.failure).toBe('crashed');
    expect(err.message).toMatch(/RangeError: fixture: broken worker module/);
  });

  it('a worker that does not stop when cancelled is terminated after cancelTimeoutMs: FitAbortedError from its last event, no weights', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const err = (await fitInWorker(spec, slice(50), {
      workerUrl: fixture('ignores-cancel.mjs'),
      signal: controller.signal,
      cancelTimeoutMs: 100,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e)) as FitAbortedError;
    expect(err).toBeInstanceOf(FitAbortedError);
    expect({ batch: err.batch, batches: err.batches, completedSteps: err.completedSteps, stateDict: err.stateDict }).toEqual({ batch: 1, batches: 9, completedSteps: 1, stateDict: undefined });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a worker that exits without answering: WorkerFitError "exited" with its code', async () => {
    const err = (await fitInWorker(spec, slice(50), { workerUrl: fixture('exits.mjs') }).catch((e: unknown) => e)) as WorkerFitError;
    expect(err).toBeInstanceOf(WorkerFitError);
    expect(err.failure).toBe('exited');
    expect(err.exitCode).toBe(3);
  });
});
