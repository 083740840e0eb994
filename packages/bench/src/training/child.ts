/**
 * A training row's child process (argv[2] is the row id): loads the library, then the data,
 * builds the model, and trains and evaluates one epoch per message. Each row has a process of
 * its own, so the peak RSS it reports is that library's alone (with the data it was given).
 */
import { reason } from '../impl/types.js';
import { loadTrainingData } from './data.js';
import type { FromTrainer, ToTrainer } from './protocol.js';
import { getTrainer, type Trainer } from './trainers.js';
import type { MemoryUse } from './types.js';

const send = (m: FromTrainer): void => {
  process.send?.(m);
};

let trainer: Trainer | undefined;
let rssAfterData = 0;

function memory(): MemoryUse {
  const m = process.memoryUsage();
  // maxRSS is in KiB
  return { rssAfterData, maxRss: process.resourceUsage().maxRSS * 1024, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

async function handle(m: ToTrainer, id: string): Promise<void> {
  try {
    switch (m.t) {
      case 'load': {
        const build = await getTrainer(id).load();
        const data = await loadTrainingData(m.config);
        rssAfterData = process.memoryUsage().rss;
        trainer = await build(data, m.config);
        send({ t: 'loaded', method: trainer.method, details: trainer.details });
        return;
      }
      case 'epoch': {
        if (trainer === undefined) throw new Error('epoch before load');
        const t0 = performance.now();
        const e = await trainer.trainEpoch();
        const t1 = performance.now();
        const v = await trainer.evaluate();
        const t2 = performance.now();
        send({ t: 'epoch', measure: { trainMs: t1 - t0, trainLoss: e.loss, evalMs: t2 - t1, testAccuracy: v.accuracy, testLoss: v.loss } });
        return;
      }
      case 'memory':
        send({ t: 'memory', memory: memory(), details: trainer?.endDetails?.() ?? {} });
        return;
      case 'exit':
        process.disconnect?.();
        process.exit(0);
    }
  } catch (e) {
    send({ t: 'error', message: reason(e) });
  }
}

function main(): void {
  const id = process.argv[2];
  if (id === undefined) throw new Error('usage: training-child.js <row id>');
  getTrainer(id);
  let queue = Promise.resolve();
  process.on('message', (m: ToTrainer) => {
    queue = queue.then(() => handle(m, id));
  });
  process.on('disconnect', () => process.exit(0));
  send({ t: 'started' });
}

try {
  main();
} catch (e) {
  send({ t: 'error', message: reason(e) });
  process.exit(1);
}
