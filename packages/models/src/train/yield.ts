/** Yielding to the event loop between training steps, in Node and in browsers. */

type Schedule = (resume: () => void) => void;

/** A macrotask with no clamping: setImmediate (Node), else a MessageChannel (browsers), else setTimeout. */
function pickScheduler(): Schedule {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const si = g.setImmediate;
    return (resume) => void si(resume);
  }
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const queue: Array<() => void> = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (resume) => {
      queue.push(resume);
      channel.port2.postMessage(0);
    };
  }
  return (resume) => void setTimeout(resume, 0);
}

let schedule: Schedule | undefined;

/**
 * Resolves after one macrotask: timers, I/O, `abort()` calls and worker messages queued
 * meanwhile run first. Unlike `setTimeout(0)` in browsers it is not clamped to 4 ms.
 */
export function yieldToEventLoop(): Promise<void> {
  schedule ??= pickScheduler();
  const s = schedule;
  return new Promise((resolve) => s(resolve));
}
