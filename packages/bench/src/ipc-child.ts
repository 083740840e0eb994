/** A forked child process spoken to over IPC, one question and one answer at a time. */
import { fork, type ChildProcess } from 'node:child_process';

/** Every answer has a tag; `{ t: 'error', message }` is a failure in the child. */
type Tagged = { readonly t: string };

export class IpcChild<To extends Tagged, From extends Tagged> {
  private readonly proc: ChildProcess;
  private waiting: { resolve: (m: From) => void; reject: (e: Error) => void } | undefined;
  private readonly early: From[] = [];
  private stdout = '';
  exited = false;

  constructor(
    /** What errors name: the implementation or row id. */
    readonly name: string,
    entry: string,
    args: readonly string[],
  ) {
    this.proc = fork(entry, [...args], {
      // stdout is not ours to print: TF.js writes a banner there
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.proc.stdout?.on('data', (d: Buffer) => {
      this.stdout = (this.stdout + d.toString()).slice(-4000);
    });
    this.proc.stderr?.on('data', (d: Buffer) => {
      this.stdout = (this.stdout + d.toString()).slice(-4000);
    });
    this.proc.on('message', (m: From) => {
      const w = this.waiting;
      if (w === undefined) this.early.push(m);
      else {
        this.waiting = undefined;
        w.resolve(m);
      }
    });
    this.proc.on('exit', (code) => {
      this.exited = true;
      const w = this.waiting;
      this.waiting = undefined;
      w?.reject(new Error(`${name} child exited (${code}); its output ended with: ${this.stdout.slice(-600)}`));
    });
  }

  next(): Promise<From> {
    const m = this.early.shift();
    if (m !== undefined) return Promise.resolve(m);
    if (this.exited) return Promise.reject(new Error(`${this.name} child has exited: ${this.stdout.slice(-600)}`));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Sends `m` (none: just waits) and returns the answer tagged `want`; throws on an error answer. */
  async ask<T extends From['t']>(m: To | undefined, want: T): Promise<Extract<From, { t: T }>> {
    if (m !== undefined) this.proc.send(m);
    const r = await this.next();
    if (r.t === 'error') throw new Error(`${this.name}: ${(r as unknown as { message: string }).message}`);
    if (r.t !== want) throw new Error(`${this.name}: expected '${want}', got '${r.t}'`);
    return r as Extract<From, { t: T }>;
  }

  /** Sends `exitMessage` and waits for the exit (killing the child after 5 s). */
  async close(exitMessage: To): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.send(exitMessage);
    const timer = setTimeout(() => this.proc.kill(), 5000);
    await done;
    clearTimeout(timer);
  }
}
