/**
 * fit on the main thread: it learns on real Fashion-MNIST, streams ordered progress events, stops
 * within a batch when aborted (typed error, weights of the last step kept), reuses its batch
 * buffers, and gives bit-identical weights to the plain PyTorch loop written out by hand.
 */
import { ready } from '@actkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  buildSequential,
  classIndices,
  CrossEntropyLoss,
  evaluate,
  fit,
  FitAbortedError,
  Generator,
  Module,
  shuffledOrder,
  tensor,
  type ArchitectureSpec,
  type FitProgress,
  type Tensor,
} from '../../src/index.js';
import { fashionSlice, sameBits, snapshot } from './support.js';

let fm: Awaited<ReturnType<typeof fashionSlice>>;
beforeAll(async () => {
  await ready();
  fm = await fashionSlice(3000, 1000);
});

const mlp = (hidden = 64): ArchitectureSpec => [
  { type: 'Linear', in: 784, out: hidden, seed: 1 },
  { type: 'ReLU' },
  { type: 'Dropout', p: 0.1, seed: 5 },
  { type: 'Linear', in: hidden, out: 10, seed: 2 },
];

describe('fit', () => {
  it('learns Fashion-MNIST: validation accuracy from chance (< 0.3) to > 0.74 in 2 epochs on 3,000 images', async () => {
    const model = buildSequential(mlp());
    const validation = { inputs: tensor(fm.tx, [1000, 784]), targets: fm.ty };
    const before = evaluate(model, validation);
    expect(before.accuracy).toBeLessThan(0.3);
    const history = await fit(model, { inputs: tensor(fm.x, [3000, 784]), targets: fm.y }, { epochs: 2, batchSize: 50, seed: 1, validation, optimizer: { type: 'Adam', lr: 3e-3 } });
    expect(history.loss).toHaveLength(2);
    expect(history.loss[1]).toBeLessThan(history.loss[0]!);
    expect(history.valAccuracy[1]).toBeGreaterThan(0.74); // 0.794 here
    expect(history.accuracy[1]).toBeGreaterThan(history.accuracy[0]!);
    expect(history.accuracy[1]).toBeGreaterThan(0.7); // training accuracy, measured in training mode
    expect(history.steps).toBe(120);
    expect(evaluate(model, validation).accuracy).toBe(history.valAccuracy[1]);
    expect(model.training).toBe(true);
  });

  it('streams progress in order: every batch, then the epoch, with sane fields', async () => {
    const events: FitProgress[] = [];
    const n = 500;
    await fit(buildSequential(mlp(16)), { inputs: tensor(fm.x.subarray(0, n * 784), [n, 784]), targets: fm.y.subarray(0, n) }, { epochs: 2, batchSize: 64, onProgress: (e) => events.push(e) });
    const batches = Math.ceil(n / 64);
    expect(events).toHaveLength(2 * (batches + 1));
    let step = 0;
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let b = 0; b < batches; b++) {
        const e = events[epoch * (batches + 1) + b]!;
        step++;
        expect(e).toMatchObject({ type: 'batch', epoch, epochs: 2, batch: b, batches, step, samples: Math.min((b + 1) * 64, n) });
        if (e.type !== 'batch') throw new Error('expected a batch event');
        expect(Number.isFinite(e.loss) && e.loss > 0).toBe(true);
        expect(e.samplesPerSecond).toBeGreaterThan(0);
        expect(e.accuracy).toBeGreaterThanOrEqual(0);
        expect(e.accuracy).toBeLessThanOrEqual(1);
      }
      const end = events[epoch * (batches + 1) + batches]!;
      expect(end).toMatchObject({ type: 'epoch', epoch, epochs: 2, batches, step });
      if (end.type !== 'epoch') throw new Error('expected an epoch event');
      expect(end.loss).toBeCloseTo((events[epoch * (batches + 1) + batches - 1] as { meanLoss: number }).meanLoss, 12);
      expect(end.elapsedMs).toBeGreaterThanOrEqual(end.epochMs);
    }
  });

  it('throttles batch events (progressIntervalMs) but always reports the last batch and the epoch', async () => {
    const events: FitProgress[] = [];
    await fit(buildSequential(mlp(16)), { inputs: tensor(fm.x.subarray(0, 640 * 784), [640, 784]), targets: fm.y.subarray(0, 640) }, { batchSize: 32, progressIntervalMs: 60_000, onProgress: (e) => events.push(e) });
    expect(events.map((e) => (e.type === 'batch' ? e.batch : 'epoch'))).toEqual([0, 19, 'epoch']);
  });

  it('stops within a batch when aborted mid-epoch: AbortError saying how far it got, weights of the last step kept', async () => {
    const model = buildSequential(mlp(16));
    const controller = new AbortController();
    let kept: ReturnType<typeof snapshot> | undefined;
    const run = fit(model, { inputs: tensor(fm.x.subarray(0, 1000 * 784), [1000, 784]), targets: fm.y.subarray(0, 1000) }, {
      epochs: 2,
      batchSize: 50,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'batch' && e.epoch === 1 && e.batch === 6) {
          kept = snapshot(model.stateDict());
          controller.abort(new Error('user stop'));
        }
      },
    });
    const err = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FitAbortedError);
    const a = err as FitAbortedError;
    expect(a.name).toBe('AbortError');
    expect(a.code).toBe('ERR_ACTKIT_FIT_ABORTED');
    expect({ epoch: a.epoch, batch: a.batch, batches: a.batches, completedSteps: a.completedSteps, completedEpochs: a.completedEpochs }).toEqual({ epoch: 1, batch: 7, batches: 20, completedSteps: 27, completedEpochs: 1 });
    expect(a.message).toMatch(/epoch 2 of 2 after batch 7 of 20 \(27 steps done\)/);
    expect((a.cause as Error).message).toBe('user stop');
    expect(a.history?.loss).toHaveLength(1);
    expect(sameBits(model.stateDict(), kept!)).toBe(true);
  });

  it('an abort from a timer stops it before the next step', async () => {
    const controller = new AbortController();
    let steps = 0;
    let stepsAtAbort = -1;
    setTimeout(() => {
      stepsAtAbort = steps;
      controller.abort();
    }, 30);
    const err = await fit(buildSequential(mlp(64)), { inputs: tensor(fm.x, [3000, 784]), targets: fm.y }, { epochs: 5, batchSize: 20, signal: controller.signal, onProgress: (e) => void (e.type === 'batch' && (steps = e.step)) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FitAbortedError);
    expect(stepsAtAbort).toBeGreaterThanOrEqual(0);
    expect((err as FitAbortedError).completedSteps).toBe(stepsAtAbort);
  });

  it('rejects at once when the signal is already aborted, with no step taken', async () => {
    const model = buildSequential(mlp(16));
    const before = snapshot(model.stateDict());
    const err = await fit(model, { inputs: tensor(fm.x.subarray(0, 100 * 784), [100, 784]), targets: fm.y.subarray(0, 100) }, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AbortError', completedSteps: 0, batch: 0, epoch: 0 });
    expect(sameBits(model.stateDict(), before)).toBe(true);
  });

  it('gives bit-identical weights to the plain loop (zeroGrad, forward, loss, backward, step) with the same seed', async () => {
    const n = 700;
    const batch = 64; // 11 batches, the last one of 60
    const x = fm.x.subarray(0, n * 784);
    const y = fm.y.subarray(0, n);
    const byFit = buildSequential(mlp(32));
    await fit(byFit, { inputs: tensor(x, [n, 784]), targets: y }, { epochs: 2, batchSize: batch, seed: 7, optimizer: { type: 'Adam', lr: 2e-3 } });

    const model = buildSequential(mlp(32));
    const loss = new CrossEntropyLoss();
    const opt = new Adam(model.parameters(), { lr: 2e-3 });
    const rng = new Generator(7);
    const order = new Int32Array(n);
    for (let epoch = 0; epoch < 2; epoch++) {
      shuffledOrder(order, rng);
      for (let s = 0; s < n; s += batch) {
        const size = Math.min(batch, n - s);
        const xb = new Float32Array(size * 784);
        const yb = new Int32Array(size);
        for (let j = 0; j < size; j++) {
          xb.set(x.subarray(order[s + j]! * 784, (order[s + j]! + 1) * 784), j * 784);
          yb[j] = y[order[s + j]!]!;
        }
        opt.zeroGrad();
        const out = model.forward(tensor(xb, [size, 784]));
        loss.forward(out, classIndices(yb));
        model.backward(loss.backward());
        opt.step();
      }
    }
    expect(sameBits(byFit.stateDict(), model.stateDict())).toBe(true);
    // and a different seed gives different weights
    const other = buildSequential(mlp(32));
    await fit(other, { inputs: tensor(x, [n, 784]), targets: y }, { epochs: 2, batchSize: batch, seed: 8, optimizer: { type: 'Adam', lr: 2e-3 } });
    expect(sameBits(other.stateDict(), model.stateDict())).toBe(false);
  });

  it('feeds the model the same batch buffers every step (no allocation per step after the first)', async () => {
    const seen: Tensor[] = [];
    class Spy extends Module {
      forward(x: Tensor): Tensor {
        seen.push(x);
        return x;
      }
      backward(dy: Tensor): Tensor {
        return dy;
      }
    }
    const model = buildSequential([{ type: 'Linear', in: 784, out: 10, seed: 1 }]);
    const spied = new (class extends Module {
      readonly inner = model;
      readonly spy = new Spy();
      constructor() {
        super();
        this.registerModule('0', model);
      }
      forward(x: Tensor): Tensor {
        return this.inner.forward(this.spy.forward(x));
      }
      backward(dy: Tensor): Tensor {
        return this.inner.backward(dy);
      }
    })();
    await fit(spied, { inputs: tensor(fm.x.subarray(0, 250 * 784), [250, 784]), targets: fm.y.subarray(0, 250) }, { epochs: 3, batchSize: 100 });
    expect(seen).toHaveLength(9);
    const full = seen.filter((t) => t.shape[0] === 100);
    const tail = seen.filter((t) => t.shape[0] === 50);
    expect(new Set(full).size).toBe(1);
    expect(new Set(tail).size).toBe(1);
  });

  it('runs a monitor per epoch and attaches its endEpoch result to the epoch event', async () => {
    const calls: string[] = [];
    const events: FitProgress[] = [];
    await fit(buildSequential(mlp(16)), { inputs: tensor(fm.x.subarray(0, 200 * 784), [200, 784]), targets: fm.y.subarray(0, 200) }, {
      epochs: 2,
      batchSize: 100,
      onProgress: (e) => events.push(e),
      monitor: {
        beginEpoch: (e) => void calls.push(`begin ${e}`),
        endEpoch: (e) => {
          calls.push(`end ${e}`);
          return { epoch: e, dead: [0, 1] };
        },
      },
    });
    expect(calls).toEqual(['begin 0', 'end 0', 'begin 1', 'end 1']);
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { monitor?: unknown }).monitor)).toEqual([{ epoch: 0, dead: [0, 1] }, { epoch: 1, dead: [0, 1] }]);
  });

  it('refuses bad options and data with typed errors that name the problem', async () => {
    const model = buildSequential(mlp(16));
    const data = { inputs: tensor(fm.x.subarray(0, 10 * 784), [10, 784]), targets: fm.y.subarray(0, 9) };
    await expect(fit(model, data)).rejects.toThrow(/10 inputs .* targets of shape \[9\]/);
    await expect(fit(model, { ...data, targets: fm.y.subarray(0, 10) }, { batchSize: 0 })).rejects.toThrow(/batchSize must be an integer ≥ 1/);
    await expect(fit(model, { ...data, targets: fm.y.subarray(0, 10) }, { optimizer: { type: 'Adamax' } as never })).rejects.toThrow(/unknown optimizer "Adamax"; expected one of SGD, Adam/);
    expect(() => buildSequential([{ type: 'Linear', in: 4, out: 2 }, { type: 'Relu' }])).toThrow(/layer 1: unknown layer type "Relu"; expected one of Linear, .*ReLU/);
  });
});
