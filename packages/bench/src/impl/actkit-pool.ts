/**
 * @actkit/parallel with 2 workers, one pool per case (its cold start, create + first pass, is
 * reported apart from the warm passes), each call on the backend its row names:
 *
 * - js, input and output in SharedArrayBuffers (op only: the data is already where the workers
 *   can see it), and an ordinary Float32Array in, new array out (end to end: the pool's copies
 *   into and out of shared memory included);
 * - wasm, input and output in the pool's own memory (`pool.alloc`; op only, and no copies at all:
 *   the workers' kernels run where the data lies), and an ordinary Float32Array in, new array out
 *   (end to end). Ops without a wasm kernel (for these parameters) have no wasm rows.
 *
 * The pool keeps its cost model (small inputs run on the calling thread): that is what a user gets.
 */
import type { Case, Implementation, Prepared, RowInfo, Runnable } from './types.js';
import { reason } from './types.js';
import { actkitOptions } from './actkit-inline.js';

const SAB: RowInfo = { id: 'actkit-pool-sab', impl: 'actkit-pool', label: 'actkit pool, 2 workers, SAB in/out', mode: 'op-only', threads: 2 };
const PLAIN: RowInfo = { id: 'actkit-pool-plain', impl: 'actkit-pool', label: 'actkit pool, 2 workers, plain array in, new out', mode: 'end-to-end', threads: 2 };
const WASM_MEMORY: RowInfo = { id: 'actkit-wasm-pool-memory', impl: 'actkit-pool', label: 'actkit wasm pool, 2 workers, pool memory in/out', mode: 'op-only', threads: 2 };
const WASM_PLAIN: RowInfo = { id: 'actkit-wasm-pool-plain', impl: 'actkit-pool', label: 'actkit wasm pool, 2 workers, plain array in, new out', mode: 'end-to-end', threads: 2 };
const ROWS = [SAB, PLAIN, WASM_MEMORY, WASM_PLAIN];

/** The part of @actkit/parallel's pool the bench uses. */
interface PoolLike {
  run(name: string, x: Float32Array, options?: Record<string, unknown>): Promise<Float32Array>;
  alloc(length: number): Float32Array;
  readonly memory: object | undefined;
  destroy(): Promise<void>;
}
interface ParallelModule {
  createPool(options?: { threads?: number }): Promise<PoolLike>;
}

/** A Float32Array over a new SharedArrayBuffer holding a copy of `x`. */
function shared(x: Float32Array): Float32Array {
  const s = new Float32Array(new SharedArrayBuffer(x.byteLength));
  s.set(x);
  return s;
}

/** An op-only row (`out` reused) and an end-to-end row (new array) over `p`. */
function rows(p: PoolLike, name: string, opOnly: RowInfo, endToEnd: RowInfo, x: Float32Array, xIn: Float32Array, yIn: Float32Array, options: object): Runnable[] {
  const withOut = { ...options, out: yIn };
  let last: Float32Array = new Float32Array(0);
  return [
    { ...opOnly, async: true, run: async () => void (await p.run(name, xIn, withOut)), output: () => yIn },
    { ...endToEnd, async: true, run: async () => void (last = await p.run(name, x, options as Record<string, unknown>)), output: () => last },
  ];
}

export function actkitPoolImplementation(threads = 2): Implementation {
  let parallel: Promise<ParallelModule> | undefined;
  let pool: PoolLike | undefined;
  const release = async (): Promise<void> => {
    await pool?.destroy();
    pool = undefined;
  };
  return {
    id: 'actkit-pool',
    async prepare(c: Case): Promise<Prepared[]> {
      await release();
      let mod: ParallelModule;
      try {
        // a variable specifier keeps the bundler from inlining the package
        const name = '@actkit/parallel';
        parallel ??= import(name) as Promise<ParallelModule>;
        mod = await parallel;
      } catch (e) {
        return ROWS.map((r) => ({ ...r, unavailable: `@actkit/parallel did not load: ${reason(e)}` }));
      }
      const name = c.op.actkit.name;
      const js = actkitOptions(c);
      const wasm = { ...js, backend: 'wasm' };
      const x = c.x;
      const xs = shared(x);
      const ys = new Float32Array(new SharedArrayBuffer(x.byteLength));
      let coldStartMs: number;
      try {
        const t0 = performance.now();
        const p = await mod.createPool({ threads });
        pool = p;
        await p.run(name, xs, { ...js, out: ys });
        coldStartMs = performance.now() - t0;
      } catch (e) {
        await release();
        return ROWS.map((r) => ({ ...r, unavailable: `@actkit/parallel ${name}: ${reason(e)}` }));
      }
      const p = pool;
      const [sab, plain] = rows(p, name, SAB, PLAIN, x, xs, ys, js);
      const out: Prepared[] = [{ ...(sab as Runnable), coldStartMs }, plain as Runnable];
      if (p.memory === undefined) return [...out, ...[WASM_MEMORY, WASM_PLAIN].map((r) => ({ ...r, unavailable: 'this pool has no wasm memory' }))];
      // the pool's memory (freed with the pool): the input copied there once, before timing
      const xm = p.alloc(x.length);
      xm.set(x);
      const ym = p.alloc(x.length);
      try {
        await p.run(name, xm, { ...wasm, out: ym }); // also a warm-up pass
      } catch (e) {
        const why = `@actkit/core has no wasm kernel for ${name} with these parameters: ${reason(e)}`;
        return [...out, ...[WASM_MEMORY, WASM_PLAIN].map((r) => ({ ...r, unavailable: why }))];
      }
      return [...out, ...rows(p, name, WASM_MEMORY, WASM_PLAIN, x, xm, ym, wasm)];
    },
    close: release,
  };
}

export const actkitPool = actkitPoolImplementation();
