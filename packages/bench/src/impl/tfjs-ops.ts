/**
 * The ops as a TensorFlow.js user writes them, shared by the CPU and WASM backends. TF.js has no
 * GELU, SiLU, Mish or Hardswish op: those rows compose them from its kernels, inside `tf.tidy`,
 * as a user would, and are marked composite.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Case, Implementation, Prepared, RowInfo } from './types.js';
import { reason } from './types.js';

type Tf = typeof TF;
type Tensor = TF.Tensor;

/** How to compute one op with TF.js; `composite` says how when TF.js has no such op. */
interface TfOp {
  readonly build: (tf: Tf) => (t: Tensor) => Tensor;
  readonly composite?: string;
}

const K = Math.sqrt(2 / Math.PI);

/** Every op TF.js can express, by op id. */
export const TF_OPS: Readonly<Record<string, TfOp>> = {
  relu: { build: (tf) => (t) => tf.relu(t) },
  // TF.js's default alpha is 0.2; PyTorch's is 0.01
  leakyRelu: { build: (tf) => (t) => tf.leakyRelu(t, 0.01) },
  hardtanh: { build: (tf) => (t) => tf.clipByValue(t, -1, 1) },
  elu: { build: (tf) => (t) => tf.elu(t) },
  sigmoid: { build: (tf) => (t) => tf.sigmoid(t) },
  tanh: { build: (tf) => (t) => tf.tanh(t) },
  gelu: {
    composite: 'x·0.5·(1 + erf(x·√½)): mul, erf, add, mul',
    build: (tf) => (t) => tf.tidy(() => tf.mul(tf.mul(t, 0.5), tf.add(1, tf.erf(tf.mul(t, Math.SQRT1_2))))),
  },
  'gelu-tanh': {
    composite: 'x·0.5·(1 + tanh(√(2/π)·(x + 0.044715·x·x·x))): 7 kernels',
    build: (tf) => (t) =>
      tf.tidy(() => {
        const inner = tf.mul(K, tf.add(t, tf.mul(0.044715, tf.mul(t, tf.mul(t, t)))));
        return tf.mul(tf.mul(t, 0.5), tf.add(1, tf.tanh(inner)));
      }),
  },
  silu: { composite: 'x·sigmoid(x)', build: (tf) => (t) => tf.tidy(() => tf.mul(t, tf.sigmoid(t))) },
  softplus: { build: (tf) => (t) => tf.softplus(t) },
  mish: { composite: 'x·tanh(softplus(x))', build: (tf) => (t) => tf.tidy(() => tf.mul(t, tf.tanh(tf.softplus(t)))) },
  hardswish: {
    composite: 'x·relu6(x + 3)/6',
    build: (tf) => (t) => tf.tidy(() => tf.div(tf.mul(t, tf.relu6(tf.add(t, 3))), 6)),
  },
  // tf.softmax works along the last axis, here the row of 1000
  softmax: { build: (tf) => (t) => tf.softmax(t) },
};

/**
 * The two rows of one TF.js backend: end to end (`tf.tensor(x)` → op → `dataSync()` → dispose)
 * and op only (input tensor made once; each pass runs the op and disposes the previous result;
 * TF.js cannot write into a caller's buffer, so the output is allocated by the backend).
 */
export function tfjsImplementation(id: string, name: string, init: () => Promise<Tf>): Implementation {
  const e2eInfo: RowInfo = { id: `${id}-e2e`, impl: id, label: `${name}, tensor → op → dataSync`, mode: 'end-to-end', threads: 1 };
  const opInfo: RowInfo = { id: `${id}-op`, impl: id, label: `${name}, op on a tensor`, mode: 'op-only', threads: 1 };
  let tfPromise: Promise<Tf> | undefined;
  let held: Tensor[] = [];
  return {
    id,
    async prepare(c: Case): Promise<Prepared[]> {
      for (const t of held) t.dispose();
      held = [];
      let tf: Tf;
      try {
        tfPromise ??= init();
        tf = await tfPromise;
      } catch (e) {
        return [e2eInfo, opInfo].map((r) => ({ ...r, unavailable: `${name} did not start: ${reason(e)}` }));
      }
      const spec = TF_OPS[c.op.id];
      if (spec === undefined) return [e2eInfo, opInfo].map((r) => ({ ...r, unavailable: `TF.js has no ${c.op.id}` }));
      const f = spec.build(tf);
      const composite = spec.composite === undefined ? {} : { composite: spec.composite };
      const shape = [...c.shape];
      const x = c.x;
      try {
        tf.tidy(() => f(tf.tensor(x.subarray(0, shape.length === 1 ? 4 : x.length), shape.length === 1 ? [4] : shape)));
      } catch (e) {
        return [e2eInfo, opInfo].map((r) => ({ ...r, ...composite, unavailable: `${name}: ${reason(e)}` }));
      }
      let last: Float32Array = new Float32Array(0);
      const input = tf.tensor(x, shape, 'float32');
      let y: Tensor | undefined;
      held = [input];
      return [
        {
          ...e2eInfo,
          ...composite,
          async: false,
          run(): void {
            const t = tf.tensor(x, shape, 'float32');
            const r = f(t);
            last = r.dataSync() as Float32Array;
            t.dispose();
            r.dispose();
          },
          output: () => last,
        },
        {
          ...opInfo,
          ...composite,
          async: false,
          run(): void {
            const r = f(input);
            y?.dispose();
            y = r;
          },
          output: () => (y === undefined ? new Float32Array(0) : (y.dataSync() as Float32Array)),
          dispose(): void {
            y?.dispose();
            y = undefined;
          },
        },
      ];
    },
  };
}
