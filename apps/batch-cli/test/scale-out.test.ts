/**
 * Scale-out on BullMQ against a real redis-server (started here on a free loopback port): the
 * built CLI's submit / worker / status, as separate processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, tmp, values, writeNpy } from './helpers.js';
import { partName } from '../src/scale/payload.js';
import { runStatus } from '../src/scale/status.js';
import { startRedis, type RedisServer } from './support/redis.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let redis: RedisServer;
const workers: ChildProcess[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await redis?.stop();
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function startCli(args: string[], cwd: string): ChildProcess & { log: () => string; printed: () => string; done: Promise<Run> } {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  return Object.assign(child, { log: () => err, printed: () => out, done });
}

const run = (args: string[], cwd: string): Promise<Run> => startCli(args, cwd).done;

function startWorker(cwd: string, queue: string, extra: string[] = []): ReturnType<typeof startCli> {
  const w = startCli(['worker', '--redis', redis.url, '--queue', queue, '--threads', '1', ...extra], cwd);
  workers.push(w);
  return w;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000, every = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The temporary part file that worker `pid` is writing in `parts` (it exists only mid-chunk). */
const tempOf = (parts: string, pid: number | undefined): Promise<string> =>
  until(`worker ${pid} mid-chunk`, async () => (existsSync(parts) ? readdirSync(parts).find((n) => n.includes(`.actkit-${pid}-`)) : undefined), 60_000, 2);

/** A float64 .npy of `rows` × 1024 and `apply gelu` of it: chunks of 512 rows take ~0.1 s on js. */
async function bigJob(d: string, rows: number): Promise<void> {
  writeNpy(join(d, 'x.npy'), Float64Array.from(values(rows * 1024, 7)), [rows, 1024], 'float64');
  const ref = await apply(['gelu', join(d, 'x.npy'), '-o', join(d, 'ref.npy'), '-q']);
  expect(ref.code, ref.err).toBe(0);
}

/**
 * Submits {@link bigJob}'s 2048 rows as 4 chunks (job `id`) and starts worker A (js backend);
 * resolves once A is mid-chunk, with the name of the temporary part it is writing.
 */
async function workerMidChunk(d: string, q: string, id: string, extra: string[]): Promise<{ a: ReturnType<typeof startWorker>; parts: string; temp: string }> {
  await bigJob(d, 2048);
  const sub = await run(['submit', 'gelu', 'x.npy', '-o', 'out.npy', '--redis', redis.url, '--queue', q, '--rows-per-chunk', '512', '--job-id', id], d);
  expect(sub.code, sub.err).toBe(0);
  const parts = join(d, `.out.npy.parts-${id}`);
  const a = startWorker(d, q, ['--backend', 'js', '--name', 'A', ...extra]);
  return { a, parts, temp: await tempOf(parts, a.pid) };
}

const chunkOf = (temp: string): number => Number(/part-(\d+)/.exec(temp)?.[1]);

const sameAsApply = (d: string): boolean => readFileSync(join(d, 'out.npy')).equals(readFileSync(join(d, 'ref.npy')));

/** Waits until `status` lists every worker in `names` as connected. */
async function connected(cwd: string, queue: string, names: string[]): Promise<void> {
  await until(`workers ${names.join(', ')} connected`, async () => ((await status(cwd, queue)).workers as string[]).filter((w) => names.includes(w)).length === names.length || undefined, 60_000, 200);
}

/** `status --json`, run in this process (polling it through a new CLI process would load the machine). */
async function status(_cwd: string, queue: string, job?: string): Promise<any> {
  let out = '';
  await runStatus(['--redis', redis.url, '--queue', queue, '--json', ...(job ? [job] : [])], { out: (line) => (out += line), err: () => {}, isTTY: false });
  return JSON.parse(out);
}

