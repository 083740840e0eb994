/**
 * The playground: pick an activation from @actkit/core's registry, see y and dy/dx over [-6, 6],
 * and run 2^22 elements of it through the @actkit/parallel browser pool.
 *
 * State for tests and curious users lands in `document.body.dataset`: `plotted` (activation
 * name), `isolated`, `poolMode`, `poolThreads`, `poolResult` (`ok` / `error`).
 */
import { activationNames, getOp } from '@actkit/core';
import { createPool, type Pool } from '@actkit/parallel';
import { curve, grid } from './curve.js';
import { playgroundParams } from './params.js';
import { plot } from './plot.js';
import { runBig } from './run.js';

const select = document.querySelector<HTMLSelectElement>('#activation') as HTMLSelectElement;
const canvas = document.querySelector<HTMLCanvasElement>('#plot') as HTMLCanvasElement;
const status = document.querySelector<HTMLElement>('#status') as HTMLElement;
const runButton = document.querySelector<HTMLButtonElement>('#run') as HTMLButtonElement;
const threadsSelect = document.querySelector<HTMLSelectElement>('#threads') as HTMLSelectElement;
const poolOut = document.querySelector<HTMLElement>('#pool') as HTMLElement;
const data = document.body.dataset;

const xs = grid(-6, 6, 601);

for (const name of activationNames()) {
  const op = getOp(name);
  const option = document.createElement('option');
  option.value = name;
  option.textContent = `${name} (torch.nn.${op.torchModule})`;
  select.append(option);
}
select.value = new URLSearchParams(location.search).get('activation') ?? 'gelu';

function draw(): void {
  const name = select.value;
  try {
    plot(canvas, curve(name, xs));
    status.textContent = `${name}: ${JSON.stringify(playgroundParams(name))} (PyTorch defaults otherwise), float64`;
    data['plotted'] = name;
  } catch (e) {
    status.textContent = `${name}: ${(e as Error).message}`;
    data['plotted'] = `error: ${name}`;
  }
}

data['isolated'] = String(globalThis.crossOriginIsolated === true);
select.addEventListener('change', draw);
draw();

// "default" is the pool's own choice: min(4, ceil(hardwareConcurrency / 2)), onnxruntime-web's
const cores = navigator.hardwareConcurrency || 1;
for (const t of ['default', ...Array.from({ length: Math.max(4, Math.min(8, cores)) }, (_, i) => String(i + 1))]) {
  const option = document.createElement('option');
  option.value = t;
  option.textContent = t === 'default' ? `default (${Math.min(4, Math.ceil(cores / 2))})` : t;
  threadsSelect.append(option);
}

let pool: Promise<Pool> | undefined;
threadsSelect.addEventListener('change', () => {
  // a new pool with the new size at the next run; the old one is destroyed
  void pool?.then((p) => p.destroy());
  pool = undefined;
});
runButton.addEventListener('click', async () => {
  runButton.disabled = true;
  poolOut.textContent = 'running…';
  try {
    const t = threadsSelect.value;
    pool ??= createPool(t === 'default' ? {} : { threads: Number(t) });
    const p = await pool;
    const r = await runBig(p, select.value, 1 << 22);
    poolOut.textContent =
      `${select.value} on 2^22 float32 elements: mode ${p.mode}, ${p.size} threads, ` +
      `pool ${r.poolMs.toFixed(1)} ms (${r.inputKind} input), inline ${r.inlineMs.toFixed(1)} ms, ` +
      `results ${r.identical ? 'identical' : 'DIFFERENT'} bit for bit` +
      (globalThis.crossOriginIsolated === true ? '' : '\n(page not cross-origin isolated: chunks are transferred, not shared)');
    data['poolMode'] = p.mode;
    data['poolThreads'] = String(p.size);
    data['poolResult'] = r.identical ? 'ok' : 'different';
  } catch (e) {
    poolOut.textContent = `error: ${(e as Error).message}`;
    data['poolResult'] = 'error';
  } finally {
    runButton.disabled = false;
  }
});
