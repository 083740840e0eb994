/**
 * `actkit-batch submit <activation> <input.npy> -o <output.npy> --redis URL`: cuts a C-order
 * `.npy` into row ranges and enqueues them as one BullMQ flow: one chunk job per range under a
 * parent job that assembles the output when every chunk is done. Every payload passes the
 * schema first; nothing is enqueued when one fails.
 */
import { getOp } from '@actkit/core';
import { FlowProducer, Queue, type FlowJob } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { open, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { int } from '../cli/args.js';
import { CliError, EXIT } from '../cli/errors.js';
import { addParam } from '../cli/params.js';
import { readNpyHeader } from '../commands/applyFile.js';
import type { ApplyIO } from '../commands/apply.js';
import { elementCount, itemSize } from '../formats/npy.js';
import { planChunks } from '../stream/plan.js';
import { insideRoot, MAX_CHUNKS, PayloadError, rowRanges, validatePayload, type AssemblePayload, type ChunkPayload } from './payload.js';
import { connectionFor, QUEUE } from './queue.js';

export const SUBMIT_USAGE = `actkit-batch submit <activation> <input.npy> -o <output.npy> --redis URL [options]

Cuts a C-order float32/float64 .npy into row ranges (along dim 0) and enqueues them on BullMQ:
one chunk job per range, and a parent job that writes the output when every chunk is done.
Elementwise activations, and axis ops (softmax family, PReLU) along a dim other than 0.
Paths are relative to --data-root on every machine (a shared folder).

  --redis URL            redis://host:port (required)
  --rows-per-chunk N     rows per chunk job (default: about 16 MiB of rows)
  -p, --param k=v        activation parameter (repeatable); --dim D for axis ops
  --data-root DIR        the folder every path must be inside (default: the current folder)
  --attempts N           tries per chunk before it is failed (default 3)
  --queue NAME           queue name (default ${QUEUE})
  --job-id ID            the flow's id (default: a random one)
  --wait                 wait until the output is written (exit 0) or the job failed (exit 1)
`;

export async function runSubmit(argv: readonly string[], io: ApplyIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      // `--dim -1`: a negative number is the flag's value (parseArgs wants `--dim=-1`)
      args: argv.map((a, i) => (/^-(\d|\.\d)/.test(a) && /^--[a-z-]+$/.test(argv[i - 1] ?? '') ? `\u0000${a}` : a)).reduce<string[]>((acc, a) => {
        if (a.startsWith('\u0000')) acc[acc.length - 1] += `=${a.slice(1)}`;
        else acc.push(a);
        return acc;
      }, []),
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        redis: { type: 'string' },
        'rows-per-chunk': { type: 'string' },
        param: { type: 'string', short: 'p', multiple: true },
        dim: { type: 'string' },
        'data-root': { type: 'string' },
        attempts: { type: 'string' },
        queue: { type: 'string' },
        'job-id': { type: 'string' },
        wait: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new CliError(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e), EXIT.usage);
  }
  const v = parsed.values;
  if (v.help) {
    io.out(SUBMIT_USAGE.trimEnd());
    return EXIT.ok;
  }
  const [activation, input, ...extra] = parsed.positionals;
  if (!activation || !input || extra.length > 0 || v.output === undefined) throw new CliError('submit needs <activation> <input.npy> -o <output.npy> --redis URL', EXIT.usage);
  const connection = connectionFor(v.redis);
  const params: Record<string, unknown> = {};
  for (const p of v.param ?? []) addParam(params, p);
  if (v.dim !== undefined) params['dim'] = int('--dim', v.dim, -64, 63);
  const attempts = int('--attempts', v.attempts, 1, 100) ?? 3;
  const queueName = v.queue ?? QUEUE;
  const jobId = v['job-id'] ?? `job-${randomBytes(6).toString('hex')}`;
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(jobId)) throw new CliError(`--job-id must be letters, digits, _ . - (at most 100), got ${JSON.stringify(jobId)}`, EXIT.usage);

  let op;
  try {
    op = getOp(activation);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT.usage);
  }
  const root = await realpath(resolve(v['data-root'] ?? '.')).catch(() => {
    throw new CliError(`--data-root ${v['data-root']}: no such folder`, EXIT.usage);
  });
  const rel = async (path: string, what: string): Promise<string> => {
    const r = relative(root, resolve(path));
    try {
      await insideRoot(root, r, what);
    } catch (e) {
      throw new CliError(`${path}: ${e instanceof Error ? e.message : String(e)} (${root})`, EXIT.usage);
    }
    return r;
  };
  const inputRel = await rel(input, 'input');
  const outputRel = await rel(v.output, 'output');
  if (inputRel === outputRel) throw new CliError(`${v.output}: the output is the input`, EXIT.usage);
  const partsRel = join(dirname(outputRel), `.${basename(outputRel)}.parts-${jobId}`);

  const fh = await open(resolve(root, inputRel), 'r').catch((e: unknown) => {
    throw new CliError(`cannot read ${input}: ${e instanceof Error ? e.message : String(e)}`);
  });
  let h;
  let fileSize;
  try {
    fileSize = (await fh.stat()).size;
    h = await readNpyHeader(fh, fileSize, input);
  } finally {
    await fh.close();
  }
  if (h.fortranOrder) throw new CliError(`${input}: a Fortran-order array is not supported by submit yet; save it in C order (numpy.ascontiguousarray)`, EXIT.usage);
  const n = elementCount(h.shape);
  if (h.shape.length === 0 || n === 0) throw new CliError(`${input}: an empty or 0-d array has no rows to split`, EXIT.usage);
  const want = n * itemSize(h.dtype);
  if (fileSize - h.dataOffset !== want) throw new CliError(`${input}: shape (${h.shape.join(', ')}) of ${h.dtype} needs ${want} bytes of data, the file has ${fileSize - h.dataOffset}`);
  const rows = h.shape[0] as number;
  const per = n / rows;

  // row ranges must give the bits of the whole call: same output length, and no axis along dim 0
  let plan;
  try {
    plan = planChunks(activation, h.shape, h.dtype, params, per);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT.usage);
  }
  if (plan.outLength !== plan.inLength) throw new CliError(`${op.name} changes the array's length; submit supports only ops whose output has the input's shape (use apply)`, EXIT.usage);
  if (op.paramKeys.includes('dim')) {
    const d = typeof params['dim'] === 'number' ? (params['dim'] as number) : -1;
    if ((d < 0 ? d + h.shape.length : d) === 0) throw new CliError(`${op.name} along dim 0 needs whole columns; submit splits rows (dim 0): use apply, or another dim`, EXIT.usage);
  }
  const rowsPerChunk = int('--rows-per-chunk', v['rows-per-chunk'], 1, Number.MAX_SAFE_INTEGER) ?? Math.max(1, Math.floor((16 * 2 ** 20) / (per * itemSize(h.dtype))));
  const ranges = rowRanges(rows, Math.min(rows, rowsPerChunk));
  if (ranges.length > MAX_CHUNKS) throw new CliError(`${ranges.length} chunks is over the limit of ${MAX_CHUNKS}: raise --rows-per-chunk`, EXIT.usage);

  const common = { v: 1 as const, job: jobId, parts: partsRel, dtype: h.dtype, littleEndian: h.littleEndian, shape: [...h.shape] };
  const parent: AssemblePayload = { kind: 'assemble', ...common, output: outputRel, count: ranges.length, rowsPerChunk: Math.min(rows, rowsPerChunk) };
  const chunks: ChunkPayload[] = ranges.map(([rowStart, rowEnd], index) => ({ kind: 'chunk', ...common, activation, params, input: inputRel, index, rowStart, rowEnd, dataOffset: h.dataOffset }));
  try {
    validatePayload(parent);
    for (const c of chunks) validatePayload(c);
  } catch (e) {
    if (e instanceof PayloadError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }

  const flow: FlowJob = {
    name: 'assemble',
    queueName,
    data: parent,
    opts: { jobId, attempts, backoff: { type: 'fixed', delay: 200 } },
    children: chunks.map((c) => ({
      name: 'chunk',
      queueName,
      data: c,
      opts: { jobId: `${jobId}-c${c.index}`, attempts, backoff: { type: 'fixed', delay: 200 }, failParentOnFailure: true },
    })),
  };
  const producer = new FlowProducer({ connection });
  const queue = new Queue(queueName, { connection });
  try {
    await producer.add(flow);
    io.out(`${jobId}: ${chunks.length} chunk(s) of ${Math.min(rows, rowsPerChunk)} row(s) queued on ${queueName}; output ${outputRel}`);
    if (!v.wait) return EXIT.ok;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const state = await queue.getJobState(jobId);
      if (state === 'completed') {
        io.out(`${jobId}: done, ${v.output} written`);
        return EXIT.ok;
      }
      if (state === 'failed') {
        io.err(`${jobId}: failed (actkit-batch status --redis ${v.redis} ${jobId} lists why)`);
        return EXIT.failed;
      }
      if (state === 'unknown') {
        // Redis lost it: a crash within its fsync window (appendfsync everysec: about a second), or it was removed
        io.err(`${jobId}: no longer in Redis (lost in a crash right after submit, or removed); submit it again`);
        return EXIT.failed;
      }
    }
  } finally {
    await producer.close();
    await queue.close();
  }
}
