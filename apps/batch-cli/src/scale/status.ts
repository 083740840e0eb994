/** `actkit-batch status --redis URL [job id]`: job counts per state, and every failed job with its reason. */
import { Queue } from 'bullmq';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../cli/errors.js';
import type { ApplyIO } from '../commands/apply.js';
import { connectionFor, QUEUE } from './queue.js';

const STATES = ['waiting', 'active', 'waiting-children', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export async function runStatus(argv: readonly string[], io: ApplyIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { redis: { type: 'string' }, queue: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new CliError(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e), EXIT.usage);
  }
  const v = parsed.values;
  if (v.help) {
    io.out('actkit-batch status --redis URL [job id] [--queue NAME] [--json]');
    return EXIT.ok;
  }
  const jobId = parsed.positionals[0];
  const queue = new Queue(v.queue ?? QUEUE, { connection: connectionFor(v.redis) });
  try {
    const counts = await queue.getJobCounts(...STATES);
    const mine = (id: string | undefined): boolean => jobId === undefined || id === jobId || (id ?? '').startsWith(`${jobId}-c`);
    const failed = (await queue.getFailed(0, -1))
      .filter((j) => mine(j.id))
      .map((j) => ({ id: j.id ?? '', name: j.name, attempts: j.attemptsMade, reason: j.failedReason }));
    const state = jobId === undefined ? undefined : await queue.getJobState(jobId);
    if (v.json) {
      io.out(JSON.stringify({ queue: queue.name, counts, ...(jobId !== undefined ? { job: jobId, state } : {}), failed }, null, 2));
    } else {
      if (jobId !== undefined) io.out(`${jobId}: ${state}`);
      io.out(`${queue.name}: ${STATES.map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}`);
      for (const f of failed) io.out(`FAILED ${f.id} (${f.name}) after ${f.attempts} attempt(s): ${f.reason}`);
    }
    return jobId !== undefined && state === 'unknown' ? EXIT.failed : EXIT.ok;
  } finally {
    await queue.close();
  }
}
