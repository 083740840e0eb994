/**
 * The activations view: any activation of @actkit/core's registry with its derivative on
 * x ∈ [−6, 6], sliders for its parameters, other activations overlaid to compare, the values at
 * x = −2, 0, 2 marked, and the vanishing region (|f′(x)| < 0.01) shaded.
 *
 * Exposes `window.__actkit.activations`: the plotted x, y, dy of every line, the options, the
 * marks and the shaded intervals (see `PlottedActivations`).
 */
import { activationNames, getOp } from '@actkit/core';
import type uPlot from 'uplot';
import { column, lineChart, type Line } from '../charts/chart.js';
import { markPoints, shadeX, type Mark } from '../charts/overlays.js';
import { curve, grid, vanishingRegions, type Curve } from '../curve.js';
import { initialValues, paramSpecs, playgroundParams, toOptions } from '../params.js';
import { $, exposed, h } from '../state.js';

/** x where the values are marked: the seed's example (ReLU → 0, 0, 2; Sigmoid → 0.1192, 0.5, 0.8808). */
export const MARKED_X = [-2, 0, 2] as const;
/** |f′(x)| below this counts as vanishing. */
export const VANISHING_EPS = 0.01;
const PALETTE = ['#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#5d4037', '#455a64'];

/** What the chart shows, as data (`window.__actkit.activations`). */
export interface PlottedActivations {
  readonly name: string;
  /** The parameters as set by the controls (PReLU's weight as a number). */
  readonly params: Record<string, number | string>;
  readonly x: number[];
  readonly y: number[];
  readonly dy: number[];
  readonly overlays: Array<{ name: string; y: number[]; dy: number[] }>;
  readonly marks: Array<{ x: number; y: number; dy: number }>;
  readonly vanishing: Array<[number, number]>;
  /** Increments at every redraw. */
  readonly revision: number;
}

const xs = grid(-6, 6, 601);