describe('scale-out: submit, workers and status on a real Redis', () => {
  it('two worker processes give an output byte-identical to apply; SIGTERM exits 0', async () => {
    const d = tmp();
    const q = 'same';
    writeNpy(join(d, 'x.npy'), Float32Array.from(values(250 * 40)), [250, 40], 'float32');
    writeNpy(join(d, 'y.npy'), Float64Array.from(values(97 * 13, 5)), [97, 13], 'float64', false);
    const w1 = startWorker(d, q, ['--name', 'S1']);
    const w2 = startWorker(d, q, ['--name', 'S2']);
    await connected(d, q, ['S1', 'S2']);
    const cases: Array<[string, string, string[]]> = [
      ['gelu', 'x.npy', []],
      ['softmax', 'y.npy', ['--dim', '-1']],
      ['leaky_relu', 'x.npy', ['--param', 'negativeSlope=0.2']],
      // random slopes drawn by element index: each chunk must start its stream at its own offset
      ['rrelu', 'x.npy', ['--param', 'training=true', '--param', 'seed=7']],
    ];
    for (const [op, input, extra] of cases) {
      const ref = await apply([op, join(d, input), '-o', join(d, `${op}.ref.npy`), '-q', ...extra]);
      expect(ref.code, ref.err).toBe(0);
      const r = await run(['submit', op, input, '-o', `${op}.out.npy`, '--redis', redis.url, '--queue', q, '--rows-per-chunk', '16', '--wait', ...extra], d);
      expect(r.code, r.err + r.out).toBe(0);
      expect(readFileSync(join(d, `${op}.out.npy`)).equals(readFileSync(join(d, `${op}.ref.npy`))), op).toBe(true);
    }
    // parts removed, no temporaries left; both workers did chunks
    expect(readdirSync(d).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(w1.log()).toMatch(/chunk done/);
    expect(w2.log()).toMatch(/chunk done/);
    const s = await status(d, q);
    expect(s.counts.failed).toBe(0);
    w1.kill('SIGTERM');
    w2.kill('SIGTERM');
    expect((await w1.done).code, w1.log()).toBe(0);
    expect((await w2.done).code, w2.log()).toBe(0);
  }, 240_000); // four ops, each an apply and a submit in new processes: a minute when the whole suite shares 2 cores

  it('a folder of files: one flow, each file assembled, a root that finalises; outputs byte-identical to apply; status shows progress per worker', async () => {
    const d = tmp();
    const q = 'folder';
    mkdirSync(join(d, 'in', 'sub'), { recursive: true });
    writeNpy(join(d, 'in', 'a.npy'), Float32Array.from(values(300 * 20, 3)), [300, 20], 'float32');
    writeNpy(join(d, 'in', 'sub', 'b.npy'), Float64Array.from(values(50 * 7, 4)), [50, 7], 'float64', false);
    writeNpy(join(d, 'in', 'c.npy'), Float32Array.from(values(9, 5)), [9], 'float32');
    const ref = await apply(['silu', join(d, 'in'), '-o', join(d, 'ref'), '-q']);
    expect(ref.code, ref.err).toBe(0);
    const w1 = startWorker(d, q, ['--name', 'W1']);
    const w2 = startWorker(d, q, ['--name', 'W2']);
    await connected(d, q, ['W1', 'W2']);
    const r = await run(['submit', 'silu', 'in', '-o', 'out', '--redis', redis.url, '--queue', q, '--rows-per-chunk', '16', '--job-id', 'dir1', '--wait'], d);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/dir1: 24 chunk\(s\) of 3 file\(s\) queued/);
    for (const f of ['a.npy', join('sub', 'b.npy'), 'c.npy']) expect(readFileSync(join(d, 'out', f)).equals(readFileSync(join(d, 'ref', f))), f).toBe(true);
    expect(readdirSync(join(d, 'out')).sort()).toEqual(['a.npy', 'c.npy', 'sub']);
    expect(readdirSync(join(d, 'out', 'sub'))).toEqual(['b.npy']);

    const s = await status(d, q, 'dir1');
    expect(s.state).toBe('completed');
    expect(s.progress).toMatchObject({ done: 24, total: 24, failed: 0 });
    expect(Object.values(s.progress.byWorker as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(24);
    expect(Object.keys(s.progress.byWorker).every((w) => w === 'W1' || w === 'W2')).toBe(true);
    expect(s.workers).toEqual(['W1', 'W2']);
    const text = await run(['status', '--redis', redis.url, '--queue', q, 'dir1'], d);
    expect(text.out).toMatch(/dir1: completed, 24\/24 chunks done/);
    expect(text.out).toMatch(/workers: W1, W2/);

    writeFileSync(join(d, 'in', 'z.npz'), 'not used');
    const npz = await run(['submit', 'silu', 'in', '-o', 'out2', '--redis', redis.url, '--queue', q], d);
    expect(npz.code).toBe(2);
    expect(npz.err).toMatch(/z\.npz: submit takes \.npy files/);
    for (const w of [w1, w2]) w.kill('SIGTERM');
    for (const w of [w1, w2]) expect((await w.done).code, w.log()).toBe(0);
  });

  it('--via-redis: rows travel through Redis to workers with no access to the data; the output is identical; the job and its bytes leave Redis', async () => {
    const d = tmp();
    const elsewhere = tmp(); // the workers' data root: the input is not there
    const q = 'inline';
    writeNpy(join(d, 'x.npy'), Float32Array.from(values(400 * 30, 9)), [400, 30], 'float32', false);
    const ref = await apply(['log_softmax', join(d, 'x.npy'), '-o', join(d, 'ref.npy'), '--dim', '1', '-q']);
    expect(ref.code, ref.err).toBe(0);
    const w1 = startWorker(elsewhere, q, ['--name', 'R1']);
    const w2 = startWorker(elsewhere, q, ['--name', 'R2']);
    const r = await run(['submit', 'log_softmax', 'x.npy', '-o', 'out.npy', '--dim', '1', '--redis', redis.url, '--queue', q, '--rows-per-chunk', '50', '--via-redis', '--job-id', 'in1'], d);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/in1: 8 chunk\(s\) of 1 file\(s\) queued on inline through Redis/);
    expect(sameAsApply(d)).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect((await status(d, q, 'in1')).state, 'removed once written').toBe('unknown');
    expect((await status(d, q)).counts.completed).toBe(0);
    const client = new Redis(redis.url);
    expect(await client.keys('actkit:*')).toEqual([]);
    client.disconnect();

    writeNpy(join(d, 'big.npy'), new Float32Array(3000 * 1024), [3000, 1024], 'float32');
    const big = await run(['submit', 'relu', 'big.npy', '-o', 'o.npy', '--redis', redis.url, '--queue', q, '--rows-per-chunk', '3000', '--via-redis'], d);
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/over --via-redis's limit of 8388608: lower --rows-per-chunk/);
    for (const w of [w1, w2]) w.kill('SIGTERM');
    for (const w of [w1, w2]) expect((await w.done).code, w.log()).toBe(0);
  });

  it('a worker SIGKILLed mid-chunk: the stalled-job check gives its chunk to another worker; the output is complete and identical', async () => {
    const d = tmp();
    const q = 'sigkill';
    const { a, parts, temp } = await workerMidChunk(d, q, 'k1', ['--lock-ms', '2000']);
    a.kill('SIGKILL');
    expect((await a.done).signal).toBe('SIGKILL');
    expect(existsSync(join(parts, temp)), 'killed before its rename: mid-chunk').toBe(true);
    const chunk = chunkOf(temp);
    expect((await status(d, q, 'k1')).state).not.toBe('completed');

    const b = startWorker(d, q, ['--backend', 'js', '--lock-ms', '2000', '--name', 'B']);
    await until('the output', async () => ((await status(d, q, 'k1')).state === 'completed' ? true : undefined), 60_000);
    expect(b.log()).toContain(`k1~c${chunk}: chunk started`);
    expect(sameAsApply(d)).toBe(true);
    expect(existsSync(parts), 'the parts folder, with the dead worker\'s temporary, is gone').toBe(false);
    const s = await status(d, q, 'k1');
    expect(s.failed).toEqual([]);
    b.kill('SIGTERM');
    expect((await b.done).code, b.log()).toBe(0);
  });

  it('SIGTERM mid-chunk: the worker finishes the chunk in hand, takes no other, exits 0; another worker does the rest', async () => {
    const d = tmp();
    const q = 'sigterm';
    const { a, parts, temp } = await workerMidChunk(d, q, 't1', ['--concurrency', '1']);
    const chunk = chunkOf(temp);
    a.kill('SIGTERM');
    const r = await a.done;
    expect(r.code, r.err).toBe(0);
    const after = r.err.slice(r.err.indexOf('SIGTERM'));
    expect(after).toContain(`t1~c${chunk}: chunk done`);
    expect(after).not.toMatch(/chunk started/);
    expect(existsSync(join(parts, partName(chunk))), 'its part was committed').toBe(true);
    expect(readdirSync(parts).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const s = await status(d, q, 't1');
    expect(s.counts.active).toBe(0);
    expect(s.state).toBe('waiting-children');

    const b = startWorker(d, q, ['--backend', 'js', '--name', 'B']);
    await until('the output', async () => ((await status(d, q, 't1')).state === 'completed' ? true : undefined), 60_000);
    expect(b.log()).not.toContain(`t1~c${chunk}: chunk started`);
    expect(sameAsApply(d)).toBe(true);
    b.kill('SIGTERM');
    expect((await b.done).code, b.log()).toBe(0);
  });

  it('Redis crashes (SIGKILL) mid-job and restarts with the recommended AOF settings: the job resumes and the output is identical', async () => {
    const aof = await startRedis({ persistence: 'aof' });
    try {
      const d = tmp();
      await bigJob(d, 4096);
      // submit --wait rides through the outage too
      const sub = startCli(['submit', 'gelu', 'x.npy', '-o', 'out.npy', '--redis', aof.url, '--rows-per-chunk', '512', '--job-id', 'r1', '--wait'], d);
      await until('the flow queued', async () => (/queued/.test(sub.printed()) ? true : undefined));
      await sleep(1500); // appendfsync everysec: what is older than a second is on disk
      // a chunk whose completion the crash lost is retaken once its lock expires
      const w = startCli(['worker', '--redis', aof.url, '--threads', '1', '--backend', 'js', '--name', 'A', '--lock-ms', '5000'], d);
      workers.push(w);
      await until('a chunk done', async () => (/chunk done/.test(w.log()) ? true : undefined), 60_000, 5);
      await aof.crash();
      const atCrash = w.log();
      expect((atCrash.match(/chunk done/g) ?? []).length, 'crashed mid-job').toBeLessThan(8);
      await sleep(300);
      await aof.restart();
      const r = await sub.done;
      expect(r.code, r.err + r.out + w.log()).toBe(0);
      expect(r.out).toContain('r1: done');
      expect(sameAsApply(d)).toBe(true);
      expect(w.log().slice(atCrash.length), 'the same worker went on after the restart').toMatch(/chunk done[^]*r1: assemble done/);
      w.kill('SIGTERM');
      expect((await w.done).code, w.log()).toBe(0);
    } finally {
      await aof.stop();
    }
  });

  it('a chunk over a corrupt (truncated) slice fails after its retries with the reason; the rest complete; status names it', async () => {
    const d = tmp();
    const q = 'corrupt';
    writeNpy(join(d, 'x.npy'), Float32Array.from(values(100 * 10)), [100, 10], 'float32');
    const r = await run(['submit', 'sigmoid', 'x.npy', '-o', 'out.npy', '--redis', redis.url, '--queue', q, '--rows-per-chunk', '25', '--attempts', '2', '--job-id', 'bad1'], d);
    expect(r.code, r.err).toBe(0);
    truncateSync(join(d, 'x.npy'), statSync(join(d, 'x.npy')).size - 40); // the last rows are gone
    const w = startWorker(d, q);
    const s = await until('the failed chunk', async () => {
      const st = await status(d, q, 'bad1');
      return st.progress.done === 3 && st.failed.some((f: any) => f.id === 'bad1~c3') ? st : undefined;
    });
    expect(s.state, 'a failed chunk fails its parent').toBe('failed');
    expect(s.progress).toMatchObject({ done: 3, total: 4 });
    const f = s.failed.find((x: any) => x.id === 'bad1~c3');
    expect(f.attempts).toBe(2);
    expect(f.reason).toMatch(/truncated/);
    expect(existsSync(join(d, 'out.npy'))).toBe(false);
    const text = await run(['status', '--redis', redis.url, '--queue', q, 'bad1'], d);
    expect(text.out).toMatch(/FAILED bad1~c3 \(chunk\) after 2 attempt\(s\): .*truncated/);
    w.kill('SIGTERM');
    expect((await w.done).code).toBe(0);
  });

  it('hostile payloads are rejected before any work, at submit and in the worker (no retries)', async () => {
    const d = tmp();
    const q = 'hostile';
    writeNpy(join(d, 'x.npy'), Float32Array.from(values(40)), [4, 10], 'float32');
    const sub = join(d, 'sub');
    mkdirSync(sub);
    symlinkSync(tmpdir(), join(d, 'link')); // inside the root, pointing out of it
    const o2 = await run(['submit', 'relu', join(d, 'x.npy'), '-o', 'out.npy', '--redis', redis.url, '--queue', q, '--data-root', sub], d);
    expect(o2.code).toBe(2);
    expect(o2.err).toMatch(/outside the job's data root/);
    const unknown = await run(['submit', 'nosuchop', 'x.npy', '-o', 'out.npy', '--redis', redis.url, '--queue', q], d);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/nosuchop/);

    // payloads written straight into the queue, past submit
    const queue = new Queue(q, { connection: { url: redis.url } });
    const base = { kind: 'chunk', v: 1, job: 'h', activation: 'relu', params: {}, input: 'x.npy', output: 'out.npy', index: 0, rowStart: 0, rowEnd: 4, dtype: 'float32', littleEndian: true, shape: [4, 10], dataOffset: 128 };
    const hostile: Array<[string, object, RegExp]> = [
      ['escape', { ...base, input: '../../../../etc/passwd' }, /outside the job's data root/],
      ['h~c1', { ...base, output: '/tmp/evil' }, /outside the job's data root/],
      ['h~c4', { ...base, index: 4, input: 'link/x.npy' }, /input "link\/x\.npy" is outside the job's data root/],
      ['h~c2', { ...base, output: 'sub/../../evil.npy' }, /outside the job's data root/],
      ['h~c3', { ...base, kind: 'assemble', output: 'x.npy/..', count: 1, rowsPerChunk: 4 }, /output "x\.npy\/\.\." is outside the job's data root/],
      ['other-job', { ...base }, /a chunk payload of job "h" under the job id "other-job"/],
      ['h~c9', { ...base }, /under the job id "h~c9"/],
      ['unknown-op', { ...base, activation: 'rm -rf' }, /rm -rf/],
      ['absurd', { ...base, shape: [2 ** 40, 2 ** 20], rowEnd: 2 ** 30 }, /over the limit/],
      ['huge-chunk', { ...base, shape: [2 ** 20, 2 ** 11], rowEnd: 2 ** 20 }, /a chunk of 2147483648 elements is over the limit/],
      ['inline-huge', { kind: 'inline-chunk', v: 1, job: 'h', activation: 'relu', params: {}, index: 0, rowStart: 0, rowEnd: 2 ** 20, dtype: 'float32', littleEndian: true, shape: [2 ** 20, 4] }, /an inline chunk of 16777216 bytes is over the limit/],
      ['h~c0', { kind: 'inline-chunk', v: 1, job: 'h', activation: 'relu', params: {}, index: 0, rowStart: 0, rowEnd: 4, dtype: 'float32', littleEndian: true, shape: [4, 10] }, /its input is not in Redis/],
      ['job-key', { ...base, job: 'h:*' }, /job must be letters/],
      ['unknown-param', { ...base, activation: 'elu', params: { alpha: 1, rm: 1 } }, /elu: unknown option "rm"; valid options: alpha/],
    ];
    for (const [id, data] of hostile) await queue.add('chunk', data, { jobId: id, attempts: 3 });
    const w = startWorker(d, q);
    const s = await until('the hostile jobs failed', async () => {
      const st = await status(d, q);
      return st.failed.length === hostile.length ? st : undefined;
    });
    for (const [id, , why] of hostile) {
      const f = s.failed.find((x: any) => x.id === id);
      expect(f?.reason, id).toMatch(why);
      expect(f?.attempts, id).toBe(1);
    }
    expect(readdirSync(d).sort()).toEqual(['link', 'sub', 'x.npy']);
    await queue.close();
    w.kill('SIGTERM');
    expect((await w.done).code).toBe(0);
  });
});
