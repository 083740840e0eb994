#!/usr/bin/env node
/**
 * Scale-out measurements on this machine (docs/scale-out.md): the same 1 GiB float32 .npy through
 * plain `apply`, one worker with 2 threads, and two single-thread workers, side by side in rounds;
 * then the chunk size against the time, the queue's cost per chunk (tiny chunks, through files and
 * through Redis), and what a queued chunk job costs Redis in memory. Starts its own redis-server
 * on loopback with the README's settings (AOF, appendfsync everysec, noeviction).
 *
 *   node bench/scale-out.mjs [--gib 1] [--rounds 3] [--op gelu] [--dtype float32|float64] [--json out.json]
 *                            [--main-only]   (only the apply / 1x2 / 2x1 comparison)
 *                            [--queue-only]  (only the queue's costs: per chunk, bytes through Redis, memory)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, createReadStream } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const { values: opt } = parseArgs({ options: { gib: { type: 'string' }, rounds: { type: 'string' }, op: { type: 'string' }, dtype: { type: 'string' }, json: { type: 'string' }, 'main-only': { type: 'boolean' }, 'queue-only': { type: 'boolean' }, 'skip-sweep': { type: 'boolean' } } });
const GIB = Number(opt.gib ?? 1);
const ROUNDS = Number(opt.rounds ?? 3);
const OP = opt.op ?? 'gelu';
const F64 = opt.dtype === 'float64';
const SIZE = F64 ? 8 : 4;
const dir = mkdtempSync(join(tmpdir(), 'actkit-scale-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (s) => process.stderr.write(`${s}\n`);

function npyHeader(shape, f64) {
  let h = `{'descr': '${f64 ? '<f8' : '<f4'}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + h.length + 1;
  h = h + ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const b = Buffer.alloc(10 + h.length);
  b.write('\x93NUMPY', 0, 'latin1');
  b[6] = 1;
  b.writeUInt16LE(h.length, 8);
  b.write(h, 10, 'latin1');
  return b;
}

/** A float32 (or float64) .npy of `rows` × `cols`, values in [-8, 8) from an LCG, written in 64 MiB pieces. */
function makeNpy(path, rows, cols, f64 = false) {
  const fd = openSync(path, 'w');
  writeSync(fd, npyHeader([rows, cols], f64));
  const n = rows * cols;
  const piece = f64 ? new Float64Array(Math.min(n, 8 * 2 ** 20)) : new Float32Array(Math.min(n, 16 * 2 ** 20));
  let s = 12345;
  for (let done = 0; done < n; done += piece.length) {
    const m = Math.min(piece.length, n - done);
    for (let i = 0; i < m; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      piece[i] = (s / 2 ** 32) * 16 - 8;
    }
    writeSync(fd, new Uint8Array(piece.buffer, 0, m * piece.BYTES_PER_ELEMENT));
  }
  closeSync(fd);
}

const sha = (path) =>
  new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (b) => h.update(b)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function redisCli(port, ...args) {
  return spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();
}

async function startRedis() {
  const port = await freePort();
  const rdir = join(dir, 'redis');
  spawnSync('mkdir', ['-p', rdir]);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', rdir, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  for (let i = 0; i < 200 && redisCli(port, 'PING') !== 'PONG'; i++) await sleep(50);
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

function cli(args, env = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (err += b));
  const done = new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
  return Object.assign(child, { done, err: () => err });
}

async function timed(args) {
  const t = performance.now();
  const r = await cli(args).done;
  const ms = performance.now() - t;
  if (r.code !== 0) throw new Error(`${args.join(' ')}: exit ${r.code}\n${r.err}${r.out}`);
  return ms;
}

