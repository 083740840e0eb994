/** The training group's markdown report: machine and load, the table, the ratios, every epoch. */
import { cell, times } from '../report/format.js';
import type { Throughput } from '../results.js';
import { ACCURACY_GAP, FULL_DATA_ACCURACY, summarizeTraining, type TrainingComparison } from './summary.js';
import type { TrainingResult, TrainingRow } from './types.js';

/** A count per second, whole, with thousands separators: `19,234`. */
export const perSecond = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : String(v));
/** Bytes as MiB, whole. */
export const mib = (b: number): string => `${Math.round(b / 2 ** 20)}`;
const range = (t: Throughput | undefined): string => (t === undefined ? '—' : `${perSecond(t.median)} (${perSecond(t.min)}–${perSecond(t.max)})`);
const acc = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(4));

function machine(r: TrainingResult): string {
  const m = r.meta;
  const s = r.setup;
  const libs = Object.entries(m.libraries)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `- **Machine**: ${m.cpus} × ${m.cpuModel}, ${m.totalMemGiB} GiB, ${m.platform}; Node ${m.node}.`,
    `- **Load**: load average ${m.loadAverageStart.map((v) => v.toFixed(2)).join(' / ')} at the start, ${m.loadAverageEnd
      .map((v) => v.toFixed(2))
      .join(' / ')} at the end (1 / 5 / 15 min).${m.note === undefined ? '' : ` ${m.note}`}`,
    `- **Run**: ${m.date}, ${m.seconds} s; ${s.epochs} epoch${s.epochs === 1 ? '' : 's'} per row, interleaved.`,
    `- **Setup**: MLP ${s.layers.join('-')} (ReLU), batch ${s.batchSize}, Adam lr ${s.lr}, softmax cross-entropy, float32; ` +
      `${s.trainN.toLocaleString('en-US')} training images in file order every epoch (no shuffling), ` +
      `${s.testN.toLocaleString('en-US')} test images evaluated in batches of ${s.evalBatch}.`,
    `- **Libraries**: ${libs}.`,
  ].join('\n');
}

function notes(row: TrainingRow, epochs: number): string {
  const parts: string[] = [];
  if (row.unavailable !== undefined) parts.push(`${row.epochs.length === 0 ? 'did not run' : 'stopped'}: ${row.unavailable}`);
  if (row.flagged !== undefined) parts.push(`**flagged**: ${row.flagged}`);
  if (row.epochs.length > 0 && row.epochs.length < epochs) parts.push(`${row.epochs.length} of ${epochs} epochs`);
  return cell(parts.join('; '));
}

function rowLine(row: TrainingRow, epochs: number): string {
  const m = row.memory;
  const first = row.train?.samples[0];
  return `| ${cell(row.label)} | ${range(row.train)} | ${first === undefined ? '—' : perSecond(first)} | ${range(row.infer)} | ${acc(
    row.accuracyFirst,
  )} → ${acc(row.accuracyLast)} | ${m === undefined ? '—' : mib(m.maxRss)} | ${m === undefined ? '—' : mib(m.rssAfterData)} | ${
    m === undefined ? '—' : `${mib(m.heapUsed)} / ${mib(m.external)}`
  } | ${notes(row, epochs)} |`;
}

/** The main table, fastest training row first. */
export function trainingTable(r: TrainingResult): string {
  const order = [...r.rows].sort((a, b) => (b.train?.median ?? -1) - (a.train?.median ?? -1));
  return [
    '| row | training samples/s, median (min–max) | epoch 1 samples/s | inference samples/s, median (min–max) | test accuracy, epoch 1 → last | peak RSS (MiB) | RSS after data (MiB) | heap / external at end (MiB) | notes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...order.map((row) => rowLine(row, r.setup.epochs)),
  ].join('\n');
}

function who(c: TrainingComparison, m: 'train' | 'infer', side: 'actkit' | 'tfjs'): string {
  const row = c[side];
  return row === undefined ? '—' : `${row.label} (${perSecond(row[m]!.median)})`;
}

