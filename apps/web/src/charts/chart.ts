/** A thin layer over uPlot: one function that makes a line chart from plain series definitions. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface Line {
  readonly label: string;
  readonly stroke: string;
  readonly dash?: number[];
  readonly width?: number;
  /** Show a point at every value (sparse series such as a per-epoch accuracy). */
  readonly points?: boolean;
  /** The y scale it is drawn on (default 'y'). */
  readonly scale?: string;
}

/** What a chart shows. */
export interface ChartSpec {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly lines: readonly Line[];
  readonly width?: number;
  readonly height?: number;
  /** Fixed range of the y scale (default: fit the data). */
  readonly yRange?: [number, number];
  readonly plugins?: uPlot.Plugin[];
}

/** Plain arrays for uPlot, with every non-finite value as a gap (null). */
export function column(values: ArrayLike<number>): Array<number | null> {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}

/** A uPlot line chart in `el` (emptied first) with x as a plain numeric axis. */
export function lineChart(el: HTMLElement, spec: ChartSpec, data: uPlot.AlignedData): uPlot {
  el.replaceChildren();
  const yRange = spec.yRange;
  const opts: uPlot.Options = {
    width: spec.width ?? 720,
    height: spec.height ?? 320,
    scales: {
      x: { time: false },
      y: yRange === undefined ? { auto: true } : { auto: false, range: yRange },
    },
    axes: [{ label: spec.xLabel }, { label: spec.yLabel }],
    series: [
      { label: spec.xLabel },
      ...spec.lines.map((l): uPlot.Series => ({
        label: l.label,
        stroke: l.stroke,
        width: l.width ?? 2,
        spanGaps: l.points === true,
        points: { show: l.points === true, size: 6 },
        ...(l.dash === undefined ? {} : { dash: l.dash }),
        ...(l.scale === undefined ? {} : { scale: l.scale }),
      })),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    plugins: spec.plugins ?? [],
  };
  return new uPlot(opts, data, el);
}
