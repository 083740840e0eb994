#!/usr/bin/env node
/** `pnpm bench`: runs the benchmark, prints the summary, writes the requested report files. */
import path from 'node:path';
import { parseCommand, USAGE } from './args.js';
import { renderChartSvg } from './report/chart.js';
import { renderMarkdown } from './report/markdown.js';
import { writeFileAtomic } from './report/write.js';
import { runBench } from './runner.js';
import { TRAINING_USAGE, wantsTraining, type TrainingCliOptions } from './training/args.js';
import { renderTrainingMarkdown } from './training/report.js';
import { runTraining } from './training/runner.js';

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/** `pnpm bench --group training`: trains every row, prints the summary, writes md/json. */
async function training(o: TrainingCliOptions): Promise<void> {
  log(`training: ${o.rows.join(', ')}; ${o.epochs} epochs on ${o.trainN} images, ${o.testN} test images`);
  const result = await runTraining({
    rows: o.rows,
    trainN: o.trainN,
    testN: o.testN,
    epochs: o.epochs,
    batchSize: o.batchSize,
    evalBatch: o.evalBatch,
    lr: o.lr,
    ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
    ...(o.note === undefined ? {} : { note: o.note }),
    log,
  });
  if (o.json !== undefined) {
    writeFileAtomic(o.json, `${JSON.stringify(result, null, 1)}\n`);
    log(`wrote ${o.json}`);
  }
  const md = renderTrainingMarkdown(result);
  if (o.md !== undefined) {
    writeFileAtomic(o.md, md);
    log(`wrote ${o.md}`);
  }
  console.log(md.slice(0, md.indexOf('## Method')).trimEnd());
}

async function main(): Promise<void> {
  let o;
  try {
    o = parseCommand(process.argv.slice(2));
  } catch (e) {
    const usage = wantsTraining(process.argv) ? TRAINING_USAGE : USAGE;
    console.error(`${e instanceof Error ? e.message : String(e)}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (o.help) {
    console.log(o.group === 'training' ? TRAINING_USAGE : USAGE);
    return;
  }
  if (o.group === 'training') {
    await training(o);
    return;
  }
  log(`${o.ops.length} ops × ${o.sizes.length} sizes, implementations: ${o.impls.join(', ')}`);
  const result = await runBench({
    ops: o.ops,
    sizes: o.sizes,
    impls: o.impls,
    samples: o.samples,
    sampleMs: o.sampleMs,
    warmupMs: o.warmupMs,
    ...(o.note === undefined ? {} : { note: o.note }),
    log,
  });
  if (o.json !== undefined) {
    writeFileAtomic(o.json, `${JSON.stringify(result, null, 1)}\n`);
    log(`wrote ${o.json}`);
  }
  if (o.svg !== undefined) {
    writeFileAtomic(o.svg, await renderChartSvg(result));
    log(`wrote ${o.svg}`);
  }
  const chart = o.svg !== undefined && o.md !== undefined ? path.relative(path.dirname(path.resolve(o.md)), path.resolve(o.svg)) : undefined;
  const md = renderMarkdown(result, chart === undefined ? {} : { chart });
  if (o.md !== undefined) {
    writeFileAtomic(o.md, md);
    log(`wrote ${o.md}`);
  }
  // the summary (everything up to the per-row tables) on stdout
  console.log(md.slice(0, md.indexOf('## Method')).trimEnd());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
