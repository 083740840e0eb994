/** Messages between the bench runner and its child processes (one per implementation module). */
import type { RowInfo } from './impl/types.js';
import type { Sample } from './sampler.js';

/** Runner → child. */
export type ToChild =
  /** Prepare every row for (op, n), warm each up, write each output to `outDir/<row>.f32`. */
  | { readonly t: 'prepare'; readonly op: string; readonly n: number; readonly outDir: string; readonly warmupMs: number }
  /** Time one sample of `row`. */
  | { readonly t: 'sample'; readonly row: string; readonly minMs: number }
  /** Drop the rows of the current case. */
  | { readonly t: 'release' }
  /** Close everything and exit. */
  | { readonly t: 'exit' };

/** One row as the child prepared it. */
export interface PreparedRow extends RowInfo {
  /** Why the row cannot run, when it cannot. */
  readonly unavailable?: string;
  /** The file holding the row's float32 output (runnable rows). */
  readonly outputFile?: string;
  readonly coldStartMs?: number;
  /** Mean ms per pass during warm-up (runnable rows): sets how many samples a very slow row gets. */
  readonly perPassMs?: number;
}

/** Child → runner. */
export type FromChild =
  | { readonly t: 'ready' }
  | { readonly t: 'prepared'; readonly rows: readonly PreparedRow[] }
  | { readonly t: 'sample'; readonly sample: Sample }
  | { readonly t: 'released' }
  | { readonly t: 'error'; readonly message: string };

export function rowInfoOf(r: RowInfo): RowInfo {
  const { id, impl, label, mode, threads, composite, copiesOnly } = r;
  return {
    id,
    impl,
    label,
    mode,
    threads,
    ...(composite === undefined ? {} : { composite }),
    ...(copiesOnly === undefined ? {} : { copiesOnly }),
  };
}
