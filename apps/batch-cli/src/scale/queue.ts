/** The BullMQ side shared by submit, worker and status: one queue, connection options from `--redis`, and the keys of `--via-redis` bytes. */
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { CliError, EXIT } from '../cli/errors.js';

/** Default queue name (`--queue` to run several independent queues on one Redis). */
export const QUEUE = 'actkit-batch';

/** Connection options for a `redis://host:port[/db]` URL (BullMQ's workers need `maxRetriesPerRequest: null`). */
export function connectionFor(url: string | undefined): ConnectionOptions {
  if (url === undefined) throw new CliError('--redis URL is required (e.g. --redis redis://127.0.0.1:6379)', EXIT.usage);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(`--redis must be a URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}`, EXIT.usage);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new CliError(`--redis must be a redis:// or rediss:// URL, got ${JSON.stringify(url)}`, EXIT.usage);
  return { url, maxRetriesPerRequest: null };
}

/** A plain client for `--via-redis` bytes (binary strings, beside BullMQ's keys); same retry policy as BullMQ's. */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/**
 * The key of a `--via-redis` chunk's input or output bytes, from the queue, the job and the chunk's
 * index; a worker takes a chunk only under its own job id (`checkJobId` in payload.ts), so it reaches only
 * that chunk's bytes.
 */
/** `--via-redis` bytes expire after a week, so a job nobody collects does not hold Redis memory for ever. */
export const BYTES_TTL_SECONDS = 7 * 24 * 3600;

export const bytesKey = (queue: string, job: string, index: number, side: 'in' | 'out'): string => `actkit:${queue}:${job}:${side}:${index}`;
