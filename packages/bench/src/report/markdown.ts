/** The markdown report: machine and method, the summary table, pool cold starts, then every row. */
import { TOLERANCE } from '../accuracy.js';
import { OPS } from '../ops.js';
import type { BenchResult, CaseResult, RowResult } from '../results.js';
import { cell, gbps, melem, sig3, sizeLabel, times, ulps } from './format.js';
import { summarizeCase, type Comparison } from './summary.js';

function who(r: RowResult | undefined): string {
  if (r === undefined) return '—';
  return `${r.label} (${melem(r.throughput!.median)})`;
}

function comparisonCells(c: Comparison): string[] {
  return [cell(who(c.peer)), cell(who(c.actkit)), times(c.ratio)];
}

function machine(r: BenchResult): string {
  const m = r.meta;
  const libs = Object.entries(m.libraries)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `- **Machine**: ${m.cpus} × ${m.cpuModel}, ${m.totalMemGiB} GiB, ${m.platform}; Node ${m.node}.`,
    `- **Load**: load average ${m.loadAverageStart.map((v) => v.toFixed(2)).join(' / ')} at the start, ${m.loadAverageEnd
      .map((v) => v.toFixed(2))
      .join(' / ')} at the end (1 / 5 / 15 min).${m.note === undefined ? '' : ` ${m.note}`}`,
    `- **Run**: ${m.date}, ${m.seconds} s; ${m.samples} samples per row, each ≥ ${m.sampleMs} ms after a ${m.warmupMs} ms warm-up.`,
    `- **Libraries**: ${libs}.`,
  ].join('\n');
}

const METHOD = `Each implementation runs in its own child process. For each (op, n) every process
prepares its rows one after another (warm-up included), then the samples of all rows are taken
round-robin, the starting row rotating each round, so a slow episode on this shared machine hits
every row alike. Each sample counts whole passes over the input for at least the sample time.
Throughput is elements per second (median, and min–max over the samples); GB/s counts 4 bytes
read and 4 written per element. Ratios are of medians from the same interleaved run, which is
why they, not absolute numbers, are what to quote.

Accuracy is checked on every row's output against a float64 evaluation of the formula on the same
float32 inputs (75 % in [−6, 6], 15 % in [−100, 100], 10 % in [−0.01, 0.01]): max ulp (over
results that are normal float32 numbers), max relative error (over |want| ≥ atol), and the count
of elements outside PyTorch's float32 \`assert_close\` tolerance (rtol ${TOLERANCE.rtol}, atol ${TOLERANCE.atol}).
A row with any element outside is marked **wrong** and is never "best".

Modes: *end-to-end* = Float32Array in, new Float32Array out, every conversion and allocation
included; *op-only* = data already in the library's format, output reused where the library
allows (TF.js allocates its output every time); *ceiling* = a copy of the same bytes, which an
elementwise map cannot beat.`;

function summaryTable(r: BenchResult): string {
  const head =
    '| op | n | best peer (Melem/s) | best actkit (Melem/s) | actkit ÷ peer | end-to-end ÷ | op-only ÷ | actkit ÷ copy ceiling | wrong rows |\n' +
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const lines = r.cases.map((c) => {
    const s = summarizeCase(c);
    return `| ${s.op} | ${sizeLabel(s.n)} | ${comparisonCells(s.overall).join(' | ')} | ${times(s.endToEnd.ratio)} | ${times(
      s.opOnly.ratio,
    )} | ${times(s.ofCeiling)} | ${s.wrong.length === 0 ? '' : s.wrong.join(', ')} |`;
  });
  return [head, ...lines].join('\n');
}

