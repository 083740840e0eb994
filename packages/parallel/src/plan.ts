/**
 * Chunking: how a job is cut into chunks that workers run independently, and (for transfer
 * mode) how one chunk is cut out of the caller's arrays into buffers of its own.
 *
 * Every chunk calls a core descriptor's range method on its range, and range methods are pure
 * functions of the inputs and the element index, so any plan gives the same bits as core's
 * whole-array run. The one reduction, PReLU's weight gradient, is summed by the caller in chunk
 * order (see {@link sumPartials}), so a given plan always gives the same bits.
 */
import type { AxisLayout, FloatArray } from '@actkit/core';
import type { AxisRange, ChannelRange, ChunkRange, ElementwiseRange } from './protocol.js';

/**
 * Smallest default chunk, in elements. Jobs reach the workers only from the inline threshold
 * (2^14 by default) up, so a job there still splits into several chunks and every worker gets one.
 */
export const MIN_CHUNK_ELEMENTS = 1 << 12;

/**
 * The default chunk size for `length` elements on `threads` workers: about four chunks per
 * worker (load balance on a shared machine, and abort latency of a quarter of the job's share),
 * never below {@link MIN_CHUNK_ELEMENTS}.
 */
export function defaultChunkElements(length: number, threads: number): number {
  return Math.max(MIN_CHUNK_ELEMENTS, Math.ceil(length / (Math.max(1, threads) * 4)));
}

/** Contiguous element ranges of at most `chunkElements` covering `[0, length)`. */
export function planElementwise(length: number, chunkElements: number): ElementwiseRange[] {
  const step = Math.max(1, Math.floor(chunkElements));
  const out: ElementwiseRange[] = [];
  for (let s = 0; s < length; s += step) out.push({ kind: 'elementwise', start: s, end: Math.min(length, s + step) });
  return out;
}

/** Like {@link planElementwise}, for PReLU (the channel comes from the global index). */
export function planChannel(length: number, chunkElements: number): ChannelRange[] {
  const step = Math.max(1, Math.floor(chunkElements));
  const out: ChannelRange[] = [];
  for (let s = 0; s < length; s += step) out.push({ kind: 'channel', start: s, end: Math.min(length, s + step) });
  return out;
}

/**
 * Whole slices along the axis: each chunk holds `max(1, floor(chunkElements / size))` slices of
 * the `outer * inner` slices of `layout`. With `wholeRows` (transfer mode) chunk boundaries fall
 * on multiples of `inner`, so each chunk is one contiguous block of memory in every array.
 */
export function planAxis(layout: AxisLayout, chunkElements: number, wholeRows = false): AxisRange[] {
  const slices = layout.outer * layout.inner;
  let step = Math.max(1, Math.floor(chunkElements / Math.max(1, layout.size)));
  if (wholeRows && layout.inner > 1) step = Math.max(1, Math.round(step / layout.inner)) * layout.inner;
  const out: AxisRange[] = [];
  for (let s = 0; s < slices; s += step) out.push({ kind: 'axis', layout, start: s, end: Math.min(slices, s + step) });
  return out;
}

/** An element window `[start, end)` of one of the caller's arrays. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * One chunk made self-contained for transfer mode: copy each global window of the caller's
 * arrays into a buffer of its own, post the job with `range` and `params` (which index those
 * local buffers), and on reply copy local `[outputWrite.start - output.start, ...)` back to the
 * global `outputWrite` window. PReLU backward: pass the reply's `dweight` through
 * {@link unrotateDweight} with `channelShift` before summing.
 */
export interface LocalChunk {
  /** The chunk's range in local indices. */
  readonly range: ChunkRange;
  /** Params for the local job (PReLU: weight rotated by `channelShift`). */
  readonly params: unknown;
  /** Global window of the forward input `x` / backward `dy` to copy in. */
  readonly input: Window;
  /** Global window of the backward `saved` array to copy in. */
  readonly saved: Window;
  /** Global window the local output buffer stands for (its length is the local output length). */
  readonly output: Window;
  /** Global window of the output this chunk writes: copy exactly this back. */
  readonly outputWrite: Window;
  /** PReLU: local channel c is global channel (c + channelShift) % C. 0 otherwise. */
  readonly channelShift: number;
}