/** Best actkit ÷ best TF.js, training and inference, then each actkit row. */
export function ratioTable(r: TrainingResult): string {
  const s = summarizeTraining(r.rows);
  const lines = [
    '| measure | best actkit row (samples/s) | best TF.js row (samples/s) | actkit ÷ TF.js |',
    '| --- | --- | --- | --- |',
    `| training, one epoch | ${cell(who(s.train, 'train', 'actkit'))} | ${cell(who(s.train, 'train', 'tfjs'))} | ${times(s.train.ratio)} |`,
    `| inference (evaluate) | ${cell(who(s.infer, 'infer', 'actkit'))} | ${cell(who(s.infer, 'infer', 'tfjs'))} | ${times(s.infer.ratio)} |`,
  ];
  const each = s.perRow.map((p) => `- ${p.id}: training ${times(p.train)}, inference ${times(p.infer)} the best TF.js row.`);
  return [...lines, ...(each.length === 0 ? [] : ['', ...each])].join('\n');
}

function epochTable(r: TrainingResult): string {
  const lines = r.rows.flatMap((row) =>
    row.epochs.map(
      (e) =>
        `| ${row.id} | ${e.epoch} | ${(e.trainMs / 1000).toFixed(2)} | ${perSecond((r.setup.trainN * 1000) / e.trainMs)} | ${e.trainLoss.toFixed(4)} | ${(
          e.evalMs / 1000
        ).toFixed(3)} | ${perSecond((r.setup.testN * 1000) / e.evalMs)} | ${e.testLoss.toFixed(4)} | ${e.testAccuracy.toFixed(4)} |`,
    ),
  );
  return [
    '| row | epoch | training s | samples/s | training loss | evaluation s | samples/s | test loss | test accuracy |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
}

const METHOD = `Each row (a library on one backend) runs in its own child process, which loads the library,
then the same Fashion-MNIST files (\`loadFashionMnist\` from \`@actkit/models/node\`: pixels / 255
in float32), then builds the model. Loading is not timed. Then epoch e of every row is run in
turn, the starting row rotating each round, so only one row computes at a time and a slow
episode on this shared machine falls on every row alike. Each row's model keeps training from
epoch to epoch; every epoch is one measurement (the first includes the JIT's warm-up and the
first allocations: it is shown apart, and is in the median).

- **Training samples/s** = training images ÷ the wall time of the library's one-epoch call
  (\`fit\` / \`model.fit\`), every step included: batching, forward, loss, backward, Adam.
- **Inference samples/s** = test images ÷ the wall time of the library's evaluation call
  (\`evaluate\` / \`model.evaluate\`): forward in eval mode, loss and accuracy, batch as stated.
- **Memory**: peak RSS is the process's \`maxRSS\`, i.e. the library, its copy of the data (the
  Float32Arrays alone are 210 MiB on the full set) and training; "RSS after data" is before
  any model or tensor existed, so the difference is what the library's model, tensors and
  training took. Heap and external (ArrayBuffers and WebAssembly memories) are at the end.
- **Accuracy** on the test images after the first and the last epoch. A row is **flagged** (never
  "best") when its first-epoch accuracy is more than ${ACCURACY_GAP} below the best row's, or, on the full
  data, outside [${FULL_DATA_ACCURACY[0]}, ${FULL_DATA_ACCURACY[1]}].
- Initialisation differs (actkit: PyTorch's kaiming-uniform; TF.js: glorot-uniform); the data,
  its order, the batch, the optimizer and the loss are the same. TF.js's last layer is a softmax
  with \`categoricalCrossentropy\` on one-hot labels (its idiom); actkit's is the logits with
  \`CrossEntropyLoss\` on class indices (PyTorch's). Both are softmax cross-entropy.`;

/** Renders the whole training report as markdown. */
export function renderTrainingMarkdown(r: TrainingResult): string {
  const methods = r.rows.filter((row) => row.method !== '').map((row) => `- **${row.id}**: ${row.method}`);
  const details = r.rows
    .filter((row) => row.details !== undefined && Object.keys(row.details).length > 0)
    .map((row) => `- **${row.id}**: ${Object.entries(row.details!).map(([k, v]) => `${k} ${String(v)}`).join('; ')}`);
  return [
    '# actkit benchmark: training',
    '',
    machine(r),
    '',
    '## Summary',
    '',
    ratioTable(r),
    '',
    trainingTable(r),
    '',
    '## Method',
    '',
    METHOD,
    '',
    '## What each row calls',
    '',
    ...methods,
    ...(details.length === 0 ? [] : ['', ...details]),
    '',
    '## Every epoch',
    '',
    epochTable(r),
    '',
  ].join('\n');
}
