/**
 * Float32 data in an attached memory (attachWasmMemory, a pool's shared WebAssembly.Memory) runs
 * where it lies, on the instance on that memory: every wasm op gives the same bits as the same
 * values in ordinary arrays (which go through the module's own blocks), forward and backward,
 * out of place and in place; views made before and after the memory grows are both recognised;
 * arrays from two places (one resident, one not) still give the right answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs } from '../scripts/ulpSweep.mjs';
import { activate, activateBackward, attachWasmMemory, getOp, ready, WASM_RESERVED_BYTES, wasmMemoryOf, wasmMemoryView } from '../src/index.js';
import { BLOCK } from '../src/backends/wasm/blocks.js';
import { WASM_OPS } from '../src/backends/wasm/kernels.js';
import { sharedImport } from '../src/backends/wasm/sharedImport.js';
import { wasmBytes } from '../src/backends/wasm/binary.js';
import { expectSameBits } from './support/torchReference.js';

const PAGE = 65536;
const N = 3 * BLOCK + 5; // more than a block, and a tail
const X = sweepInputs().subarray(0, N);
const DY = Float32Array.from({ length: N }, (_, i) => ((i % 23) - 11) / 7);

/** Elementwise ops with wasm kernels (the softmax family is below), with parameters that select them. */
const PARAMS: Record<string, Record<string, unknown>> = { gelu: { approximate: 'tanh' }, softplus: { beta: 2, threshold: 10 }, threshold: { threshold: 0.5, value: -2 } };
const ELEMENTWISE = Object.keys(WASM_OPS).filter((n) => !getOp(n).takesShape);

let memory: WebAssembly.Memory;
let next = WASM_RESERVED_BYTES;
/** A fresh view of n floats in `memory`, after the ones before (grows the memory as needed). */
function alloc(n: number, init?: Float32Array): Float32Array {
  const end = next + n * 4;
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  const v = wasmMemoryView(memory, next, n);
  next = Math.ceil(end / 64) * 64;
  if (init) v.set(init);
  return v;
}

