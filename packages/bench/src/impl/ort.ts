/**
 * onnxruntime-node, CPU execution provider, one single-node ONNX graph per op (built in code),
 * with 1 and 2 intra-op threads. End to end: wrap x in a Tensor, run, read the output ORT
 * allocates. Op only: the same with a pre-allocated output tensor passed in `fetches`.
 */
import type * as Ort from 'onnxruntime-node';
import { encodeSingleNodeModel, type SingleNodeModel } from './onnx-model.js';
import type { Case, Implementation, Prepared, RowInfo } from './types.js';
import { reason } from './types.js';

/** The ONNX node of each op, by op id. Opsets: the first with the op and its attributes. */
export const ONNX_OPS: Readonly<Record<string, Omit<SingleNodeModel, 'dims'>>> = {
  relu: { opType: 'Relu', opset: 18 },
  leakyRelu: { opType: 'LeakyRelu', opset: 18, attributes: [{ name: 'alpha', float: 0.01 }] },
  // Clip-6 takes its bounds as attributes (from opset 11 they are inputs)
  hardtanh: { opType: 'Clip', opset: 6, attributes: [{ name: 'min', float: -1 }, { name: 'max', float: 1 }] },
  elu: { opType: 'Elu', opset: 18, attributes: [{ name: 'alpha', float: 1 }] },
  sigmoid: { opType: 'Sigmoid', opset: 18 },
  tanh: { opType: 'Tanh', opset: 18 },
  gelu: { opType: 'Gelu', opset: 20, attributes: [{ name: 'approximate', string: 'none' }] },
  'gelu-tanh': { opType: 'Gelu', opset: 20, attributes: [{ name: 'approximate', string: 'tanh' }] },
  silu: { opType: 'Swish', opset: 24 },
  // ONNX Softplus is log(exp(x) + 1), with no threshold
  softplus: { opType: 'Softplus', opset: 18 },
  mish: { opType: 'Mish', opset: 18 },
  hardswish: { opType: 'HardSwish', opset: 18 },
  softmax: { opType: 'Softmax', opset: 18, attributes: [{ name: 'axis', int: -1 }] },
};

type OrtModule = typeof Ort;

function infos(threads: number): [RowInfo, RowInfo] {
  const name = `onnxruntime-node, ${threads} thread${threads > 1 ? 's' : ''}`;
  return [
    { id: `ort-${threads}t-e2e`, impl: 'ort', label: `${name}, new output`, mode: 'end-to-end', threads },
    { id: `ort-${threads}t-op`, impl: 'ort', label: `${name}, output pre-allocated`, mode: 'op-only', threads },
  ];
}

/** Creates the ORT rows for `threadCounts` (default 1 and 2). */
export function ortImplementation(threadCounts: readonly number[] = [1, 2]): Implementation {
  let ortPromise: Promise<OrtModule> | undefined;
  let sessions: Ort.InferenceSession[] = [];
  const release = async (): Promise<void> => {
    for (const s of sessions) await s.release();
    sessions = [];
  };
  return {
    id: 'ort',
    async prepare(c: Case): Promise<Prepared[]> {
      await release();
      const all = threadCounts.flatMap(infos);
      let ort: OrtModule;
      try {
        ortPromise ??= import('onnxruntime-node').then((m) => (('default' in m ? m.default : m) as OrtModule));
        ort = await ortPromise;
      } catch (e) {
        return all.map((r) => ({ ...r, unavailable: `onnxruntime-node did not load: ${reason(e)}` }));
      }
      const node = ONNX_OPS[c.op.id];
      if (node === undefined) return all.map((r) => ({ ...r, unavailable: `no ONNX operator for ${c.op.id}` }));
      const dims = c.shape.map((_, i) => `d${i}`);
      const model = encodeSingleNodeModel({ ...node, dims });
      const shape = [...c.shape];
      const x = c.x;
      const rows: Prepared[] = [];
      for (const threads of threadCounts) {
        const [e2eInfo, opInfo] = infos(threads);
        let session: Ort.InferenceSession;
        try {
          session = await ort.InferenceSession.create(model, {
            executionProviders: ['cpu'],
            intraOpNumThreads: threads,
            interOpNumThreads: 1,
            executionMode: 'sequential',
            graphOptimizationLevel: 'all',
            logSeverityLevel: 3,
          });
        } catch (e) {
          rows.push({ ...e2eInfo, unavailable: reason(e) }, { ...opInfo, unavailable: reason(e) });
          continue;
        }
        sessions.push(session);
        let last: Float32Array = new Float32Array(0);
        const feeds = { x: new ort.Tensor('float32', x, shape) };
        const out = new Float32Array(x.length);
        const fetches = { y: new ort.Tensor('float32', out, shape) };
        rows.push(
          {
            ...e2eInfo,
            async: true,
            async run(): Promise<void> {
              const r = await session.run({ x: new ort.Tensor('float32', x, shape) });
              last = r.y!.data as Float32Array;
            },
            output: () => last,
          },
          {
            ...opInfo,
            async: true,
            async run(): Promise<void> {
              await session.run(feeds, fetches);
            },
            output: () => out,
          },
        );
      }
      return rows;
    },
    close: release,
  };
}

export const ortCpu = ortImplementation();
