/**
 * How one array is cut into chunks that each run on their own and together give the bits of one
 * whole call. The plan reads the op's definition (its parameters and geometry), never its name:
 *
 * - an axis op (a `dim` parameter: softmax family, GLU) runs on whole outer blocks of
 *   `size · inner` elements, each chunk as shape `[k, size, inner]` along dim 1;
 * - a per-channel op (takes `shape`, no `dim`: PReLU) runs on whole channel runs of `inner`
 *   elements, each chunk as shape `[1, runs, inner]` with its runs' weights, or inside one run
 *   with that run's single weight;
 * - an elementwise op runs on any range; one with an `offset` parameter (RReLU's slopes) gets the
 *   chunk's start added to it.
 */
import { checkKeys, getOp, type AxisLayout, type DType, type OpDef } from '@actkit/core';
import { CliError, EXIT } from '../cli/errors.js';
import { elementCount } from '../formats/npy.js';

/** One chunk: element ranges of the input and of the output, in the flat C-order data. */
export interface Chunk {
  readonly index: number;
  readonly inStart: number;
  readonly inEnd: number;
  readonly outStart: number;
  readonly outEnd: number;
}

export interface ChunkPlan {
  readonly opName: string;
  readonly inLength: number;
  readonly outLength: number;
  /** The output's C-order shape (GLU halves `dim`). */
  readonly outShape: readonly number[];
  readonly chunks: readonly Chunk[];
  /** Largest chunk, in input and output elements. */
  readonly maxIn: number;
  readonly maxOut: number;
  /** Set when a single unit of work (one slice group along the axis) is larger than the chunk budget. */
  readonly oversize?: string;
  /** The options of the op call for chunk `c` (parameters, the chunk's shape and dim, offset, weights). */
  optionsFor(c: Chunk): Record<string, unknown>;
}

type Params = Record<string, unknown>;

/** Checks the parameter names and values against the op for an input of `shape`: core's own errors. */
function resolveParams(op: OpDef, params: Params, dtype: DType, shape: readonly number[]): unknown {
  checkKeys(op.name, params, op.paramKeys);
  return op.resolve(params as never, { fn: op.name, dtype, shape: [...shape] });
}

/** Consecutive ranges of at most `step` over `[0, n)`. */
function ranges(n: number, step: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < n; s += step) out.push([s, Math.min(n, s + step)]);
  return out;
}

/**
 * Plans `name` over an array of C-order `shape` and `dtype` in chunks of about `budget` input
 * elements. Throws core's errors for an unknown activation or a bad parameter, before any work.
 */
export function planChunks(name: string, shape: readonly number[], dtype: DType, params: Params, budget: number): ChunkPlan {
  const op = getOp(name);
  const n = elementCount(shape);
  const resolved = resolveParams(op, params, dtype, shape);
  const chunks: Chunk[] = [];
  const push = (inStart: number, inEnd: number, outStart: number, outEnd: number): void => {
    chunks.push({ index: chunks.length, inStart, inEnd, outStart, outEnd });
  };

  if (op.paramKeys.includes('dim')) {
    const { outer, size, inner } = (resolved as { layout: AxisLayout }).layout;
    const outLength = op.geometry.outputLength(resolved as never, n);
    const block = size * inner;
    const outBlock = outer === 0 ? 0 : outLength / outer;
    const per = Math.max(1, Math.floor(budget / Math.max(1, block)));
    for (const [o0, o1] of ranges(outer, per)) push(o0 * block, o1 * block, o0 * outBlock, o1 * outBlock);
    const ndim = Math.max(1, shape.length);
    const rawDim = typeof params['dim'] === 'number' ? (params['dim'] as number) : -1;
    const d = rawDim < 0 ? rawDim + ndim : rawDim;
    const outShape = [...shape];
    if (shape.length > 0 && block > 0) outShape[d] = outBlock / inner;
    const oversize =
      block > budget
        ? `${op.name} along dim ${rawDim} needs whole slices: each of the ${outer} block(s) of ${block} elements ` +
          `(the dims from ${d} on) is read at once${outer === 1 ? ', i.e. the whole array' : ''}`
        : undefined;
    return {
      opName: op.name,
      inLength: n,
      outLength,
      outShape,
      chunks,
      maxIn: Math.min(n, per * block),
      maxOut: Math.min(outLength, per * outBlock),
      ...(oversize ? { oversize } : {}),
      optionsFor: (c) => ({ ...params, shape: [(c.inEnd - c.inStart) / Math.max(1, block), size, inner], dim: 1 }),
    };
  }

  if (op.takesShape) {
    // per channel along axis 1: element i uses weight[floor(i / inner) % C]
    const weight = (resolved as { weight: ArrayLike<number> }).weight;
    const C = weight.length;
    const inner = elementCount(shape.slice(2));
    if (C <= 1 || inner === 0) {
      for (const [s, e] of ranges(n, budget)) push(s, e, s, e);
      return plain(op.name, n, shape, chunks, budget, (c) => ({ ...params, shape: [c.inEnd - c.inStart] }));
    }
    if (inner <= budget) {
      const runs = Math.floor(budget / inner);
      for (const [r0, r1] of ranges(n / inner, runs)) push(r0 * inner, r1 * inner, r0 * inner, r1 * inner);
    } else {
      for (const [r0] of ranges(n / inner, 1)) for (const [s, e] of ranges(inner, budget)) push(r0 * inner + s, r0 * inner + e, r0 * inner + s, r0 * inner + e);
    }
    return plain(op.name, n, shape, chunks, budget, (c) => {
      const r0 = Math.floor(c.inStart / inner);
      const len = c.inEnd - c.inStart;
      if (len < inner || c.inStart % inner !== 0) return { ...params, weight: [weight[r0 % C] as number], shape: [len] };
      const m = len / inner;
      const w: number[] = new Array(m);
      for (let j = 0; j < m; j++) w[j] = weight[(r0 + j) % C] as number;
      return { ...params, weight: w, shape: [1, m, inner] };
    });
  }

  for (const [s, e] of ranges(n, budget)) push(s, e, s, e);
  const shifted = op.paramKeys.includes('offset');
  const base = typeof params['offset'] === 'number' ? (params['offset'] as number) : 0;
  return plain(op.name, n, shape, chunks, budget, shifted ? (c) => ({ ...params, offset: base + c.inStart }) : () => params);
}

function plain(opName: string, n: number, shape: readonly number[], chunks: Chunk[], budget: number, optionsFor: ChunkPlan['optionsFor']): ChunkPlan {
  const max = Math.min(n, budget);
  return { opName, inLength: n, outLength: n, outShape: [...shape], chunks, maxIn: max, maxOut: max, optionsFor };
}

/** A `CliError` (usage) for a `--shape` whose product is not the element count. */
export function checkShapeFits(shape: readonly number[], n: number, path: string): void {
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0) || elementCount(shape) !== n) {
    throw new CliError(`${path}: --shape [${shape.join(', ')}] holds ${elementCount(shape)} elements but the data has ${n}`, EXIT.failed);
  }
}
