/**
 * Every activation and softmax-family case of the PyTorch vectors through the browser-pool
 * runtimes: @actkit/parallel's browser pool in headless Debian chromium on a cross-origin
 * isolated page (2 workers, 16-element chunks, never inline), in shared-memory mode
 * (`browser-pool`) and forced into transfer mode (`browser-pool-transfer`), one test per case
 * id, no case skipped. Arrays cross the Node–page boundary as raw bytes, so NaN, ±Infinity and
 * the sign of zero are compared exactly as the inline runtime's are.
 */
import { createBrowserPoolRuntime } from '../src/runtimes/browser-pool.js';
import { conformanceSuite } from './suite.js';

conformanceSuite('browser-pool runtime (shared memory) against PyTorch', () => createBrowserPoolRuntime('shared'));
conformanceSuite('browser-pool-transfer runtime (transfer mode) against PyTorch', () => createBrowserPoolRuntime('transfer'));
