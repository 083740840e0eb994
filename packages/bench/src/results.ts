/** The shape of a benchmark result: what the JSON report holds and the markdown is made from. */
import type { Accuracy } from './accuracy.js';
import type { Mode } from './impl/types.js';

/** Throughput over the samples of one row, in elements per second. */
export interface Throughput {
  median: number;
  min: number;
  max: number;
  /** Every sample, in the order taken. */
  samples: number[];
}

/** One row of one (op, n) case. */
export interface RowResult {
  id: string;
  impl: string;
  label: string;
  mode: Mode;
  threads: number;
  composite?: string;
  copiesOnly?: boolean;
  /** Why it did not run. */
  unavailable?: string;
  accuracy?: Accuracy;
  /** True when accuracy found elements outside PyTorch's float32 tolerance: never "best". */
  wrong?: boolean;
  /** Elements per second. Bytes per second = 8 × this (4 read + 4 written per element). */
  throughput?: Throughput;
  /** Passes per sample (median), to show how many runs each sample averaged. */
  passesPerSample?: number;
  /** Cold start (resource creation + first pass), ms, for rows that have one. */
  coldStartMs?: number;
}

/** One (op, n) case: every row, timed in the same interleaved run. */
export interface CaseResult {
  op: string;
  /** The size asked for. */
  n: number;
  /** The elements actually processed (softmax: whole rows of 1000). */
  elements: number;
  shape: number[];
  rows: RowResult[];
}

/** The machine and the run settings. */
export interface RunMeta {
  date: string;
  node: string;
  platform: string;
  cpuModel: string;
  cpus: number;
  totalMemGiB: number;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  samples: number;
  sampleMs: number;
  warmupMs: number;
  /** Free text: what else ran on the machine. */
  note?: string;
  libraries: Record<string, string>;
  seconds: number;
}

export interface BenchResult {
  meta: RunMeta;
  cases: CaseResult[];
}

/** Median, min and max of `values` (NaN when empty). */
export function summarize(values: readonly number[]): Throughput {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, samples: [] };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, min: s[0] as number, max: s[s.length - 1] as number, samples: [...values] };
}
