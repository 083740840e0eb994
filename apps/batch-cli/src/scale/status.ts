/**
 * `actkit-batch status --redis URL [job id]`: the connected workers, job counts per state, and
 * every failed job with its reason; for a job, its state, chunks done of all, chunks done per
 * worker, and which worker holds which chunk now.
 */
import { Job, Queue } from 'bullmq';
import { parseCommand } from '../cli/args.js';
import { EXIT } from '../cli/errors.js';
import type { ApplyIO } from '../commands/apply.js';
import type { ChunkResult } from './chunkJob.js';
import { belongsTo } from './payload.js';
import { connectionFor, QUEUE } from './queue.js';

export const STATUS_USAGE = `actkit-batch status --redis URL [job id] [--queue NAME] [--json]

The workers connected to the queue, job counts per state, which worker holds which chunk, and
every failed job with its reason. With a job id: its state, chunks done of all, and chunks done
per worker. Exit status 1 when the job id is not in Redis.
`;

const STATES = ['waiting', 'active', 'waiting-children', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/** A job's chunks: done of all, failed, and done per worker (from the chunks' results). */
export interface Progress {
  done: number;
  total: number;
  failed: number;
  byWorker: Record<string, number>;
}

const idOf = (key: string): string => key.slice(key.lastIndexOf(':') + 1);

/** The parents whose children are chunks: the job itself, or each file's parent under a folder's root. */
async function chunkParents(queue: Queue, root: Job): Promise<Job[]> {
  if (root.name !== 'finalise') return [root];
  const deps = await root.getDependencies();
  const ids = [...Object.keys(deps.processed ?? {}), ...(deps.unprocessed ?? []), ...(deps.failed ?? [])].map(idOf);
  const jobs = await Promise.all(ids.map((id) => Job.fromId(queue, id)));
  return jobs.filter((j): j is Job => j !== undefined);
}

export async function progressOf(queue: Queue, root: Job): Promise<Progress> {
  const p: Progress = { done: 0, total: 0, failed: 0, byWorker: {} };
  for (const parent of await chunkParents(queue, root)) {
    // one read of the children: counts, and the results (parsed by BullMQ), which name their worker
    const deps = await parent.getDependencies();
    const results = Object.values(deps.processed ?? {}) as Array<Partial<ChunkResult> | null>;
    const failed = deps.failed?.length ?? 0;
    p.done += results.length;
    p.failed += failed;
    p.total += results.length + (deps.unprocessed?.length ?? 0) + failed + Object.keys(deps.ignored ?? {}).length;
    for (const r of results) {
      const w = r?.worker ?? '?';
      p.byWorker[w] = (p.byWorker[w] ?? 0) + 1;
    }
  }
  return p;
}

export async function runStatus(argv: readonly string[], io: ApplyIO): Promise<number> {
  const parsed = parseCommand('status', argv, { redis: { type: 'string' }, queue: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  const v = parsed.values;
  if (v.help) {
    io.out(STATUS_USAGE.trimEnd());
    return EXIT.ok;
  }
  const jobId = parsed.positionals[0];
  const queue = new Queue(v.queue ?? QUEUE, { connection: connectionFor(v.redis) });
  try {
    const counts = await queue.getJobCounts(...STATES);
    const mine = (id: string | undefined): boolean => jobId === undefined || belongsTo(id, jobId);
    const failed = (await queue.getFailed(0, -1))
      .filter((j) => mine(j.id))
      .map((j) => ({ id: j.id ?? '', name: j.name, attempts: j.attemptsMade, reason: j.failedReason }));
    const active = (await queue.getActive(0, -1)).filter((j) => mine(j.id)).map((j) => ({ id: j.id ?? '', name: j.name, worker: j.processedBy ?? '?' }));
    // BullMQ names a worker's connection `<queue client>:w:<worker name>` (`rawname`)
    const workers = (await queue.getWorkers()).map((w) => /:w:(.*)$/.exec(w['rawname'] ?? '')?.[1] ?? w['addr'] ?? '?').sort();
    const job = jobId === undefined ? undefined : await queue.getJob(jobId);
    const state = jobId === undefined ? undefined : job ? await job.getState() : 'unknown';
    const progress = job ? await progressOf(queue, job) : undefined;
    if (v.json) {
      io.out(JSON.stringify({ queue: queue.name, workers, counts, ...(jobId !== undefined ? { job: jobId, state, progress } : {}), active, failed }, null, 2));
    } else {
      if (jobId !== undefined) {
        io.out(`${jobId}: ${state}${progress ? `, ${progress.done}/${progress.total} chunks done${progress.failed ? `, ${progress.failed} failed` : ''}` : ''}`);
        if (progress && Object.keys(progress.byWorker).length > 0) {
          io.out(`  done by: ${Object.entries(progress.byWorker).map(([w, n]) => `${w} ${n}`).join(', ')}`);
        }
      }
      io.out(`${queue.name}: ${STATES.map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}`);
      io.out(`workers: ${workers.length ? workers.join(', ') : 'none connected'}`);
      for (const a of active) io.out(`  ${a.id} (${a.name}) on ${a.worker}`);
      for (const f of failed) io.out(`FAILED ${f.id} (${f.name}) after ${f.attempts} attempt(s): ${f.reason}`);
    }
    return jobId !== undefined && state === 'unknown' ? EXIT.failed : EXIT.ok;
  } finally {
    await queue.close();
  }
}
