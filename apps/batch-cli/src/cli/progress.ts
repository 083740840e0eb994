/**
 * Progress of an `apply` run: a bar with throughput and ETA on a TTY (cli-progress), plain
 * periodic lines otherwise, nothing with `--quiet` or `--json`.
 */
import { SingleBar } from 'cli-progress';

export type ProgressMode = 'bar' | 'lines' | 'none';

export interface Progress {
  /** Input bytes done. */
  add(bytes: number): void;
  /** One more file finished (done, skipped or failed). */
  fileDone(): void;
  stop(): void;
}

const mb = (b: number): string => (b / 1e6).toFixed(b >= 1e9 ? 0 : 1);

function eta(done: number, total: number, seconds: number): string {
  if (done <= 0 || seconds <= 0) return '?';
  const left = ((total - done) * seconds) / done;
  return left >= 90 ? `${Math.round(left / 60)} min` : `${Math.round(left)} s`;
}

/**
 * A progress display for `totalBytes` of input in `totalFiles` files, on `stream` (stderr).
 * Lines mode prints every `intervalMs` (default 2 s, `ACTKIT_PROGRESS_MS` overrides).
 */
export function createProgress(mode: ProgressMode, totalBytes: number, totalFiles: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const t0 = performance.now();
  let bytes = 0;
  let files = 0;
  const rate = (): number => bytes / 1e6 / Math.max(1e-3, (performance.now() - t0) / 1000);
  if (mode === 'none') return { add: (b) => void (bytes += b), fileDone: () => void files++, stop: () => undefined };
  if (mode === 'bar') {
    const bar = new SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | {doneMB}/{totalMB} MB | {speed} MB/s | ETA {eta_formatted} | {files}/{totalFiles} files',
        hideCursor: true,
        etaBuffer: 20,
        fps: 5,
      },
    );
    const payload = (): Record<string, string | number> => ({ doneMB: mb(bytes), totalMB: mb(totalBytes), speed: rate().toFixed(0), files, totalFiles });
    bar.start(Math.max(1, totalBytes), 0, payload());
    return {
      add: (b) => {
        bytes += b;
        bar.update(Math.min(bytes, totalBytes), payload());
      },
      fileDone: () => {
        files++;
        bar.update(Math.min(bytes, totalBytes), payload());
      },
      stop: () => bar.stop(),
    };
  }
  const every = Number(process.env['ACTKIT_PROGRESS_MS'] ?? 2000);
  const line = (): void => {
    const s = (performance.now() - t0) / 1000;
    const pct = totalBytes > 0 ? Math.min(100, (100 * bytes) / totalBytes) : 100;
    stream.write(`progress: ${pct.toFixed(0)}% ${mb(bytes)}/${mb(totalBytes)} MB, ${rate().toFixed(0)} MB/s, ETA ${eta(bytes, totalBytes, s)}, ${files}/${totalFiles} files\n`);
  };
  const timer = setInterval(line, every);
  timer.unref();
  return {
    add: (b) => void (bytes += b),
    fileDone: () => void files++,
    stop: () => clearInterval(timer),
  };
}

/** Progress of a count of things (training images of an epoch): `set(done)` as they go. */
export interface CountProgress {
  set(done: number): void;
  stop(): void;
}

/**
 * A progress display for `total` `unit`s (one epoch's images): a bar with the rate and ETA on a
 * TTY, a plain line every `intervalMs` (default 2 s, `ACTKIT_PROGRESS_MS` overrides) otherwise,
 * nothing for `'none'`. `label` leads each line (`epoch 2/5`).
 */
export function createCountProgress(mode: ProgressMode, total: number, unit: string, label: string, stream: NodeJS.WriteStream = process.stderr): CountProgress {
  const t0 = performance.now();
  let done = 0;
  const rate = (): number => done / Math.max(1e-3, (performance.now() - t0) / 1000);
  if (mode === 'none') return { set: (d) => void (done = d), stop: () => undefined };
  if (mode === 'bar') {
    const bar = new SingleBar({ stream, format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 20, fps: 5 });
    bar.start(Math.max(1, total), 0, { speed: '0' });
    return {
      set: (d) => {
        done = d;
        bar.update(Math.min(d, total), { speed: rate().toFixed(0) });
      },
      stop: () => bar.stop(),
    };
  }
  const every = Number(process.env['ACTKIT_PROGRESS_MS'] ?? 2000);
  const timer = setInterval(() => {
    const pct = total > 0 ? Math.min(100, (100 * done) / total) : 100;
    stream.write(`progress: ${label} ${pct.toFixed(0)}% ${done}/${total} ${unit}, ${rate().toFixed(0)} ${unit}/s, ETA ${eta(done, total, (performance.now() - t0) / 1000)}\n`);
  }, every);
  timer.unref();
  return { set: (d) => void (done = d), stop: () => clearInterval(timer) };
}
