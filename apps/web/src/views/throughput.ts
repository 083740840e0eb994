/**
 * The off-the-main-thread view: one activation over 2^24 float32 elements through the
 * @actkit/parallel pool while a frame-time meter shows the page stays responsive; on request,
 * the same job inline on the main thread, for contrast (the meter shows the long frame). It says
 * which backend (wasm/js) and which mode (shared/transfer) ran, and why.
 *
 * Exposes `window.__actkit.throughput`: the last pool and inline runs with their frame statistics.
 */
import { activate, activationNames, decideBackend, getOp, ready } from '@actkit/core';
import { createPool, type Pool } from '@actkit/parallel';
import type uPlot from 'uplot';
import { lineChart } from '../charts/chart.js';
import { FrameMeter, type FrameStats } from '../frameMeter.js';
import { playgroundParams } from '../params.js';
import { $, exposed, h } from '../state.js';

/** Elements in a run: 2^24. */
export const BIG = 1 << 24;

interface RunRecord {
  readonly name: string;
  readonly where: 'pool' | 'inline';
  readonly ms: number;
  readonly frames: FrameStats;
  readonly backend: string;
  readonly backendReason: string;
  readonly mode?: string;
  readonly threads?: number;
  readonly input?: string;
  readonly identical?: boolean;
}

/** Input and outputs of the big runs, kept while the pool lives. */
interface Buffers {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly kind: 'pool memory' | 'SharedArrayBuffer' | 'ordinary';
}

