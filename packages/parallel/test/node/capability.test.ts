/**
 * The capability module: default thread counts (Node: all cores; browsers: onnxruntime-web's
 * min(4, ceil(cores / 2))), the real SharedArrayBuffer post probe, and how a browser's answers
 * map to a mode (fed with fake globals here; the real browser runs are in test/browser).
 */
import { describe, expect, it } from 'vitest';
import { esm } from './support/api.js';

describe('capability', () => {
  it('default threads', () => {
    expect([1, 2, 3, 4, 8, 16].map((c) => esm.defaultThreads('node', c))).toEqual([1, 2, 3, 4, 8, 16]);
    expect([1, 2, 3, 4, 8, 16].map((c) => esm.defaultThreads('browser', c))).toEqual([1, 1, 2, 2, 4, 4]);
    expect(esm.defaultThreads('browser', Number.NaN)).toBe(1);
  });

  it('Node always has shared memory', () => {
    const c = esm.nodeCapabilities(2);
    expect(c).toMatchObject({ runtime: 'node', workers: true, sharedMemory: true, cores: 2, defaultThreads: 2, mode: 'shared' });
  });

  it('a SharedArrayBuffer really posts, shared, through a MessageChannel here', async () => {
    expect(await esm.probeSharedMemoryPost()).toBe(true);
  });

  it('browser: not cross-origin isolated means transfer mode, whatever typeof SharedArrayBuffer says', async () => {
    const c = await esm.browserCapabilities({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 }, Worker: function () {}, SharedArrayBuffer });
    expect(c).toMatchObject({ runtime: 'browser', sharedMemory: false, mode: 'transfer', cores: 8, defaultThreads: 4 });
    expect(c.reason).toContain('cross-origin isolated');
  });

  it('browser: isolated and postable means shared mode; no Worker means inline', async () => {
    const iso = await esm.browserCapabilities({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 }, Worker: function () {}, SharedArrayBuffer });
    expect(iso).toMatchObject({ sharedMemory: true, mode: 'shared', defaultThreads: 1 });
    const none = await esm.browserCapabilities({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 }, SharedArrayBuffer });
    expect(none.mode).toBe('inline');
  });
});