/** Starts `n` workers of `threads` threads and waits until each is connected. */
async function workers(redis, queue, n, threads, extra = []) {
  const ws = [];
  for (let i = 0; i < n; i++) ws.push(cli(['worker', '--redis', redis.url, '--queue', queue, '--threads', String(threads), '--name', `w${i}`, ...extra]));
  for (const w of ws) while (!/worker w\d+: queue/.test(w.err())) await sleep(20);
  await sleep(300); // the BullMQ connection after the banner
  return {
    /** Milliseconds the parent of job `id` took to write the output (from the workers' logs). */
    assembleMs: (id) => {
      for (const w of ws) {
        const m = new RegExp(`^${id}: assemble done in (\\d+) ms$`, 'm').exec(w.err());
        if (m) return Number(m[1]);
      }
      return NaN;
    },
    stop: async () => {
      for (const w of ws) w.kill('SIGTERM');
      await Promise.all(ws.map((w) => w.done));
    },
  };
}

let jobSeq = 0;
const submit = (redis, queue, input, output, extra = []) => timed(['submit', OP, input, '-o', output, '--redis', redis.url, '--queue', queue, '--wait', '--job-id', `b${++jobSeq}`, ...extra]);

const results = { machine: { cpus: cpus().length, node: process.version }, op: OP, dtype: F64 ? 'float64' : 'float32', gib: GIB, rounds: ROUNDS };
const redis = await startRedis();
try {
  if (!opt['queue-only']) await fileComparisons(redis);
  if (!opt['main-only']) await queueCosts(redis);
} finally {
  redis.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The 1 GiB file: apply against the two worker layouts, then the chunk size. */
async function fileComparisons(redis) {
  const cols = 1024;
  const rows = Math.round((GIB * 2 ** 30) / SIZE / cols);
  log(`making ${GIB} GiB ${results.dtype} (${rows} x ${cols}) in ${dir}`);
  makeNpy(join(dir, 'x.npy'), rows, cols, F64);

  // 1. apply vs 1 worker × 2 threads vs 2 workers × 1 thread, in rounds
  const times = { apply: [], oneWorkerTwoThreads: [], twoWorkersOneThread: [] };
  const assemble = { oneWorkerTwoThreads: [], twoWorkersOneThread: [] };
  let refHash;
  for (let r = 0; r < ROUNDS; r++) {
    times.apply.push(await timed(['apply', OP, 'x.npy', '-o', 'ref.npy', '-q']));
    refHash ??= await sha(join(dir, 'ref.npy'));
    let w = await workers(redis, 'one', 1, 2);
    times.oneWorkerTwoThreads.push(await submit(redis, 'one', 'x.npy', 'one.npy'));
    assemble.oneWorkerTwoThreads.push(w.assembleMs(`b${jobSeq}`));
    await w.stop();
    w = await workers(redis, 'two', 2, 1);
    times.twoWorkersOneThread.push(await submit(redis, 'two', 'x.npy', 'two.npy'));
    assemble.twoWorkersOneThread.push(w.assembleMs(`b${jobSeq}`));
    await w.stop();
    if (r === 0) {
      results.identical = { oneWorkerTwoThreads: (await sha(join(dir, 'one.npy'))) === refHash, twoWorkersOneThread: (await sha(join(dir, 'two.npy'))) === refHash };
      log(`identical to apply: ${JSON.stringify(results.identical)}`);
    }
    log(`round ${r + 1}: apply ${times.apply[r].toFixed(0)} ms, 1x2 ${times.oneWorkerTwoThreads[r].toFixed(0)} ms, 2x1 ${times.twoWorkersOneThread[r].toFixed(0)} ms`);
  }
  results.gib1 = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { medianMs: median(v), runs: v, ...(assemble[k] ? { assembleMedianMs: median(assemble[k]), assembleRuns: assemble[k] } : {}) }]));
  rmSync(join(dir, 'one.npy'), { force: true });
  rmSync(join(dir, 'two.npy'), { force: true });

  // 2. chunk size: 2 workers × 1 thread, rows per chunk for 1, 4, 16, 64 MiB
  if (!opt['skip-sweep'] && !opt['main-only']) {
    results.chunkSize = [];
    const w = await workers(redis, 'sweep', 2, 1);
    for (const mib of [1, 4, 16, 64]) {
      const rpc = String((mib * 2 ** 20) / SIZE / cols);
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(await submit(redis, 'sweep', 'x.npy', 'sweep.npy', ['--rows-per-chunk', rpc]));
      results.chunkSize.push({ mib, chunks: Math.ceil(rows / Number(rpc)), medianMs: median(runs), runs, assembleMs: w.assembleMs(`b${jobSeq}`) });
      log(`chunks of ${mib} MiB: ${median(runs).toFixed(0)} ms`);
    }
    await w.stop();
    rmSync(join(dir, 'sweep.npy'), { force: true });
  }
}

