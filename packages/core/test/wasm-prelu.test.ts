/**
 * PReLU forward on wasm (wasm/prelu.ts through src/backends/wasm/prelu.ts): y = x > 0 ? x : w[c]·x
 * equals the js backend bit for bit, with one weight or one per channel (inner = 1, short and
 * long channel runs, runs longer than a memory block, more channels than a block holds), on the
 * ulp sweep's inputs and the specials, for any [start, end) of elements and any chunk offset,
 * and on arrays in an attached memory. Backward runs the js implementation: the same bits as js,
 * dweight included. Every float32 PyTorch reference case passes through wasm.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs } from '../scripts/ulpSweep.mjs';
import {
  activate,
  activateBackward,
  attachWasmMemory,
  decideBackend,
  getOp,
  preluJs,
  preluOp,
  ready,
  WASM_RESERVED_BYTES,
  wasmMemoryView,
  type PreluParams,
} from '../src/index.js';
import { wasmBytes } from '../src/backends/wasm/binary.js';
import { BLOCK, PAGES } from '../src/backends/wasm/blocks.js';
import { wasmPreluKernels } from '../src/backends/wasm/prelu.js';
import type { KernelImpl } from '../src/op.js';
import { expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';
import { paramsOf } from './support/ranges.js';

const FLT_MAX = 3.4028234663852886e38;
const SPECIALS = new Float32Array([0, -0, Infinity, -Infinity, NaN, FLT_MAX, -FLT_MAX, 1e-45, -1e-45, 1.1754943508222875e-38, -1.5, 2, -1e30, 1e30]);
const SWEEP = sweepInputs();
const X = new Float32Array([...SPECIALS, ...SWEEP]);
/** Single weights: torch's default, negative, zero (0·−∞ = NaN), one that overflows w·x, and the non-finite ones. */
const WEIGHTS = [0.25, -0.3, 0, 1e30, -1.5, Infinity, -Infinity, NaN];

/** Forward of wasm against js, bit for bit; with `backward`, backward (js's implementation) too, dweight included. */
function expectJsBits(x: Float32Array, options: Record<string, unknown>, backward = true): void {
  expectSameBits(activate('prelu', x, { ...options, backend: 'wasm' }), activate('prelu', x, { ...options, backend: 'js' }));
  if (!backward) return;
  const dy = Float32Array.from(x, (_, i) => ((i % 17) - 8) / 3);
  const C = typeof options['weight'] === 'number' || options['weight'] === undefined ? 1 : (options['weight'] as ArrayLike<number>).length;
  const dwWasm = new Float32Array(C);
  const dwJs = new Float32Array(C);
  expectSameBits(activateBackward('prelu', dy, x, { ...options, dweight: dwWasm, backend: 'wasm' }), activateBackward('prelu', dy, x, { ...options, dweight: dwJs, backend: 'js' }));
  expectSameBits(dwWasm, dwJs);
}

/** C weights of both signs, zero among them. */
const weights = (C: number): Float32Array => Float32Array.from({ length: C }, (_, c) => (c % 5 === 4 ? 0 : Math.sin(c * 1.3 + 0.2) * 2));

/** Input shapes with C channels on axis 1: inner 1, short runs, long runs, runs longer than a block. */
const CHANNEL_SHAPES: number[][] = [
  [300, 2],
  [300, 3],
  [100, 64],
  [3, 1000],
  [40, 5, 3],
  [20, 7, 7],
  [4, 16, 64],
  [2, 3, BLOCK + 3],
  [2, 3, 4, 5, 6],
  [1, BLOCK + 7], // more weights than a block holds: js, the same bits
];

