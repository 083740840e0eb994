/** Every implementation module by id, loaded on demand (each child process loads one). */
import type { Implementation } from './types.js';

export const IMPLEMENTATIONS: Readonly<Record<string, () => Promise<Implementation>>> = {
  'actkit-inline': async () => (await import('./actkit-inline.js')).actkitInline,
  'actkit-wasm': async () => (await import('./actkit-wasm.js')).actkitWasm,
  'actkit-pool': async () => (await import('./actkit-pool.js')).actkitPool,
  naive: async () => (await import('./naive.js')).naive,
  'tfjs-cpu': async () => (await import('./tfjs-cpu.js')).tfjsCpu,
  'tfjs-wasm': async () => (await import('./tfjs-wasm.js')).tfjsWasm,
  ort: async () => (await import('./ort.js')).ortCpu,
  copy: async () => (await import('./copy.js')).copy,
};

/** Implementation ids in report order. */
export const IMPLEMENTATION_IDS: readonly string[] = Object.keys(IMPLEMENTATIONS);

/**
 * Loads the implementation `id`, or, for a `file:` URL, the module there (its default export is
 * the {@link Implementation}: how the tests bring in a deliberately wrong kernel). Throws listing
 * the valid ids otherwise.
 */
export async function loadImplementation(id: string): Promise<Implementation> {
  if (id.startsWith('file:')) return ((await import(id)) as { default: Implementation }).default;
  const load = IMPLEMENTATIONS[id];
  if (load === undefined) throw new Error(`unknown implementation '${id}'; expected one of ${IMPLEMENTATION_IDS.join(', ')}`);
  return load();
}
