/**
 * A child process that hosts one implementation module (argv[2]) and answers the runner's
 * messages over IPC. Every implementation gets its own process, so one library's threads,
 * heap and JIT state cannot slow another's.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadImplementation } from './impl/index.js';
import { isRunnable, reason, type Implementation, type Prepared, type Runnable } from './impl/types.js';
import { makeInput } from './inputs.js';
import { getOp, inputShape } from './ops.js';
import { rowInfoOf, type FromChild, type PreparedRow, type ToChild } from './protocol.js';
import { sample, warmUp, type Timed } from './sampler.js';

const send = (m: FromChild): void => {
  process.send?.(m);
};

let impl: Implementation;
let timed = new Map<string, Timed>();
let prepared: Prepared[] = [];

async function release(): Promise<void> {
  for (const p of prepared) if (isRunnable(p)) await p.dispose?.();
  prepared = [];
  timed = new Map();
}

async function prepare(m: Extract<ToChild, { t: 'prepare' }>): Promise<PreparedRow[]> {
  await release();
  const op = getOp(m.op);
  const c = { op, n: m.n, x: makeInput(op, m.n), shape: inputShape(op, m.n) };
  prepared = await impl.prepare(c);
  const rows: PreparedRow[] = [];
  for (const p of prepared) {
    if (!isRunnable(p)) {
      rows.push({ ...rowInfoOf(p), unavailable: p.unavailable });
      continue;
    }
    const r: Runnable = p;
    try {
      const t = await warmUp(r, m.warmupMs);
      timed.set(r.id, t);
      const out = r.output();
      const file = path.join(m.outDir, `${r.id}.f32`);
      writeFileSync(file, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      rows.push({ ...rowInfoOf(r), outputFile: file, perPassMs: t.perPassMs, ...(r.coldStartMs === undefined ? {} : { coldStartMs: r.coldStartMs }) });
    } catch (e) {
      rows.push({ ...rowInfoOf(r), unavailable: `failed while warming up: ${reason(e)}` });
    }
  }
  return rows;
}

async function handle(m: ToChild): Promise<void> {
  try {
    switch (m.t) {
      case 'prepare':
        send({ t: 'prepared', rows: await prepare(m) });
        return;
      case 'sample': {
        const t = timed.get(m.row);
        if (t === undefined) throw new Error(`row ${m.row} is not prepared`);
        send({ t: 'sample', sample: await sample(t, m.minMs) });
        return;
      }
      case 'release':
        await release();
        send({ t: 'released' });
        return;
      case 'exit':
        await release();
        await impl.close?.();
        process.disconnect?.();
        process.exit(0);
    }
  } catch (e) {
    send({ t: 'error', message: reason(e) });
  }
}

async function main(): Promise<void> {
  const id = process.argv[2];
  if (id === undefined) throw new Error('usage: child.js <implementation id>');
  impl = await loadImplementation(id);
  // one message at a time: the runner waits for each answer before sending the next
  let queue = Promise.resolve();
  process.on('message', (m: ToChild) => {
    queue = queue.then(() => handle(m));
  });
  process.on('disconnect', () => process.exit(0));
  send({ t: 'ready' });
}

main().catch((e: unknown) => {
  send({ t: 'error', message: reason(e) });
  process.exit(1);
});
