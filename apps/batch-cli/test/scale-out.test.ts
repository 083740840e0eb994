/**
 * Scale-out on BullMQ against a real redis-server (started here on a free loopback port): the
 * built CLI's submit / worker / status, as separate processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, tmp, values, writeNpy } from './helpers.js';
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

function startCli(args: string[], cwd: string): ChildProcess & { log: () => string; done: Promise<Run> } {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  return Object.assign(child, { log: () => err, done });
}

const run = (args: string[], cwd: string): Promise<Run> => startCli(args, cwd).done;

function startWorker(cwd: string, queue: string, extra: string[] = []): ReturnType<typeof startCli> {
  const w = startCli(['worker', '--redis', redis.url, '--queue', queue, '--threads', '1', ...extra], cwd);
  workers.push(w);
  return w;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function status(cwd: string, queue: string, job?: string): Promise<any> {
  const r = await run(['status', '--redis', redis.url, '--queue', queue, '--json', ...(job ? [job] : [])], cwd);
  return JSON.parse(r.out);
}

describe('scale-out: submit, workers and status on a real Redis', () => {
  it('two worker processes give an output byte-identical to apply; SIGTERM exits 0', async () => {
    const d = tmp();
    const q = 'same';
    writeNpy(join(d, 'x.npy'), Float32Array.from(values(250 * 40)), [250, 40], 'float32');
    writeNpy(join(d, 'y.npy'), Float64Array.from(values(97 * 13, 5)), [97, 13], 'float64', false);
    const w1 = startWorker(d, q);
    const w2 = startWorker(d, q);
    const cases: Array<[string, string, string[]]> = [
      ['gelu', 'x.npy', []],
      ['softmax', 'y.npy', ['--dim', '-1']],
      ['leaky_relu', 'x.npy', ['--param', 'negativeSlope=0.2']],
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
      return st.counts.completed === 3 && st.failed.some((f: any) => f.id === 'bad1-c3') ? st : undefined;
    });
    const f = s.failed.find((x: any) => x.id === 'bad1-c3');
    expect(f.attempts).toBe(2);
    expect(f.reason).toMatch(/truncated/);
    expect(existsSync(join(d, 'out.npy'))).toBe(false);
    const text = await run(['status', '--redis', redis.url, '--queue', q, 'bad1'], d);
    expect(text.out).toMatch(/FAILED bad1-c3 \(chunk\) after 2 attempt\(s\): .*truncated/);
    w.kill('SIGTERM');
    expect((await w.done).code).toBe(0);
  });

  it('hostile payloads are rejected before any work, at submit and in the worker (no retries)', async () => {
    const d = tmp();
    const q = 'hostile';
    writeNpy(join(d, 'x.npy'), Float32Array.from(values(40)), [4, 10], 'float32');
    const sub = join(d, 'sub');
    mkdirSync(sub);
    const o2 = await run(['submit', 'relu', join(d, 'x.npy'), '-o', 'out.npy', '--redis', redis.url, '--queue', q, '--data-root', sub], d);
    expect(o2.code).toBe(2);
    expect(o2.err).toMatch(/outside the job's data root/);
    const unknown = await run(['submit', 'nosuchop', 'x.npy', '-o', 'out.npy', '--redis', redis.url, '--queue', q], d);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/nosuchop/);

    // payloads written straight into the queue, past submit
    const queue = new Queue(q, { connection: { url: redis.url } });
    const base = { kind: 'chunk', v: 1, job: 'h', activation: 'relu', params: {}, input: 'x.npy', parts: '.parts', index: 0, rowStart: 0, rowEnd: 4, dtype: 'float32', littleEndian: true, shape: [4, 10], dataOffset: 128 };
    const hostile: Array<[string, object, RegExp]> = [
      ['escape', { ...base, input: '../../../../etc/passwd' }, /outside the job's data root/],
      ['absolute', { ...base, parts: '/tmp/evil' }, /outside the job's data root/],
      ['unknown-op', { ...base, activation: 'rm -rf' }, /rm -rf/],
      ['absurd', { ...base, shape: [2 ** 40, 2 ** 20], rowEnd: 2 ** 30 }, /over the limit/],
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
    expect(readdirSync(d).sort()).toEqual(['sub', 'x.npy']);
    await queue.close();
    w.kill('SIGTERM');
    expect((await w.done).code).toBe(0);
  });
});
