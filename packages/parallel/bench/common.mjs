// Shared helpers of the benchmarks: timing of batches, medians, interleaved rounds, machine info.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Calls per timed batch so that a batch lasts about `targetMs` (at least 1). */
export async function calibrate(fn, targetMs = 20) {
  let k = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < k; i++) await fn();
    const dt = performance.now() - t;
    if (dt >= targetMs || k >= 1 << 16) return Math.max(1, Math.ceil((k * targetMs) / Math.max(dt, 1e-3)));
    k *= 4;
  }
}

/**
 * Times every variant over `rounds` interleaved rounds (round r runs variant A, B, C, ... in a
 * rotated order) and returns the median time per call in ms for each. Variants: { name, fn }.
 */
export async function interleaved(variants, { rounds = 7, targetMs = 20 } = {}) {
  const batch = [];
  for (const v of variants) {
    for (let i = 0; i < 3; i++) await v.fn(); // warm up
    batch.push(await calibrate(v.fn, targetMs));
  }
  const samples = variants.map(() => []);
  const cpu = variants.map(() => ({ cpu: 0, wall: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < variants.length; j++) {
      const i = (j + r) % variants.length;
      const v = variants[i];
      const k = batch[i];
      const c0 = process.cpuUsage();
      const t = performance.now();
      for (let c = 0; c < k; c++) await v.fn();
      const wall = performance.now() - t;
      const c1 = process.cpuUsage(c0);
      samples[i].push(wall / k);
      cpu[i].cpu += (c1.user + c1.system) / 1000;
      cpu[i].wall += wall;
    }
  }
  const ms = Object.fromEntries(variants.map((v, i) => [v.name, median(samples[i])]));
  // CPU time of this process (main thread + workers) per wall-clock time: how many cores the
  // variant really got. A 2-thread pool on an idle 2-vCPU machine shows close to 2.
  const cores = Object.fromEntries(variants.map((v, i) => [v.name, cpu[i].cpu / cpu[i].wall]));
  return { ms, cores };
}

/** CPU pressure (Linux PSI, share of time some task waited for a CPU, last 10 s), or ''. */
export function cpuPressure() {
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
    const m = /avg10=([\d.]+)/.exec(line);
    return m ? `${m[1]}%` : '';
  } catch {
    return '';
  }
}

/** One line describing the machine and its load right now. */
export function machine() {
  const c = cpus();
  const psi = cpuPressure();
  return `${availableParallelism()} vCPU (${c[0]?.model ?? 'unknown cpu'}), Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}${psi ? `, CPU pressure ${psi}` : ''}`;
}

/** Float32 values in [-6, 6), deterministic. */
export function fill(a, seed = 1) {
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 4294967296 - 0.5) * 12;
  }
  return a;
}

/** A Float32Array of n elements in a SharedArrayBuffer. */
export function sharedF32(n) {
  return new Float32Array(new SharedArrayBuffer(n * 4));
}
