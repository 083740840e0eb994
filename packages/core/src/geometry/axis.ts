/**
 * The geometry of an op over whole slices along one axis (softmax family, GLU). The parameters
 * carry the input's {@link AxisLayout}; slice `s` in `[0, outer · inner)` is every element along
 * the axis at outer index floor(s / inner) and inner index s % inner. The output has
 * `outputSize(size)` elements along the axis (GLU: half).
 */
import type { Geometry, LocalChunk, OpDef, OpNames, ResolveContext, UnitRange } from '../op.js';
import { axisLayout, type AxisLayout } from '../internal/layout.js';
import type { Shape } from '../types.js';

/** Resolved parameters of an axis op: the axis and the input's layout along it. */
export interface AxisParams {
  /** The axis as given (negative counts from the end). */
  readonly dim: number;
  /** The input seen along `dim`. */
  readonly layout: AxisLayout;
}

/** `{ dim, layout }` for an input of `shape` along `dim`: a DimError when `dim` does not fit. */
export function axisParams(fn: string, shape: Shape, dim: number): AxisParams {
  return { dim, layout: axisLayout(fn, shape, dim) };
}

/**
 * The axis geometry; `outputSize(size)` is the output's length along the axis for an input of
 * `size` there (default: the same).
 */
export function alongAxis<P extends AxisParams>(outputSize: (size: number) => number = (size) => size): Geometry<P> {
  return {
    outputLength(p: P): number {
      const { outer, size, inner } = p.layout;
      return outer * outputSize(size) * inner;
    },
    units: (p: P): number => p.layout.outer * p.layout.inner,
    /**
     * Whole slices: `max(1, floor(chunkElements / size))` per chunk. `contiguous` rounds chunk
     * boundaries to multiples of `inner`, so each chunk is one block of memory in every array.
     */
    plan(p: P, _inputLength: number, chunkElements: number, contiguous: boolean): UnitRange[] {
      const { outer, size, inner } = p.layout;
      const slices = outer * inner;
      let step = Math.max(1, Math.floor(chunkElements / Math.max(1, size)));
      if (contiguous && inner > 1) step = Math.max(1, Math.round(step / inner)) * inner;
      const out: UnitRange[] = [];
      for (let s = 0; s < slices; s += step) out.push({ start: s, end: Math.min(slices, s + step) });
      return out;
    },
    localize(p: P, start: number, end: number): LocalChunk<P> {
      const { outer, size, inner } = p.layout;
      const osize = outputSize(size);
      if (inner > 1 && (start % inner !== 0 || (end % inner !== 0 && end !== outer * inner))) {
        throw new RangeError('localize: axis chunks must be whole rows when inner > 1 (plan with contiguous)');
      }
      // inner = 1: slices are contiguous rows; else whole outer rows [o0, o1)
      const o0 = inner === 1 ? start : Math.floor(start / inner);
      const o1 = inner === 1 ? end : Math.ceil(end / inner);
      const layout: AxisLayout = { outer: o1 - o0, size, inner };
      return {
        start: 0,
        end: layout.outer * inner,
        params: { ...p, layout },
        windows: {
          in: { start: o0 * size * inner, end: o1 * size * inner },
          out: { start: o0 * osize * inner, end: o1 * osize * inner },
        },
      };
    },
  };
}

/** The fields an axis op's file writes; {@link axisOp} fills in the rest. */
export interface AxisOpFields<P extends AxisParams, O> extends OpNames {
  readonly paramKeys: readonly string[];
  readonly saves: 'x' | 'y';
  /** Parameters for an input of `ctx.shape`, its layout along the axis included. */
  resolve(options: Readonly<Partial<O>>, ctx: ResolveContext): P;
  /** Length along the axis of the output for an input of `size` there (default: the same). */
  readonly outputSize?: (size: number) => number;
}

/** The definition of an axis op: takes `shape`, no reductions, the axis geometry. */
export function axisOp<P extends AxisParams, O = P>(fields: AxisOpFields<P, O>): OpDef<P, O, never> {
  const { outputSize, ...rest } = fields;
  return { ...rest, takesShape: true, backwardInputs: [], reductions: {}, geometry: alongAxis<P>(outputSize) };
}
