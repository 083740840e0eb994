/**
 * The chart: throughput against n, one panel per op, one line per row, as SVG. Built as a
 * Vega-Lite spec, compiled to Vega and rendered headless (no DOM, no canvas).
 */
import type { BenchResult } from '../results.js';

interface Point {
  op: string;
  n: number;
  row: string;
  melems: number;
}

/** The chart's data: one point per (op, n, row) that ran, wrong rows labelled so. */
export function chartPoints(r: BenchResult): Point[] {
  const points: Point[] = [];
  for (const c of r.cases) {
    for (const row of c.rows) {
      if (row.throughput === undefined) continue;
      points.push({ op: c.op, n: c.n, row: row.wrong === true ? `${row.label} (WRONG)` : row.label, melems: row.throughput.median / 1e6 });
    }
  }
  return points;
}

/** The Vega-Lite spec of the chart. */
export function chartSpec(r: BenchResult): Record<string, unknown> {
  const ops = [...new Set(r.cases.map((c) => c.op))];
  const sizes = [...new Set(r.cases.map((c) => c.n))].sort((a, b) => a - b);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Throughput (Melem/s, median) against n', subtitle: `${r.meta.cpus} × ${r.meta.cpuModel}, Node ${r.meta.node}, shared machine` },
    data: { values: chartPoints(r) },
    facet: { field: 'op', type: 'nominal', sort: ops, title: null },
    columns: Math.min(4, ops.length),
    spec: {
      width: 220,
      height: 170,
      mark: { type: 'line', point: { size: 18 }, strokeWidth: 1.5 },
      encoding: {
        x: {
          field: 'n',
          type: 'quantitative',
          scale: { type: 'log', base: 2 },
          axis: { title: 'n (elements)', values: sizes, labelExpr: "'2^' + round(log(datum.value) / LN2)" },
        },
        y: { field: 'melems', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'Melem/s', tickCount: 5, format: '~s' } },
        color: {
          field: 'row',
          type: 'nominal',
          scale: { scheme: 'category20' },
          legend: { title: 'implementation (row)', orient: 'bottom', columns: 2, labelLimit: 420, symbolType: 'stroke' },
        },
        tooltip: [{ field: 'row' }, { field: 'n' }, { field: 'melems', format: '.3s' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'sans-serif' },
  };
}

/** Renders the chart to an SVG string. */
export async function renderChartSvg(r: BenchResult): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(chartSpec(r) as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
