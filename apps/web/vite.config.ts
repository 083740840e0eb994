import { defineConfig } from 'vite';

/**
 * Cross-origin isolation (COOP + COEP) on both the dev server and `vite preview`: without it the
 * page gets no SharedArrayBuffer and the pool falls back to transferring chunk buffers.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export default defineConfig({
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  // keep the pool's `new Worker(new URL('./browser/worker.js', import.meta.url))` intact in dev
  optimizeDeps: { exclude: ['@actkit/parallel'] },
  build: { target: 'es2022' },
});
