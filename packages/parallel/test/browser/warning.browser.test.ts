/**
 * Capability detection: on a page without cross-origin isolation the pool warns once (not once
 * per pool) that it falls back to transferring chunk buffers, and says why; on the isolated page
 * it is silent and uses shared memory. An explicit `mode: 'transfer'` is a choice, not a fallback:
 * no warning for it.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { api, page } from './support/api.js';

afterEach(() => {
  vi.restoreAllMocks();
});

// this file's order matters: the warning is once per page, so the explicit-mode test runs first
it(`an explicit mode 'transfer' does not warn (${page} page)`, async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const p = await api.createPool({ threads: 1, mode: 'transfer' });
  expect(p.mode).toBe('transfer');
  await p.destroy();
  expect(warn).not.toHaveBeenCalled();
});

it(`warns once, only when shared memory is unavailable (${page} page)`, async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const a = await api.createPool({ threads: 1 });
  const b = await api.createPool({ threads: 1 });
  await Promise.all([a.destroy(), b.destroy()]);
  if (page === 'isolated') {
    expect(a.mode).toBe('shared');
    expect(a.capabilities.crossOriginIsolated).toBe(true);
    expect(a.capabilities.sharedMemory).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  } else {
    expect(a.mode).toBe('transfer');
    expect(a.capabilities.reason).toMatch(/not cross-origin isolated/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/@actkit\/parallel: shared memory is unavailable .*mode 'transfer'/);
  }
});
