/**
 * A frame-time meter: a requestAnimationFrame loop that measures the time between frames. While
 * the page is responsive, frames come every ~16.7 ms (60 Hz); a main thread busy for 300 ms
 * shows as one 300 ms frame. `record()` collects the frames of one job.
 */

/** The frames of one recording. */
export interface FrameStats {
  readonly label: string;
  /** Frames seen while recording. */
  readonly frames: number;
  readonly meanMs: number;
  readonly maxMs: number;
  /** Frames longer than 50 ms (a "long task" to the user). */
  readonly longFrames: number;
  readonly wallMs: number;
  /** Every frame time, in order. */
  readonly times: number[];
}

export class FrameMeter {
  /** The most recent frame times, newest last (at most `keep`). */
  readonly recent: number[] = [];
  private last = 0;
  private recording: number[] | undefined;
  private listeners: Array<(ms: number) => void> = [];

  constructor(private readonly keep = 240) {
    const tick = (t: number): void => {
      if (this.last !== 0) {
        const ms = t - this.last;
        this.recent.push(ms);
        if (this.recent.length > this.keep) this.recent.shift();
        this.recording?.push(ms);
        for (const f of this.listeners) f(ms);
      }
      this.last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  /** Calls `f` with every frame's time. */
  onFrame(f: (ms: number) => void): void {
    this.listeners.push(f);
  }

  /**
   * Records the frames while `job` runs: starts at the next frame, runs the job, and ends two
   * frames after it settles (so a job that blocks the thread shows as the long frame it caused).
   */
  async record<T>(label: string, job: () => Promise<T> | T): Promise<{ result: T; stats: FrameStats }> {
    // two frames first: the frame that ends a long task of the caller (preparing the input) is not the job's
    await nextFrame();
    await nextFrame();
    const frames: number[] = [];
    this.recording = frames;
    const t0 = performance.now();
    try {
      // a macrotask, so a synchronous job starts after this frame was painted
      const result = await new Promise<T>((resolve, reject) => setTimeout(() => { Promise.resolve().then(job).then(resolve, reject); }, 0));
      await nextFrame();
      await nextFrame();
      const wallMs = performance.now() - t0;
      const sum = frames.reduce((a, b) => a + b, 0);
      return {
        result,
        stats: {
          label, frames: frames.length, meanMs: frames.length > 0 ? sum / frames.length : 0,
          maxMs: Math.max(0, ...frames), longFrames: frames.filter((f) => f > 50).length, wallMs, times: frames,
        },
      };
    } finally {
      this.recording = undefined;
    }
  }
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}