describe('wasm on an attached shared memory', () => {
  beforeAll(async () => {
    await ready();
    memory = new WebAssembly.Memory({ initial: 2, maximum: 4096, shared: true });
    expect(await attachWasmMemory(memory)).toBe(true);
  });

  it('declares the memory import shared, and changes nothing else', () => {
    const bytes = wasmBytes();
    const shared = sharedImport(bytes);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(shared));
    expect(imports).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(shared.length - bytes.length).toBe(3); // flags 0 → 3, plus the maximum (65536 pages: 3 bytes)
    // the module as built refuses a shared memory; the rewritten one takes it
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })).toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(shared), { env: { memory } })).not.toThrow();
  });

  it("keeps the module's own data (its active data segments) below the reserved bytes", () => {
    const bytes = wasmBytes();
    const leb = (at: number): [number, number] => {
      let v = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[at++] as number;
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      return [v, at];
    };
    let end = 0;
    let segments = 0;
    for (let at = 8; at < bytes.length; ) {
      const id = bytes[at] as number;
      const [size, body] = leb(at + 1);
      if (id === 11) {
        let [count, p] = leb(body);
        for (; count > 0; count--, segments++) {
          expect(bytes[p]).toBe(0); // active, memory 0, i32.const offset
          expect(bytes[p + 1]).toBe(0x41);
          const [offset, q] = leb(p + 2); // the offsets are small and positive: plain LEB reads them
          expect(bytes[q]).toBe(0x0b);
          const [length, data] = leb(q + 1);
          end = Math.max(end, offset + length);
          p = data + length;
        }
      }
      at = body + size;
    }
    expect(segments).toBeGreaterThan(0);
    expect(end).toBeLessThanOrEqual(WASM_RESERVED_BYTES);
  });

  it('recognises its views, and only them', () => {
    const v = alloc(8);
    expect(wasmMemoryOf(v)).toBe(memory);
    expect(wasmMemoryOf(new Float32Array(8))).toBeUndefined();
    expect(wasmMemoryOf(new Float32Array(new SharedArrayBuffer(32)))).toBeUndefined();
  });

  it.each(ELEMENTWISE)('%s: resident forward and backward give the bits of ordinary arrays', (name) => {
    const p = { ...PARAMS[name], backend: 'wasm' as const };
    const want = activate(name, X, p);
    const x = alloc(N, X);
    const y = alloc(N);
    activate(name, x, { ...p, out: y });
    expectSameBits(y, want);
    const saved = getOp(name).saves === 'y' ? (want as Float32Array) : X;
    const wantDx = activateBackward(name, DY, saved, p);
    const dy = alloc(N, DY);
    const s = alloc(N, saved);
    const dx = alloc(N);
    activateBackward(name, dy, s, { ...p, out: dx });
    expectSameBits(dx, wantDx as Float32Array);
    // in place: x becomes y
    activate(name, x, { ...p, out: x });
    expectSameBits(x, want);
  });

  it.each([
    ['softmax', [40, 300], -1],
    ['logSoftmax', [40, 300], 1],
    ['softmin', [3, 300, 7], 1], // strided slices: gathered through the blocks
    ['softmax', [2, BLOCK + 3], -1], // rows longer than a block: chunk passes
  ] as const)('%s %j dim %i: resident rows give the bits of ordinary arrays', (name, shape, dim) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 20);
    const p = { shape: [...shape], dim, backend: 'wasm' as const };
    const want = activate(name, xs, p);
    const x = alloc(n, xs);
    const y = alloc(n);
    activate(name, x, { ...p, out: y });
    expectSameBits(y, want);
    const dys = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11));
    const wantDx = activateBackward(name, dys, want, p) as Float32Array;
    const dy = alloc(n, dys);
    activateBackward(name, dy, y, { ...p, out: dy }); // in place into dy
    expectSameBits(dy, wantDx);
  });

  it('keeps recognising views made before the memory grew, and makes new ones on the new buffer', () => {
    const before = alloc(1000, X.subarray(0, 1000));
    const oldBuffer = before.buffer;
    const pages = memory.buffer.byteLength / PAGE;
    const after = alloc(40 * PAGE / 4, X.subarray(0, 40 * PAGE / 4)); // forces growth
    expect(memory.buffer.byteLength / PAGE).toBeGreaterThan(pages);
    expect(after.buffer).not.toBe(oldBuffer);
    expect(wasmMemoryOf(before)).toBe(memory);
    expect(wasmMemoryOf(after)).toBe(memory);
    const want = activate('sigmoid', X.subarray(0, 1000), { backend: 'wasm' });
    // x in the old buffer, out in the new one: both resident, one call
    const out = after.subarray(0, 1000);
    activate('sigmoid', before, { out, backend: 'wasm' });
    expectSameBits(out, want);
  });

  it('runs calls that mix resident and ordinary arrays through the blocks, with the same bits', () => {
    const x = alloc(N, X);
    const want = activate('tanh', X, { backend: 'wasm' });
    expectSameBits(activate('tanh', x, { backend: 'wasm' }), want); // new ordinary output
    const y = alloc(N);
    activate('tanh', Float32Array.from(X), { out: y, backend: 'wasm' });
    expectSameBits(y, want);
  });

  it('attaches an unshared memory too', async () => {
    const own = new WebAssembly.Memory({ initial: 4 });
    expect(await attachWasmMemory(own)).toBe(true);
    expect(await attachWasmMemory(own)).toBe(true);
    const x = wasmMemoryView(own, WASM_RESERVED_BYTES, 1000);
    x.set(X.subarray(0, 1000));
    expect(wasmMemoryOf(x)).toBe(own);
    activate('silu', x, { out: x, backend: 'wasm' });
    expectSameBits(x, activate('silu', X.subarray(0, 1000), { backend: 'wasm' }));
  });
});
