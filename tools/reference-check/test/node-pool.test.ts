/**
 * Every activation and softmax-family case of the PyTorch vectors through the node-pool
 * runtimes: @actkit/parallel's Node pool (2 threads, 16-element chunks, never inline) in
 * shared-memory mode (`node-pool`), in transfer mode (`node-pool-transfer`), and with float32
 * data in the pool's own memory on the wasm kernels (`node-pool-memory`), one test per case id,
 * no case skipped.
 */
import { ready } from '@actkit/core';
import { createNodePoolRuntime } from '../src/runtimes/node-pool.js';
import { conformanceSuite } from './suite.js';

conformanceSuite('node-pool runtime (shared memory) against PyTorch', () => createNodePoolRuntime('shared'));
conformanceSuite('node-pool-transfer runtime (transfer mode) against PyTorch', () => createNodePoolRuntime('transfer'));
conformanceSuite('node-pool-memory runtime (pool memory, wasm) against PyTorch', async () => {
  await ready();
  return createNodePoolRuntime('shared', 'auto', true);
});
