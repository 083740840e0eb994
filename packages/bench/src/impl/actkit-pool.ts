/**
 * @actkit/parallel with 2 workers: input and output in SharedArrayBuffers (op only: the data is
 * already where the workers can see it), and an ordinary Float32Array in, new array out (end to
 * end: the pool's copies into and out of shared scratch included). A fresh pool per case, so its
 * cold start (create + first pass) is measured and reported apart from the warm passes.
 *
 * The pool keeps its default inline threshold (inputs below 2^14 elements run on the calling
 * thread): that is what a user gets.
 */
import type { Case, Implementation, Prepared, RowInfo } from './types.js';
import { reason } from './types.js';
import { actkitOptions } from './actkit-inline.js';

const SAB: RowInfo = { id: 'actkit-pool-sab', impl: 'actkit-pool', label: 'actkit pool, 2 workers, SAB in/out', mode: 'op-only', threads: 2 };
const PLAIN: RowInfo = { id: 'actkit-pool-plain', impl: 'actkit-pool', label: 'actkit pool, 2 workers, plain array in, new out', mode: 'end-to-end', threads: 2 };

/** The part of @actkit/parallel's pool the bench uses. */
interface PoolLike {
  run(name: string, x: Float32Array, options?: Record<string, unknown>): Promise<Float32Array>;
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
        return [SAB, PLAIN].map((r) => ({ ...r, unavailable: `@actkit/parallel did not load: ${reason(e)}` }));
      }
      const name = c.op.actkit.name;
      const options = actkitOptions(c);
      const xs = shared(c.x);
      const ys = new Float32Array(new SharedArrayBuffer(c.x.byteLength));
      const withOut = { ...options, out: ys };
      const x = c.x;
      let coldStartMs: number;
      try {
        const t0 = performance.now();
        const p = await mod.createPool({ threads });
        pool = p;
        await p.run(name, xs, withOut);
        coldStartMs = performance.now() - t0;
      } catch (e) {
        await release();
        return [SAB, PLAIN].map((r) => ({ ...r, unavailable: `@actkit/parallel ${name}: ${reason(e)}` }));
      }
      const p = pool;
      let last: Float32Array = new Float32Array(0);
      return [
        {
          ...SAB,
          async: true,
          coldStartMs,
          async run(): Promise<void> {
            await p.run(name, xs, withOut);
          },
          output: () => ys,
        },
        {
          ...PLAIN,
          async: true,
          async run(): Promise<void> {
            last = await p.run(name, x, options);
          },
          output: () => last,
        },
      ];
    },
    close: release,
  };
}

export const actkitPool = actkitPoolImplementation();
