/**
 * The geometry of an op applied element by element: one unit per element, output shaped like
 * the input, chunks anywhere. An op whose result depends on an element's global index (RReLU's
 * training slopes, PReLU's channel) passes `shift`, which moves its parameters so that a chunk
 * cut out into buffers of its own computes what the whole call computes there.
 */
import type { Geometry, LocalChunk, OpDef, OpNames, ResolveContext, UnitRange } from '../op.js';
import type { DType } from '../types.js';

/** Contiguous ranges of at most `chunkElements` covering `[0, length)`. */
export function planRanges(length: number, chunkElements: number): UnitRange[] {
  const step = Math.max(1, Math.floor(chunkElements));
  const out: UnitRange[] = [];
  for (let s = 0; s < length; s += step) out.push({ start: s, end: Math.min(length, s + step) });
  return out;
}

/**
 * The elementwise geometry. `shift(p, by)` gives the parameters for buffers whose element 0 is
 * element `by` of the whole call (default: the parameters do not depend on the index).
 */
export function elementwise<P>(shift?: (p: P, by: number) => P): Geometry<P> {
  return {
    outputLength: (_p: P, inputLength: number): number => inputLength,
    units: (_p: P, inputLength: number): number => inputLength,
    plan: (_p: P, inputLength: number, chunkElements: number): UnitRange[] => planRanges(inputLength, chunkElements),
    localize(p: P, start: number, end: number): LocalChunk<P> {
      const w = { start, end };
      return { start: 0, end: end - start, params: shift === undefined || start === 0 ? p : shift(p, start), windows: { in: w, out: w } };
    },
  };
}

/** The fields an elementwise op's file writes; {@link elementwiseOp} fills in the rest. */
export interface ElementwiseOpFields<P, O> extends OpNames {
  readonly paramKeys: readonly string[];
  readonly saves: 'x' | 'y';
  /** Parameters with defaults filled in, validated, and rounded to float32 for float32 data. */
  resolve(options: Readonly<Partial<O>> | undefined, dtype: DType): P;
  /** See {@link elementwise}: parameters for buffers whose element 0 is element `by` of the call. */
  readonly shift?: (p: P, by: number) => P;
  /** Optional extra inputs of backward (RReLU: `['noise']`). */
  readonly backwardInputs?: readonly string[];
}

/** The definition of an elementwise op: no `shape`, no reductions, the elementwise geometry. */
export function elementwiseOp<P, O = P>(fields: ElementwiseOpFields<P, O>): OpDef<P, O, never> {
  const { resolve, shift, backwardInputs, ...names } = fields;
  return {
    ...names,
    takesShape: false,
    backwardInputs: backwardInputs ?? [],
    reductions: {},
    resolve: (options: Readonly<Partial<O>>, ctx: ResolveContext): P => resolve(options, ctx.dtype),
    geometry: elementwise(shift),
  };
}