describe('wasm prelu', () => {
  beforeAll(async () => {
    expect((await ready()).ops).toContain('prelu');
  });

  it('auto takes wasm for float32 (one weight or several), js for float64', () => {
    const want = { backend: 'wasm', reason: 'float32 data, wasm ready with a kernel for this op' };
    expect(decideBackend('prelu', getOp('prelu'), 'float32', 'auto')).toEqual(want);
    const p = paramsOf(preluOp, 'forward', [new Float32Array(12)], { weight: [1, 2, 3], shape: [4, 3] });
    expect(decideBackend('prelu', getOp('prelu'), 'float32', 'auto', p)).toEqual(want);
    expect(decideBackend('prelu', getOp('prelu'), 'float64', 'auto').backend).toBe('js');
  });

  it.each(WEIGHTS)('one weight %d: the js bits on the specials, the ulp sweep and lengths across blocks', (w) => {
    for (const x of [SPECIALS, X, X.subarray(3, 3 + 2 * BLOCK + 7)]) {
      expectJsBits(x, { weight: w }, x !== X);
      expectJsBits(x, { weight: [w] }, x !== X);
    }
    // the default weight (0.25)
    expectJsBits(X.subarray(0, 5000), {});
  });

  it.each(CHANNEL_SHAPES.map((s) => [s] as [number[]]))('channels on axis 1 of %j: the js bits', (shape) => {
    const n = shape.reduce((p, q) => p * q, 1);
    const x = X.subarray(100, 100 + n);
    expectJsBits(x, { weight: weights(shape[1] as number), shape });
    // non-finite weights among them
    const w = weights(shape[1] as number);
    w[0] = -Infinity;
    if (w.length > 2) w[2] = NaN;
    expectJsBits(x, { weight: w, shape });
  });

  it('any [start, end) and any chunk offset give the whole call\'s bits and write nothing else', () => {
    // a separate instance, so the impl can be called on ranges directly
    const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes()), { env: { memory } });
    const impl = wasmPreluKernels(instance.exports, memory)['prelu'] as KernelImpl<PreluParams>;
    const SENTINEL = -12345;
    for (const shape of [[5000], [700, 3], [40, 6, 7], [3, 5, 100], [2, 3, BLOCK + 3]]) {
      const n = shape.reduce((p, q) => p * q, 1);
      const x = X.subarray(7, 7 + n);
      const options = shape.length === 1 ? { weight: -0.75 } : { weight: weights(shape[1] as number), shape };
      const p = paramsOf(preluOp, 'forward', [x], options);
      const whole = activate('prelu', x, { ...options, backend: 'js' }) as Float32Array;
      for (const step of [1, 3, 5, 64, 1000, BLOCK + 1]) {
        const y = new Float32Array(n).fill(SENTINEL);
        for (let s = 0, k = 0; s < n; s += step, k++) if (k % 2 === 0) impl.forward({ x, y }, s, Math.min(n, s + step), p);
        let wrong = 0;
        for (let i = 0; i < n; i++) wrong += Math.floor(i / step) % 2 === 0 ? (Object.is(y[i], whole[i]) ? 0 : 1) : y[i] === SENTINEL ? 0 : 1;
        expect(wrong, `[${shape}] step ${step}`).toBe(0);
        // a chunk on buffers of its own: element 0 is element `by` of the input (params.offset)
        const by = Math.min(n - 1, step * 3 + 1);
        const local = new Float32Array(n - by);
        impl.forward({ x: x.subarray(by), y: local }, 0, n - by, { ...p, offset: by });
        expectSameBits(local, whole.subarray(by));
      }
    }
  });

  it('backward is the js implementation: dx and dweight as js on ranges', () => {
    const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes()), { env: { memory } });
    const impl = wasmPreluKernels(instance.exports, memory)['prelu'] as KernelImpl<PreluParams>;
    const shape = [30, 4, 9];
    const x = X.subarray(0, 1080);
    const options = { weight: weights(4), shape };
    const p = paramsOf(preluOp, 'backward', [x, x], options);
    const dy = Float32Array.from(x, (_, i) => Math.cos(i));
    const dx = new Float32Array(1080);
    const dweight = new Float32Array(4);
    impl.backward({ dy, x, dx, dweight }, 100, 700, p);
    const dxJs = new Float32Array(1080);
    const dweightJs = new Float32Array(4);
    preluJs.backward({ dy, x, dx: dxJs, dweight: dweightJs }, 100, 700, p);
    expectSameBits(dx, dxJs);
    expectSameBits(dweight, dweightJs);
  });

  it('arrays in an attached memory run where they lie, with the bits of ordinary arrays', async () => {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 64 });
    expect(await attachWasmMemory(memory)).toBe(true);
    let at = WASM_RESERVED_BYTES;
    const view = (m: number, init?: Float32Array): Float32Array => {
      const v = wasmMemoryView(memory, at, m);
      at += Math.ceil((m * 4) / 64) * 64;
      if (init) v.set(init);
      return v;
    };
    for (const [shape, weight] of [[[3 * BLOCK + 5], 0.25], [[4, 16, 64], weights(16)], [[300, 3], weights(3)], [[6, 5, 7], weights(5)]] as [number[], number | Float32Array][]) {
      const n = shape.reduce((p, q) => p * q, 1);
      const options = { weight, shape, backend: 'wasm' } as const;
      const xs = X.subarray(11, 11 + n);
      const want = activate('prelu', xs, { ...options, backend: 'js' });
      const x = view(n, xs);
      const y = view(n);
      activate('prelu', x, { ...options, out: y });
      expectSameBits(y, want);
      activate('prelu', x, { ...options, out: x }); // in place
      expectSameBits(x, want);
    }
  });

  it('every float32 reference case passes through wasm', () => {
    const cases = torchCases('PReLU').filter((c) => c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const opts = { ...c.params, shape: c.shape, backend: 'wasm' } as Record<string, unknown>;
      expectMatchesTorch(activate('prelu', c.x, opts), c, 'y');
      const dweight = new Float32Array((c.params['weight'] as Float32Array).length);
      expectMatchesTorch(activateBackward('prelu', c.g, c.x, { ...opts, dweight }), c, 'dx');
      expectMatchesTorch(dweight, c, 'dweight');
    }
  });
});