function coldStarts(r: BenchResult): string {
  const sizes = [...new Set(r.cases.map((c) => c.n))].sort((a, b) => a - b);
  const byOp = new Map<string, Map<number, number>>();
  let label = '';
  for (const c of r.cases) {
    for (const row of c.rows) {
      if (row.coldStartMs === undefined) continue;
      label = row.label;
      const m = byOp.get(c.op) ?? new Map<number, number>();
      m.set(c.n, row.coldStartMs);
      byOp.set(c.op, m);
    }
  }
  if (byOp.size === 0) return 'No row had a cold start to report (no worker pool ran).';
  const head = `| op | ${sizes.map(sizeLabel).join(' | ')} |\n| --- |${sizes.map(() => ' --- |').join('')}`;
  const lines = [...byOp].map(([op, m]) => `| ${op} | ${sizes.map((n) => (m.has(n) ? `${sig3(m.get(n)!)} ms` : '—')).join(' | ')} |`);
  return [`${label}: a new pool of 2 workers, created and run once on the case's input.`, '', head, ...lines].join('\n');
}

function notes(row: RowResult, samples: number): string {
  const parts: string[] = [];
  const taken = row.throughput?.samples.length;
  if (taken !== undefined && taken < samples) parts.push(`${taken} sample${taken > 1 ? 's' : ''} only (one pass takes long)`);
  if (row.unavailable !== undefined) parts.push(`not available: ${row.unavailable}`);
  if (row.wrong === true) {
    const f = row.accuracy!.firstOutside!;
    parts.push(`**wrong**: e.g. x = ${f.x} gives ${f.got}, want ${f.want}`);
  }
  if (row.composite !== undefined) parts.push(`composite: ${row.composite}`);
  return cell(parts.join('; '));
}

function rowLine(row: RowResult, samples: number): string {
  const t = row.throughput;
  const speed = t === undefined ? ['—', '—'] : [`${melem(t.median)} (${melem(t.min)}–${melem(t.max)})`, gbps(t.median)];
  const a = row.accuracy;
  const acc = a === undefined ? (row.copiesOnly ? ['copy', '', ''] : ['—', '—', '—']) : [ulps(a.maxUlp), sig3(a.maxRelErr), String(a.outside)];
  return `| ${cell(row.label)} | ${row.mode} | ${row.threads} | ${speed.join(' | ')} | ${acc.join(' | ')} | ${notes(row, samples)} |`;
}

function caseTable(c: CaseResult, samples: number): string {
  const order = [...c.rows].sort((a, b) => (b.throughput?.median ?? -1) - (a.throughput?.median ?? -1));
  const shape = c.shape.length > 1 ? `, shape [${c.shape.join(', ')}]` : '';
  return [
    `### ${c.op}, n = ${sizeLabel(c.n)} (${c.elements} elements${shape})`,
    '',
    '| row | mode | threads | Melem/s median (min–max) | GB/s | max ulp | max rel err | outside tol | notes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...order.map((row) => rowLine(row, samples)),
  ].join('\n');
}

/** Renders the whole report as markdown. `chart` is the SVG's path relative to the report, if any. */
export function renderMarkdown(r: BenchResult, options: { chart?: string } = {}): string {
  const formulas = OPS.filter((o) => r.cases.some((c) => c.op === o.id))
    .map((o) => `- **${o.id}**: ${o.formula}`)
    .join('\n');
  return [
    '# actkit benchmark',
    '',
    machine(r),
    '',
    '## Summary',
    '',
    'Best peer = the fastest row of another library or of the naive loop that is within tolerance; ' +
      'best actkit = the fastest actkit row (inline or pool). "end-to-end ÷" and "op-only ÷" compare like with like.',
    '',
    summaryTable(r),
    '',
    ...(options.chart === undefined ? [] : [`![throughput against n, one panel per op](${options.chart})`, '']),
    '## Worker pool cold start (create the pool + first pass), apart from the warm rows',
    '',
    coldStarts(r),
    '',
    '## Method',
    '',
    METHOD,
    '',
    '## Ops',
    '',
    formulas,
    '',
    '## Every row',
    '',
    ...r.cases.flatMap((c) => [caseTable(c, r.meta.samples), '']),
  ].join('\n');
}
