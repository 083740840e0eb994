/**
 * The built CLI (`dist/main.js`, run by `pnpm build` before `pnpm test`) as a user runs it: help,
 * exit codes, signals mid-run, and memory on a file much larger than its chunks.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpyHeader } from '../src/formats/npy.js';
import { ls, tmp, values } from './helpers.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

/** A ~256 MiB float32 .npy of shape [2^16, 1024], written in 16 MiB blocks. */
function bigNpy(path: string, rows = 1 << 16, cols = 1024): number {
  const fd = openSync(path, 'w');
  writeSync(fd, encodeNpyHeader({ dtype: 'float32', littleEndian: true, fortranOrder: false, shape: [rows, cols] }));
  const block = Float32Array.from(values(1 << 22, 11));
  const bytes = new Uint8Array(block.buffer);
  let left = rows * cols * 4;
  while (left > 0) {
    const n = Math.min(left, bytes.length);
    writeSync(fd, bytes, 0, n);
    left -= n;
  }
  closeSync(fd);
  return statSync(path).size;
}

let dir: string;
let big: string;
beforeAll(() => {
  dir = tmp();
  big = join(dir, 'big.npy');
  bigNpy(big);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('actkit-batch (built)', () => {
  it('--help, apply --help, an unknown command or flag', () => {
    const h = cli(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/actkit-batch <command>/);
    const a = cli(['apply', '--help']);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/--resume/);
    expect(cli(['frob']).status).toBe(2);
    const f = cli(['apply', 'relu', 'a.npy', '-o', 'b.npy', '--fast']);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/Unknown option '--fast'/);
  });

  it('streams a 256 MiB .npy with bounded memory (peak RSS under 300 MB) and plain progress lines when not a TTY', () => {
    const out = join(dir, 'relu.npy');
    const r = cli(['apply', 'relu', big, '-o', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.counts.done).toBe(1);
    expect(s.maxRssBytes).toBeLessThan(300e6);
    expect(statSync(out).size).toBe(statSync(big).size);
    rmSync(out);
    const p = cli(['apply', 'relu', big, '-o', out, '--progress', 'lines'], { ACTKIT_PROGRESS_MS: '20' });
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/progress: \d+% [\d.]+\/268\.4 MB, \d+ MB\/s, ETA/);
    expect(p.stderr).toMatch(/relu: 1 done, 0 skipped, 0 failed of 1 file/);
    rmSync(out);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} mid-run removes the temporary file and leaves no output`, async () => {
      const out = join(dir, `${signal}.npy`);
      const child = spawn(process.execPath, [MAIN, 'apply', 'gelu', big, '-o', out, '--backend', 'js', '--progress', 'lines'], {
        env: { ...process.env, ACTKIT_PROGRESS_MS: '50' },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      // wait until the run is writing its temporary file
      const t0 = Date.now();
      while (!ls(dir).some((n) => n.endsWith('.tmp')) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
      expect(ls(dir).some((n) => n.startsWith(`.${signal}.npy.actkit-`))).toBe(true);
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill(signal);
      });
      expect(code).toBe(signal === 'SIGTERM' ? 143 : 130);
      expect(stderr).toMatch(new RegExp(`${signal}: stopped; temporary files removed`));
      expect(ls(dir).filter((n) => n !== 'big.npy')).toEqual([]);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('after a SIGKILL (no chance to clean), the next run removes the stale temporary', async () => {
    const out = join(dir, 'killed.npy');
    const child = spawn(process.execPath, [MAIN, 'apply', 'gelu', big, '-o', out, '--backend', 'js', '-q']);
    const t0 = Date.now();
    while (!ls(dir).some((n) => n.endsWith('.tmp')) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGKILL');
    });
    expect(ls(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    const r = cli(['apply', 'relu', big, '-o', join(dir, 'x.npy'), '--array', 'none', '--shape', '7'], {});
    expect(r.status).not.toBe(0); // a failing run in the same folder still cleans up first
    expect(ls(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