/** The queue's own costs: per chunk, bytes per second through Redis, and Redis memory per job. */
async function queueCosts(redis) {
  // 3. the queue's cost per chunk: 2,000 one-row chunks (64 floats), through files and through Redis
  makeNpy(join(dir, 'tiny.npy'), 2000, 64);
  results.perChunk = {};
  for (const [name, extra, concurrency] of [
    ['files, 2 workers, concurrency 1', [], 1],
    ['via Redis, 2 workers, concurrency 1', ['--via-redis'], 1],
    ['via Redis, 2 workers, concurrency 8', ['--via-redis'], 8],
  ]) {
    const w = await workers(redis, 'tiny', 2, 1, ['--concurrency', String(concurrency)]);
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await submit(redis, 'tiny', 'tiny.npy', 'tiny.out.npy', ['--rows-per-chunk', '1', ...extra]));
    await w.stop();
    const ms = median(runs);
    results.perChunk[name] = { chunks: 2000, medianMs: ms, msPerChunk: ms / 2000, chunksPerSecond: 2000 / (ms / 1000), runs };
    log(`${name}: ${(ms / 2000).toFixed(3)} ms per chunk, ${(2000 / (ms / 1000)).toFixed(0)} chunks/s`);
  }

  // 3b. bytes through Redis: 128 MiB in 4 MiB chunks, --via-redis, against files, 2 workers × 1 thread
  makeNpy(join(dir, 'mid.npy'), 32768, 1024);
  results.viaRedisBytes = {};
  for (const [name, extra] of [
    ['files', []],
    ['via Redis', ['--via-redis']],
  ]) {
    const w = await workers(redis, 'mid', 2, 1);
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await submit(redis, 'mid', 'mid.npy', 'mid.out.npy', ['--rows-per-chunk', '1024', ...extra]));
    await w.stop();
    results.viaRedisBytes[name] = { mib: 128, chunks: 32, medianMs: median(runs), mibPerSecond: 128 / (median(runs) / 1000), runs };
    log(`128 MiB through ${name}: ${median(runs).toFixed(0)} ms`);
  }

  // 4. Redis memory per queued chunk job (file payloads) and per completed one
  redisCli(redis.port, 'FLUSHALL');
  const mem = () => Number(/used_memory:(\d+)/.exec(redisCli(redis.port, 'INFO', 'memory'))?.[1]);
  const m0 = mem();
  await timed(['submit', OP, 'tiny.npy', '-o', 'mem.npy', '--redis', redis.url, '--queue', 'mem', '--rows-per-chunk', '1', '--job-id', 'mem']);
  const m1 = mem();
  const w = await workers(redis, 'mem', 1, 1, ['--concurrency', '8']);
  while (!/completed/.test((await cli(['status', '--redis', redis.url, '--queue', 'mem', 'mem']).done).out.split('\n')[0] ?? '')) await sleep(200);
  await w.stop();
  const m2 = mem();
  results.redisBytesPerChunk = { queued: (m1 - m0) / 2000, completed: (m2 - m0) / 2000 };
  log(`Redis memory per chunk job: ${results.redisBytesPerChunk.queued.toFixed(0)} B queued, ${results.redisBytesPerChunk.completed.toFixed(0)} B once completed`);
}
const text = JSON.stringify(results, null, 2);
if (opt.json) writeFileSync(opt.json, `${text}\n`);
process.stdout.write(`${text}\n`);
