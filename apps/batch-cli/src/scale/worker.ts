/**
 * `actkit-batch worker --redis URL`: a BullMQ Worker that runs chunk jobs on this machine's
 * `@actkit/parallel` pool and assembles outputs. A payload that fails the schema is failed at once
 * (no retries). SIGTERM/SIGINT close the worker: the chunk in hand finishes, then it exits 0.
 */
import { ready } from '@actkit/core';
import { createPool } from '@actkit/parallel';
import { UnrecoverableError, Worker } from 'bullmq';
import { realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { int, oneOf, parseCommand } from '../cli/args.js';
import { CliError, EXIT } from '../cli/errors.js';
import type { ApplyIO } from '../commands/apply.js';
import { onInterrupt } from '../output/atomic.js';
import { runAssemble, runChunk, runFinalise, runInlineChunk, type JobContext } from './chunkJob.js';
import { checkJobId, PayloadError, validatePayload } from './payload.js';
import { connectionFor, QUEUE, redisClient } from './queue.js';

export const WORKER_USAGE = `actkit-batch worker --redis URL [options]

Runs the chunk jobs of 'actkit-batch submit' on this machine's pool until SIGTERM or SIGINT
(the chunk in hand finishes first; a second signal stops at once).

  --redis URL            redis://host:port (required)
  --concurrency N        chunk jobs at once, sharing the pool (default 2: one chunk's reads,
                         writes and fsync overlap the other's compute)
  --threads N            pool threads (default: the pool's default)
  --backend B            auto, js or wasm (default auto)
  --data-root DIR        the folder the jobs' paths are relative to (default: the current folder)
  --queue NAME           queue name (default ${QUEUE})
  --lock-ms N            BullMQ lock duration: a dead worker's chunk goes back to the queue
                         after about this long (default 30000)
  --name NAME            this worker's name in 'status' (default: host:pid)
  --piece-mib N          MiB read, computed and written at a time inside a chunk, two pieces in
                         flight so reading, computing and writing overlap (default 4)
`;

export async function runWorker(argv: readonly string[], io: ApplyIO): Promise<number> {
  const parsed = parseCommand('worker', argv, {
      redis: { type: 'string' },
      concurrency: { type: 'string' },
      threads: { type: 'string' },
      backend: { type: 'string' },
      'data-root': { type: 'string' },
      queue: { type: 'string' },
      'lock-ms': { type: 'string' },
      name: { type: 'string' },
      'piece-mib': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
  const v = parsed.values;
  if (v.help) {
    io.out(WORKER_USAGE.trimEnd());
    return EXIT.ok;
  }
  const connection = connectionFor(v.redis);
  const concurrency = int('--concurrency', v.concurrency, 1, 64) ?? 2;
  const threads = int('--threads', v.threads, 0, 256);
  const backend = oneOf('--backend', v.backend, ['auto', 'js', 'wasm'] as const);
  const pieceMib = int('--piece-mib', v['piece-mib'], 1, 1024) ?? 4;
  const lockDuration = int('--lock-ms', v['lock-ms'], 500, 3_600_000) ?? 30_000;
  const root = await realpath(resolve(v['data-root'] ?? '.')).catch(() => {
    throw new CliError(`--data-root ${v['data-root']}: no such folder`, EXIT.usage);
  });
  const queueName = v.queue ?? QUEUE;
  const name = v.name ?? `${hostname()}:${process.pid}`;

  if (backend !== 'js') await ready();
  const pool = await createPool({ ...(threads !== undefined ? { threads } : {}), ...(backend ? { backend } : {}) });
  const redis = redisClient(v.redis as string);
  const ctx: JobContext = { root, pool, ...(backend ? { backend } : {}), chunkBytes: pieceMib * 2 ** 20, worker: name, queue: queueName, redis };
  const worker = new Worker(
    queueName,
    async (job) => {
      let p;
      try {
        p = validatePayload(job.data);
        checkJobId(job.id, p);
        switch (p.kind) {
          case 'chunk':
            return await runChunk(p, ctx);
          case 'inline-chunk':
            return await runInlineChunk(p, ctx);
          case 'assemble':
            return await runAssemble(p, ctx);
          case 'finalise':
            return await runFinalise(p, ctx);
          case 'collect':
            return { count: p.count }; // every chunk is done: BullMQ ran the children first
        }
      } catch (e) {
        if (e instanceof PayloadError) throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    { connection, name, concurrency, lockDuration, stalledInterval: Math.max(250, Math.floor(lockDuration / 2)), autorun: false },
  );
  worker.on('active', (job) => io.err(`${job.id}: ${job.name} started`));
  worker.on('completed', (job) => io.err(`${job.id}: ${job.name} done in ${(job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())} ms`));
  worker.on('failed', (job, e) => io.err(`${job?.id ?? '?'}: ${job?.name ?? 'job'} failed (attempt ${job?.attemptsMade ?? '?'}): ${e.message}`));
  worker.on('error', (e) => io.err(`worker: ${e.message}`));
  redis.on('error', (e: Error) => io.err(`worker: redis: ${e.message}`));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= worker.close().finally(async () => {
    redis.disconnect();
    await pool.destroy();
  }));
  const undo = onInterrupt((signal) => {
    io.err(`worker: ${signal}: finishing the chunk in hand, then exiting`);
    void stop();
    return true;
  });
  io.err(`worker ${name}: queue ${queueName}, ${pool.size} thread(s), concurrency ${concurrency}, data root ${root}`);
  try {
    await worker.waitUntilReady();
    await worker.run();
  } finally {
    undo();
    await stop();
  }
  return EXIT.ok;
}
