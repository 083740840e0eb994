/**
 * A real `redis-server` for one test file: a free loopback port, its own temp dir, `noeviction`
 * (BullMQ needs it), and either no persistence or the AOF settings the README recommends
 * (`appendonly yes`, `appendfsync everysec`). Missing redis-server fails the test with how to get it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Kills the server with SIGKILL (a crash: nothing flushed beyond what the AOF policy wrote). */
  crash(): Promise<void>;
  /** Starts it again on the same port and folder (after {@link crash}); resolves once it answers. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisOptions {
  /** `'aof'`: `appendonly yes` + `appendfsync everysec` (the README's recommendation); default none. */
  persistence?: 'none' | 'aof';
}

const BIN = process.env['REDIS_SERVER'] ?? 'redis-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let got = '';
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.on('data', (b) => {
      got += b.toString('latin1');
      if (got.includes('\r\n')) done(got.startsWith('+PONG'));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

function launch(port: number, dir: string, persistence: 'none' | 'aof'): { child: ChildProcess; log: () => string } {
  const persist = persistence === 'aof' ? ['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--save', '', '--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', ...persist, '--dir', dir, '--maxmemory-policy', 'noeviction', '--daemonize', 'no'];
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  return { child, log: () => log };
}

async function answers(child: ChildProcess, port: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (child.exitCode === null && Date.now() < deadline && !(await ping(port))) await new Promise((r) => setTimeout(r, 50));
  return child.exitCode === null && (await ping(port));
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited(child);
  clearTimeout(t);
}

/** Starts redis-server on 127.0.0.1 and resolves once it answers PING. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const probe = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${BIN} not found (${probe.error?.message ?? probe.stderr}): \`bash tools/run test\` installs it (Debian package redis-server), or apt-get install -y redis-server`);
  }
  const persistence = options.persistence ?? 'none';
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'actkit-redis-'));
    let server = launch(port, dir, persistence);
    if (await answers(server.child, port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        dir,
        crash: () => kill(server.child, 'SIGKILL'),
        restart: async () => {
          server = launch(port, dir, persistence);
          if (!(await answers(server.child, port))) throw new Error(`redis-server did not restart on 127.0.0.1:${port}:\n${server.log()}`);
        },
        stop: async () => {
          await kill(server.child, 'SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await kill(server.child, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    if (attempt >= 2) throw new Error(`redis-server did not start on 127.0.0.1:${port}:\n${server.log()}`);
  }
}