/**
 * Cuts chunk `range` of a job out into local windows (transfer mode). `outputSize` is the
 * kernel's output length along the axis for axis kernels (`kernel.outputSize(layout.size)`);
 * `op` decides which arrays are shaped like the input and which like the output (GLU).
 * Axis ranges must come from `planAxis(layout, n, true)` (whole rows) when `inner > 1`.
 */
export function localizeChunk(
  range: ChunkRange,
  params: unknown,
  op: 'forward' | 'backward',
  outputSize?: number,
): LocalChunk {
  switch (range.kind) {
    case 'elementwise': {
      const w = { start: range.start, end: range.end };
      return {
        range: { kind: 'elementwise', start: 0, end: range.end - range.start },
        params,
        input: w,
        saved: w,
        output: w,
        outputWrite: w,
        channelShift: 0,
      };
    }
    case 'channel': {
      const p = params as { weight: FloatArray; inner: number };
      const C = p.weight.length;
      const w0 = range.start - (range.start % p.inner);
      const shift = C > 1 ? Math.floor(w0 / p.inner) % C : 0;
      const weight = shift === 0 ? p.weight : rotate(p.weight, shift);
      const w = { start: w0, end: range.end };
      return {
        range: { kind: 'channel', start: range.start - w0, end: range.end - w0 },
        params: shift === 0 ? params : { ...p, weight },
        input: w,
        saved: w,
        output: w,
        outputWrite: { start: range.start, end: range.end },
        channelShift: shift,
      };
    }
    case 'axis': {
      const { outer, size, inner } = range.layout;
      const osize = outputSize ?? size;
      if (inner > 1 && (range.start % inner !== 0 || (range.end % inner !== 0 && range.end !== outer * inner))) {
        throw new RangeError('localizeChunk: axis chunks must be whole rows when inner > 1 (planAxis(layout, n, true))');
      }
      const o0 = Math.floor(range.start / inner);
      const o1 = Math.ceil(range.end / inner);
      const inWin = inner === 1
        ? { start: range.start * size, end: range.end * size }
        : { start: o0 * size * inner, end: o1 * size * inner };
      const outWin = inner === 1
        ? { start: range.start * osize, end: range.end * osize }
        : { start: o0 * osize * inner, end: o1 * osize * inner };
      const local: AxisLayout = inner === 1
        ? { outer: range.end - range.start, size, inner: 1 }
        : { outer: o1 - o0, size, inner };
      const forward = op === 'forward';
      return {
        range: { kind: 'axis', layout: local, start: 0, end: local.outer * local.inner },
        params,
        // forward: x like the input, y like the output; backward: dy like the output, saved and dx like the input
        input: forward ? inWin : outWin,
        saved: inWin,
        output: forward ? outWin : inWin,
        outputWrite: forward ? outWin : inWin,
        channelShift: 0,
      };
    }
  }
}

function rotate(w: FloatArray, shift: number): FloatArray {
  const C = w.length;
  const r = w instanceof Float64Array ? new Float64Array(C) : new Float32Array(C);
  for (let c = 0; c < C; c++) r[c] = w[(c + shift) % C] as number;
  return r;
}

/** A local PReLU weight-gradient partial (see {@link LocalChunk.channelShift}) in global channel order. */
export function unrotateDweight(d: FloatArray, shift: number): FloatArray {
  if (shift === 0) return d;
  const C = d.length;
  const r = d instanceof Float64Array ? new Float64Array(C) : new Float32Array(C);
  for (let c = 0; c < C; c++) r[(c + shift) % C] = d[c] as number;
  return r;
}

/**
 * Sums PReLU weight-gradient partials into `into` (zeroed first) in chunk order: partial 0,
 * then 1, ... Each element is accumulated in the dtype of `into`, left to right, so the same plan
 * always gives the same bits whatever order the chunks finished in.
 */
export function sumPartials(into: FloatArray, partials: readonly (FloatArray | undefined)[]): FloatArray {
  into.fill(0);
  for (const p of partials) {
    if (p === undefined) continue;
    for (let c = 0; c < into.length; c++) into[c] = (into[c] as number) + (p[c] as number);
  }
  return into;
}
