/**
 * `actkit-batch submit <activation> <inputs...> -o <output> --redis URL`: cuts each C-order `.npy`
 * into row ranges and enqueues them as one BullMQ flow. One file: chunk jobs under a parent that
 * assembles the output. A folder (or several files, or a glob): each file's flow under a root that
 * finalises the job once every output is written. `--via-redis`: the rows travel through Redis
 * under keys of their own, and `submit` writes the output from the keys the workers filled. Every
 * payload passes the schema first; nothing is enqueued when one fails.
 */
import { getOp, type OpDef } from '@actkit/core';
import { FlowProducer, Queue, type FlowJob } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { open, realpath } from 'node:fs/promises';
import { extname, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { int, parseCommand } from '../cli/args.js';
import { CliError, EXIT } from '../cli/errors.js';
import { expandInputs } from '../cli/inputs.js';
import { addParam } from '../cli/params.js';
import { pairOutputs, type ApplyIO } from '../commands/apply.js';
import { readExactly, readNpyHeader, writeAll } from '../commands/applyFile.js';
import { elementCount, encodeNpyHeader, itemSize, type NpyHeader } from '../formats/npy.js';
import { openOutput } from '../output/target.js';
import { planChunks } from '../stream/plan.js';
import {
  belongsTo,
  childId,
  insideRoot,
  isJobId,
  MAX_CHUNKS,
  MAX_INLINE_CHUNK_BYTES,
  MAX_INLINE_JOB_BYTES,
  PayloadError,
  rowRanges,
  validatePayload,
  type AssemblePayload,
  type ChunkPayload,
  type CollectPayload,
  type FinalisePayload,
  type InlineChunkPayload,
  type Payload,
} from './payload.js';
import { bytesKey, BYTES_TTL_SECONDS, connectionFor, QUEUE, redisClient } from './queue.js';
import type { Redis } from 'ioredis';

export const SUBMIT_USAGE = `actkit-batch submit <activation> <inputs...> -o <output> --redis URL [options]

Cuts C-order float32/float64 .npy files into row ranges (along dim 0) and enqueues them on
BullMQ: one chunk job per range. One file: a parent job writes the output when every chunk is
done. A folder, several files or a quoted glob (as for apply): -o is a folder, each file gets its
own parent, and a root job checks every output at the end. Elementwise activations, and axis ops
(softmax family, PReLU) along a dim other than 0. Paths are relative to --data-root on every
machine (a shared folder), unless --via-redis.

  --redis URL            redis://host:port (required)
  --rows-per-chunk N     rows per chunk job (default: about 16 MiB of rows; 4 MiB with --via-redis)
  -p, --param k=v        activation parameter (repeatable); --dim D for axis ops
  --data-root DIR        the folder every path must be inside (default: the current folder)
  --via-redis            send the rows through Redis (one file, at most 256 MiB, chunks of at
                         most 8 MiB; no shared folder needed); submit waits, writes the output
                         itself and removes the job and its bytes from Redis
  --attempts N           tries per chunk before it is failed (default 3)
  --queue NAME           queue name (default ${QUEUE})
  --job-id ID            the flow's id (default: a random one); submitting an id again waits for
                         it instead of queueing it twice (a failed id is refused)
  --wait                 wait until the output is written (exit 0) or the job failed (exit 1)
`;

/** Where a job sits in a flow: the root, a file's parent under a folder's root, or a chunk. */
type Role = 'root' | 'file' | 'chunk';

/** One input file, read and checked, with where its output goes (paths relative to the root). */
interface FilePlan {
  input: string;
  output: string;
  header: NpyHeader;
  rows: number;
  rowsPerChunk: number;
  /** Bytes of one row. */
  rowBytes: number;
  ranges: Array<[number, number]>;
  outputBytes: number;
}

const usage = (e: unknown): CliError => new CliError(e instanceof Error ? e.message : String(e), EXIT.usage);

/** Reads `input`'s header and checks that its rows can be cut into chunk jobs that give `apply`'s bits. */
async function planFile(root: string, input: string, output: string, op: OpDef, params: Record<string, unknown>, rowsPerChunkOpt: number | undefined, defaultChunkBytes: number): Promise<FilePlan> {
  if (extname(input).toLowerCase() !== '.npy') throw new CliError(`${input}: submit takes .npy files (use apply for .npz and raw files)`, EXIT.usage);
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
  const outputRel = await rel(output, 'output');
  if (inputRel === outputRel) throw new CliError(`${output}: the output is the input`, EXIT.usage);
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
  if (h.fortranOrder) throw new CliError(`${input}: a Fortran-order array is not supported by submit; save it in C order (numpy.ascontiguousarray)`, EXIT.usage);
  const n = elementCount(h.shape);
  if (h.shape.length === 0 || n === 0) throw new CliError(`${input}: an empty or 0-d array has no rows to split (use apply)`, EXIT.usage);
  const size = itemSize(h.dtype);
  if (fileSize - h.dataOffset !== n * size) throw new CliError(`${input}: shape (${h.shape.join(', ')}) of ${h.dtype} needs ${n * size} bytes of data, the file has ${fileSize - h.dataOffset}`);
  const rows = h.shape[0] as number;
  const per = n / rows;
  // row ranges must give the bits of the whole call: the same output length, and no axis along dim 0
  let plan;
  try {
    plan = planChunks(op.name, h.shape, h.dtype, params, per);
  } catch (e) {
    throw usage(e);
  }
  if (plan.outLength !== plan.inLength) throw new CliError(`${op.name} changes the array's length; submit supports only ops whose output has the input's shape (use apply)`, EXIT.usage);
  if (op.paramKeys.includes('dim')) {
    const d = typeof params['dim'] === 'number' ? (params['dim'] as number) : -1;
    if ((d < 0 ? d + h.shape.length : d) === 0) throw new CliError(`${op.name} along dim 0 needs whole columns; submit splits rows (dim 0): use apply, or another dim`, EXIT.usage);
  }
  const rowsPerChunk = Math.min(rows, rowsPerChunkOpt ?? Math.max(1, Math.floor(defaultChunkBytes / (per * size))));
  const ranges = rowRanges(rows, rowsPerChunk);
  if (ranges.length > MAX_CHUNKS) throw new CliError(`${input}: ${ranges.length} chunks is over the limit of ${MAX_CHUNKS}: raise --rows-per-chunk`, EXIT.usage);
  return { input: inputRel, output: outputRel, header: h, rows, rowsPerChunk, rowBytes: per * size, ranges, outputBytes: encodeNpyHeader({ ...h, fortranOrder: false }).length + n * size };
}

/** Checks a payload against the schema the workers use: a refusal is a usage error here. */
function checked<T extends Payload>(p: T): T {
  try {
    validatePayload(p);
  } catch (e) {
    if (e instanceof PayloadError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
  return p;
}

export async function runSubmit(argv: readonly string[], io: ApplyIO): Promise<number> {
  const parsed = parseCommand('submit', argv, {
      output: { type: 'string', short: 'o' },
      redis: { type: 'string' },
      'rows-per-chunk': { type: 'string' },
      param: { type: 'string', short: 'p', multiple: true },
      dim: { type: 'string' },
      'data-root': { type: 'string' },
      'via-redis': { type: 'boolean' },
      attempts: { type: 'string' },
      queue: { type: 'string' },
      'job-id': { type: 'string' },
      wait: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
  const v = parsed.values;
  if (v.help) {
    io.out(SUBMIT_USAGE.trimEnd());
    return EXIT.ok;
  }
  const [activation, ...inputArgs] = parsed.positionals;
  if (!activation || inputArgs.length === 0 || v.output === undefined) throw new CliError('submit needs <activation> <inputs...> -o <output> --redis URL', EXIT.usage);
  const connection = connectionFor(v.redis);
  const params: Record<string, unknown> = {};
  for (const p of v.param ?? []) addParam(params, p);
  if (v.dim !== undefined) params['dim'] = int('--dim', v.dim, -64, 63);
  const attempts = int('--attempts', v.attempts, 1, 100) ?? 3;
  const rowsPerChunk = int('--rows-per-chunk', v['rows-per-chunk'], 1, Number.MAX_SAFE_INTEGER);
  const viaRedis = v['via-redis'] === true;
  const queueName = v.queue ?? QUEUE;
  const jobId = v['job-id'] ?? `job-${randomBytes(6).toString('hex')}`;
  if (!isJobId(jobId)) throw new CliError(`--job-id must be letters, digits, _ . - (at most 100, not only digits), got ${JSON.stringify(jobId)}`, EXIT.usage);

  let op: OpDef;
  try {
    op = getOp(activation);
  } catch (e) {
    throw usage(e);
  }
  const root = await realpath(resolve(v['data-root'] ?? '.')).catch(() => {
    throw new CliError(`--data-root ${v['data-root']}: no such folder`, EXIT.usage);
  });
  const inputs = await expandInputs(inputArgs);
  if (inputs.length === 0) throw new CliError(`no .npy inputs in ${inputArgs.join(' ')}`, EXIT.usage);
  const pairs = await pairOutputs(inputs, v.output);
  const many = pairs.length > 1 || inputs.some((i) => i.expanded);
  if (viaRedis && many) throw new CliError('--via-redis takes one .npy file (a folder needs a shared path)', EXIT.usage);
  const files: FilePlan[] = [];
  for (const p of pairs) files.push(await planFile(root, p.input, p.output, op, params, rowsPerChunk, viaRedis ? 4 * 2 ** 20 : 16 * 2 ** 20));

  // a completed chunk leaves Redis (its result stays with its parent): memory follows the chunks in flight
  const opts = (id: string, role: Role): FlowJob['opts'] => ({
    jobId: id,
    attempts,
    backoff: { type: 'fixed', delay: 200 },
    ...(role !== 'root' ? { failParentOnFailure: true } : {}),
    ...(role === 'chunk' ? { removeOnComplete: true } : {}),
  });
  const fileFlow = (f: FilePlan, prefix: string, id: string, role: Role): FlowJob => {
    const common = { v: 1 as const, job: jobId, output: f.output, dtype: f.header.dtype, littleEndian: f.header.littleEndian, shape: [...f.header.shape] };
    const parent = checked<AssemblePayload>({ kind: 'assemble', ...common, count: f.ranges.length, rowsPerChunk: f.rowsPerChunk });
    return {
      name: 'assemble',
      queueName,
      data: parent,
      opts: opts(id, role),
      children: f.ranges.map(([rowStart, rowEnd], index) => ({
        name: 'chunk',
        queueName,
        data: checked<ChunkPayload>({ kind: 'chunk', ...common, activation, params, input: f.input, index, rowStart, rowEnd, dataOffset: f.header.dataOffset }),
        opts: opts(childId(prefix, 'c', index), 'chunk'),
      })),
    };
  };

  let flow: FlowJob;
  const only = files[0] as FilePlan;
  if (viaRedis) flow = inlineFlow(only, jobId, queueName, activation, params, opts);
  else if (!many) flow = fileFlow(only, jobId, jobId, 'root');
  else {
    const finalise: FinalisePayload = checked({ kind: 'finalise', v: 1, job: jobId, outputs: files.map((f) => ({ output: f.output, bytes: f.outputBytes })) });
    flow = { name: 'finalise', queueName, data: finalise, opts: opts(jobId, 'root'), children: files.map((f, k) => fileFlow(f, childId(jobId, 'f', k), childId(jobId, 'f', k), 'file')) };
  }
  const chunks = files.reduce((s, f) => s + f.ranges.length, 0);

  const producer = new FlowProducer({ connection });
  const queue = new Queue(queueName, { connection });
  const redis = viaRedis ? redisClient(v.redis as string) : undefined;
  try {
    const before = await queue.getJobState(jobId);
    if (before === 'failed') throw new CliError(`${jobId}: a job with this id failed before (actkit-batch status --redis ${v.redis} ${jobId} says why); submit with another --job-id`, EXIT.usage);
    // the same id again (a lost terminal, a --via-redis output not yet collected): wait for it, do not queue it twice
    if (before !== 'unknown') io.out(`${jobId}: already in ${queueName} (${before}); not queued again`);
    else {
      if (redis) {
        try {
          await storeInputs(redis, root, only, jobId, queueName);
          await producer.add(flow);
        } catch (e) {
          await removeInline(redis, queue, jobId, only.ranges.length);
          throw e;
        }
      } else await producer.add(flow);
      io.out(`${jobId}: ${chunks} chunk(s) of ${files.length} file(s) queued on ${queueName}${viaRedis ? ' through Redis' : ''}; output ${many ? `${v.output}/` : (files[0] as FilePlan).output}`);
    }
    if (!v.wait && !viaRedis) return EXIT.ok;
    for (;;) {
      const state = await queue.getJobState(jobId);
      if (state === 'completed') break;
      if (state === 'failed') {
        if (redis) {
          // nobody else will collect it: say why here, then free its bytes and its jobs
          for (const j of await queue.getFailed(0, -1)) if (belongsTo(j.id, jobId)) io.err(`${j.id}: ${j.failedReason}`);
          await removeInline(redis, queue, jobId, only.ranges.length);
          io.err(`${jobId}: failed; removed from Redis with its bytes`);
        } else io.err(`${jobId}: failed (actkit-batch status --redis ${v.redis} ${jobId} lists why)`);
        return EXIT.failed;
      }
      if (state === 'unknown') {
        // Redis lost it: a crash within its fsync window (appendfsync everysec: about a second), or it was removed
        io.err(`${jobId}: no longer in Redis (lost in a crash right after submit, or removed); submit it again`);
        return EXIT.failed;
      }
      await sleep(200);
    }
    if (redis) await writeCollected(redis, queue, jobId, only, resolve(v.output), resolve(root, only.input));
    io.out(`${jobId}: done, ${v.output} written`);
    return EXIT.ok;
  } finally {
    redis?.disconnect();
    await producer.close();
    await queue.close();
  }
}

/** `--via-redis`: inline chunk jobs for the rows of `f` under a collecting root. */
function inlineFlow(f: FilePlan, jobId: string, queueName: string, activation: string, params: Record<string, unknown>, opts: (id: string, role: Role) => FlowJob['opts']): FlowJob {
  const total = f.rows * f.rowBytes;
  if (total > MAX_INLINE_JOB_BYTES) throw new CliError(`${f.input}: ${total} bytes is over --via-redis's limit of ${MAX_INLINE_JOB_BYTES}; use a shared folder`, EXIT.usage);
  if (f.rowsPerChunk * f.rowBytes > MAX_INLINE_CHUNK_BYTES) throw new CliError(`chunks of ${f.rowsPerChunk * f.rowBytes} bytes are over --via-redis's limit of ${MAX_INLINE_CHUNK_BYTES}: lower --rows-per-chunk`, EXIT.usage);
  const children: FlowJob[] = f.ranges.map(([rowStart, rowEnd], index) => ({
    name: 'chunk',
    queueName,
    data: checked<InlineChunkPayload>({ kind: 'inline-chunk', v: 1, job: jobId, activation, params, index, rowStart, rowEnd, dtype: f.header.dtype, littleEndian: f.header.littleEndian, shape: [...f.header.shape] }),
    opts: opts(childId(jobId, 'c', index), 'chunk'),
  }));
  return { name: 'collect', queueName, data: checked<CollectPayload>({ kind: 'collect', v: 1, job: jobId, count: children.length }), opts: opts(jobId, 'root'), children };
}

/** `--via-redis`: stores each chunk's input bytes under its key, before the jobs exist. */
async function storeInputs(redis: Redis, root: string, f: FilePlan, jobId: string, queueName: string): Promise<void> {
  const fh = await open(resolve(root, f.input), 'r');
  try {
    for (const [index, [rowStart, rowEnd]] of f.ranges.entries()) {
      const bytes = Buffer.alloc((rowEnd - rowStart) * f.rowBytes);
      await readExactly(fh, bytes, f.header.dataOffset + rowStart * f.rowBytes, f.input);
      await redis.set(bytesKey(queueName, jobId, index, 'in'), bytes, 'EX', BYTES_TTL_SECONDS);
    }
  } finally {
    await fh.close();
  }
}

/** `--via-redis`: writes the output (atomically) from the chunks' output keys, then removes the job and its bytes from Redis. */
async function writeCollected(redis: Redis, queue: Queue, jobId: string, f: FilePlan, output: string, input: string): Promise<void> {
  const file = await openOutput(output, [input]);
  try {
    const header = encodeNpyHeader({ ...f.header, fortranOrder: false });
    await writeAll(file.handle, header, 0);
    let position = header.length;
    for (let i = 0; i < f.ranges.length; i++) {
      const bytes = await redis.getBuffer(bytesKey(queue.name, jobId, i, 'out'));
      if (bytes === null) throw new CliError(`${jobId}: chunk ${i}'s output is missing from Redis`);
      await writeAll(file.handle, bytes, position);
      position += bytes.length;
    }
    if (position !== f.outputBytes) throw new CliError(`${jobId}: the chunks' outputs hold ${position} bytes, the output needs ${f.outputBytes}`);
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
  await removeInline(redis, queue, jobId, f.ranges.length);
}

/**
 * `--via-redis`: removes a job's jobs, then its bytes (in that order, so no chunk still running
 * writes an output after the delete). A chunk still active holds its lock: wait for it, up to a minute.
 */
async function removeInline(redis: Redis, queue: Queue, jobId: string, count: number): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await (await queue.getJob(jobId))?.remove({ removeChildren: true });
      break;
    } catch (e) {
      if (tries >= 300) throw e;
      await sleep(200);
    }
  }
  for (let i = 0; i < count; i++) await redis.del(bytesKey(queue.name, jobId, i, 'in'), bytesKey(queue.name, jobId, i, 'out'));
}