export function mountThroughput(root: HTMLElement): void {
  const opSelect = $<HTMLSelectElement>('#big-op', root);
  const threadsSelect = $<HTMLSelectElement>('#threads', root);
  const backendSelect = $<HTMLSelectElement>('#big-backend', root);
  const runButton = $<HTMLButtonElement>('#run', root);
  const inlineButton = $<HTMLButtonElement>('#run-inline', root);
  const meterText = $('#meter-now', root);
  const meterChart = $('#meter-chart', root);
  const out = $('#pool', root);
  const why = $('#why', root);
  const data = document.body.dataset;

  for (const name of activationNames()) if (!getOp(name).takesShape) opSelect.append(h('option', { value: name }, name));
  opSelect.value = 'gelu';
  const cores = navigator.hardwareConcurrency || 1;
  const byDefault = Math.min(4, Math.ceil(cores / 2));
  threadsSelect.append(h('option', { value: 'default' }, `default (${byDefault})`));
  for (let t = 1; t <= Math.max(4, Math.min(8, cores)); t++) threadsSelect.append(h('option', { value: String(t) }, String(t)));

  const meter = new FrameMeter(240);
  let chart: uPlot | undefined;
  let frameCount = 0;
  meter.onFrame((ms) => {
    frameCount++;
    if (frameCount % 6 !== 0) return;
    meterText.textContent = `${ms.toFixed(1)} ms/frame now, longest of the last ${meter.recent.length}: ${Math.max(...meter.recent).toFixed(0)} ms`;
    const ys = meter.recent;
    const xs = ys.map((_, i) => i - ys.length + 1);
    if (chart === undefined) {
      chart = lineChart(meterChart, {
        xLabel: 'frame (0 = now)', yLabel: 'ms', width: 720, height: 160,
        lines: [{ label: 'frame time', stroke: '#1565c0', width: 1.5 }],
      }, [xs, ys] as uPlot.AlignedData);
      chart.setScale('y', { min: 0, max: 100 });
    } else {
      chart.setData([xs, ys], false);
      chart.setScale('x', { min: xs[0] ?? -1, max: 0 });
      chart.setScale('y', { min: 0, max: Math.max(50, ...ys) });
    }
  });

  let pool: Promise<Pool> | undefined;
  let buffers: Buffers | undefined;
  const runs: RunRecord[] = [];
  const reset = (): void => {
    const old = pool;
    pool = undefined;
    buffers = undefined;
    void old?.then((p) => p.destroy());
  };
  threadsSelect.addEventListener('change', reset);
  backendSelect.addEventListener('change', reset);

  async function getPool(): Promise<Pool> {
    const t = threadsSelect.value;
    // inlineThreshold: the cost model keeps memory-bound ops (wasm relu) on the calling thread
    // at any size — right for speed, wrong for this demo, whose point is a free main thread
    pool ??= createPool({
      inlineThreshold: 1 << 16,
      backend: backendSelect.value as 'auto' | 'js',
      ...(t === 'default' ? {} : { threads: Number(t) }),
    });
    return pool;
  }

  /** The run's arrays, filled once per pool in slices of 2^20 with a yield between them (the meter stays smooth). */
  async function getBuffers(p: Pool): Promise<Buffers> {
    if (buffers !== undefined) return buffers;
    let b: Buffers;
    if (p.memory !== undefined) b = { x: p.alloc(BIG), y: p.alloc(BIG), kind: 'pool memory' };
    else if (p.mode === 'shared') b = { x: new Float32Array(new SharedArrayBuffer(BIG * 4)), y: new Float32Array(new SharedArrayBuffer(BIG * 4)), kind: 'SharedArrayBuffer' };
    else b = { x: new Float32Array(BIG), y: new Float32Array(BIG), kind: 'ordinary' };
    const slice = 1 << 20;
    for (let start = 0; start < BIG; start += slice) {
      for (let i = start; i < start + slice; i++) b.x[i] = ((i * 7919) % 12000) / 1000 - 6;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    buffers = b;
    return b;
  }

  function backendOf(name: string, requested: 'auto' | 'js'): { backend: string; reason: string } {
    const op = getOp(name);
    const params = op.resolve(playgroundParams(name), { fn: name, dtype: 'float32', shape: [BIG] });
    return decideBackend(name, op, 'float32', requested, params);
  }

  function modeReason(p: Pool): string {
    const c = p.capabilities;
    if (p.mode === 'shared') return 'shared: the page is cross-origin isolated (COOP/COEP) and a SharedArrayBuffer posted to a worker arrived shared, so workers read and write the data where it lies';
    if (p.mode === 'transfer') return `transfer: ${c.reason ?? 'shared memory is unavailable'}; each chunk is copied into its own buffer and moved to a worker and back`;
    return `inline: ${c.reason ?? 'no workers'}`;
  }

  function publish(r: RunRecord): void {
    runs.push(r);
    const pool = [...runs].reverse().find((x) => x.where === 'pool');
    const inline = [...runs].reverse().find((x) => x.where === 'inline');
    exposed.throughput = { pool, inline, runs };
    const line = (x: RunRecord): string =>
      `${x.where === 'pool' ? 'Pool  ' : 'Inline'}: ${x.name} on 2^24 float32 in ${x.ms.toFixed(0)} ms` +
      (x.where === 'pool' ? ` (${x.threads} thread${x.threads === 1 ? '' : 's'}, mode ${x.mode}, ${x.input} input)` : ' (main thread)') +
      ` on ${x.backend} — ${x.frames.frames} frames, longest ${x.frames.maxMs.toFixed(0)} ms, ${x.frames.longFrames} over 50 ms` +
      (x.identical === undefined ? '' : `; results ${x.identical ? 'identical' : 'DIFFERENT'} bit for bit to the pool's`);
    out.textContent = [pool, inline].filter((x): x is RunRecord => x !== undefined).map(line).join('\n');
  }

  async function run(where: 'pool' | 'inline'): Promise<void> {
    runButton.disabled = inlineButton.disabled = true;
    const name = opSelect.value;
    const options = playgroundParams(name);
    try {
      await ready();
      out.textContent = 'starting the pool and preparing 2^24 inputs…';
      const p = await getPool();
      const b = await getBuffers(p);
      const requested = backendSelect.value as 'auto' | 'js';
      // the pool loads wasm exactly when this thread's ready() did (backend 'auto'), so one decision holds for both
      const backend = backendOf(name, requested);
      why.textContent = `Backend ${backend.backend}: ${backend.reason}.\nMode ${modeReason(p)}.`;
      out.textContent = where === 'pool' ? 'running in the pool — the meter keeps moving…' : 'running inline — the page freezes until it is done…';
      if (where === 'pool') {
        const t0 = { ms: 0 };
        const { stats } = await meter.record('pool', async () => {
          const s = performance.now();
          await p.run(name, b.x, { ...options, out: b.y });
          t0.ms = performance.now() - s;
        });
        publish({ name, where, ms: t0.ms, frames: stats, backend: backend.backend, backendReason: backend.reason, mode: p.mode, threads: p.size, input: b.kind });
        data['poolMode'] = p.mode;
        data['poolThreads'] = String(p.size);
        data['poolResult'] = 'ok';
      } else {
        const inlineOut = new Float32Array(BIG);
        const t0 = { ms: 0 };
        const { stats } = await meter.record('inline', () => {
          const s = performance.now();
          activate(name, b.x, { ...options, out: inlineOut, ...(requested === 'js' ? { backend: 'js' } : {}) });
          t0.ms = performance.now() - s;
        });
        const ran = runs.some((r) => r.where === 'pool' && r.name === name);
        publish({ name, where, ms: t0.ms, frames: stats, backend: backend.backend, backendReason: backend.reason, ...(ran ? { identical: sameBits(b.y, inlineOut) } : {}) });
        data['inlineResult'] = 'ok';
      }
    } catch (e) {
      out.textContent = `error: ${(e as Error).message}`;
      data[where === 'pool' ? 'poolResult' : 'inlineResult'] = 'error';
    } finally {
      runButton.disabled = inlineButton.disabled = false;
    }
  }

  runButton.addEventListener('click', () => void run('pool'));
  inlineButton.addEventListener('click', () => void run('inline'));
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const v = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (u.length !== v.length) return false;
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  return true;
}