export function mountActivations(root: HTMLElement): void {
  const select = $<HTMLSelectElement>('#activation', root);
  const paramsBox = $('#act-params', root);
  const overlaysBox = $('#act-overlays', root);
  const shade = $<HTMLInputElement>('#act-shade', root);
  const chartEl = $('#act-chart', root);
  const table = $<HTMLTableSectionElement>('#act-values tbody', root);
  const status = $('#status', root);

  const names = activationNames();
  for (const name of names) {
    const op = getOp(name);
    select.append(h('option', { value: name }, `${name} (torch.nn.${op.torchModule})`));
    const id = `overlay-${name}`;
    overlaysBox.append(h('label', { class: 'check' }, h('input', { type: 'checkbox', id, value: name }), ` ${name}`));
  }
  const wanted = new URLSearchParams(location.search).get('activation');
  select.value = wanted !== null && names.includes(wanted as never) ? wanted : 'gelu';

  let values: Record<string, number | string> = {};
  let chart: uPlot | undefined;
  let regions: Array<[number, number]> = [];
  let marks: Mark[] = [];
  let revision = 0;

  function buildControls(): void {
    const name = select.value;
    values = initialValues(name);
    paramsBox.replaceChildren();
    const specs = paramSpecs(name);
    if (specs.length === 0) paramsBox.append(h('span', { class: 'muted' }, 'No parameter to tune (PyTorch defaults).'));
    for (const spec of specs) {
      const id = `param-${spec.key}`;
      if (spec.kind === 'range') {
        const out = h('output', { for: id }, String(spec.initial));
        const input = h('input', {
          type: 'range', id, min: String(spec.min), max: String(spec.max), step: String(spec.step),
          value: String(spec.initial), 'aria-valuetext': String(spec.initial),
        });
        input.addEventListener('input', () => {
          values[spec.key] = Number(input.value);
          out.textContent = input.value;
          input.setAttribute('aria-valuetext', input.value);
          draw();
        });
        paramsBox.append(h('label', { class: 'param' }, `${spec.label} `, input, ' ', out));
      } else {
        const sel = h('select', { id });
        for (const c of spec.choices) sel.append(h('option', { value: c }, c));
        sel.value = spec.initial;
        sel.addEventListener('change', () => {
          values[spec.key] = sel.value;
          draw();
        });
        paramsBox.append(h('label', { class: 'param' }, `${spec.label} `, sel));
      }
    }
  }

  function overlayNames(): string[] {
    return [...overlaysBox.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value).filter((n) => n !== select.value);
  }

  function draw(): void {
    const name = select.value;
    let main: Curve;
    try {
      main = curve(name, xs, toOptions(name, values));
    } catch (e) {
      status.textContent = `${name}: ${(e as Error).message}`;
      document.body.dataset['plotted'] = `error: ${name}`;
      return;
    }
    const others = overlayNames().map((n) => ({ name: n, c: curve(n, xs, playgroundParams(n)) }));
    regions = shade.checked ? vanishingRegions(main, VANISHING_EPS) : [];
    const at = MARKED_X.map((x) => nearest(xs, x));
    marks = at.map((i) => ({ x: xs[i] as number, y: main.y[i] as number, label: fmt(main.y[i] as number) }));

    const lines: Line[] = [
      { label: `${name}(x)`, stroke: '#1565c0' },
      { label: `${name}′(x)`, stroke: '#c62828', dash: [6, 4] },
    ];
    const data: Array<Array<number | null>> = [column(xs), column(main.y), column(main.dy)];
    others.forEach((o, k) => {
      const color = PALETTE[k % PALETTE.length] as string;
      lines.push({ label: `${o.name}(x)`, stroke: color, width: 1.5 }, { label: `${o.name}′(x)`, stroke: color, width: 1, dash: [3, 3] });
      data.push(column(o.c.y), column(o.c.dy));
    });
    chart?.destroy();
    chart = lineChart(chartEl, {
      xLabel: 'x', yLabel: 'f(x), f′(x)', lines,
      width: Math.min(760, chartEl.clientWidth || 760),
      plugins: [shadeX(() => regions), markPoints(() => marks)],
    }, data as uPlot.AlignedData);

    table.replaceChildren(...at.map((i) => h('tr', {},
      h('td', {}, String(xs[i])), h('td', {}, fmt(main.y[i] as number)), h('td', {}, fmt(main.dy[i] as number)))));
    const op = getOp(name);
    const axis = op.takesShape ? ' — an axis op: the whole grid is one vector' : '';
    status.textContent = `${name} (torch.nn.${op.torchModule}) with ${JSON.stringify(values)}${axis}; float64. ` +
      (regions.length > 0 ? `Shaded: |f′(x)| < ${VANISHING_EPS} on ${regions.map(([a, b]) => `[${a.toFixed(2)}, ${b.toFixed(2)}]`).join(', ')}.` : 'No vanishing region on [−6, 6].');

    revision++;
    const plotted: PlottedActivations = {
      name, params: { ...values }, x: Array.from(xs), y: Array.from(main.y), dy: Array.from(main.dy),
      overlays: others.map((o) => ({ name: o.name, y: Array.from(o.c.y), dy: Array.from(o.c.dy) })),
      marks: at.map((i) => ({ x: xs[i] as number, y: main.y[i] as number, dy: main.dy[i] as number })),
      vanishing: regions, revision,
    };
    exposed.activations = plotted;
    chartEl.dataset['plotted'] = name;
    chartEl.dataset['revision'] = String(revision);
    document.body.dataset['plotted'] = name;
  }

  select.addEventListener('change', () => {
    buildControls();
    draw();
  });
  overlaysBox.addEventListener('change', draw);
  shade.addEventListener('change', draw);
  buildControls();
  draw();
}

function nearest(xs: Float64Array, x: number): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs((xs[i] as number) - x) < Math.abs((xs[best] as number) - x)) best = i;
  return best;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}
