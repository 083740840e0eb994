/**
 * The command line: `reference-check [--dir DIR] [--runtime NAME] [--backend B] [--json FILE] [--only A,B]`.
 * Every group whose file is in DIR runs: activations and softmax through the runtime, losses,
 * optimizers and MLP training inline on @actkit/models.
 * Exit status 0 when every case passes, 1 when any case fails (or none ran), 2 on a usage or
 * data error.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REFERENCE_DIR } from '@actkit/reference';
import { loadPlan } from './plan.js';
import { formatReport } from './report.js';
import { writeResults } from './results.js';
import { runPlan } from './runPlan.js';
import { createRuntime, runtimeNames, runtimes } from './runtimes/index.js';

/** Where the CLI writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

/** The PyTorch reference vectors of @actkit/reference (tools/reference/vectors). */
export const defaultDir: string = REFERENCE_DIR;

function usage(): string {
  const width = Math.max(...runtimeNames().map((n) => n.length));
  const list = runtimeNames()
    .map((n) => `    ${n.padEnd(width)}  ${runtimes[n]?.description ?? ''}`)
    .join('\n');
  return `usage: reference-check [--dir DIR] [--runtime NAME] [--backend js|wasm] [--json FILE] [--only NAME,...]

Runs every case of a PyTorch reference directory through actkit and compares it with torch's
values, group by group, for each group whose file is in the directory:

  activations   activations.json (+ activations/)  y, dx (and PReLU's dweight)   through --runtime
  softmax       softmax.json                        y, dx                         through --runtime
  losses        losses.json                         loss value, grad_input        inline, @actkit/models
  optimizers    optimizers.json                     params after each of 20 steps inline, @actkit/models
  mlp_training  mlp_training.json                   losses, step-0 grads, weights inline, @actkit/models

The losses, optimizers and mlp_training groups need no pool: they always run inline on
@actkit/models (the calling thread), whatever --runtime says, and the report says so.

  --dir DIR       reference directory in the schema of the vectors' README (any of the files above);
                  default: ${defaultDir}
  --runtime NAME  where the activation and softmax kernels run (default: inline):
${list}
  --backend B     js (default): @actkit/core's js kernels; wasm: its float32 SIMD kernels where
                  it has them (after ready()), js for the rest (inline runtime only, for now).
                  @actkit/models uses core's default ('auto'), so with wasm loaded its float32
                  activations and logSoftmax run on wasm too
  --json FILE     also write every result, mismatches included, to FILE
  --only A,B      only these: activation functions (torch names like LeakyReLU, or actkit names
                  like leakyRelu), losses (MSELoss), optimizers (Adam), MLP (the training runs),
                  or a whole group (losses, optimizers, mlp_training)
  --help          this text

Exit status: 0 all cases passed, 1 a case failed (or no case ran), 2 usage or data error.`;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let values: { dir?: string; runtime?: string; backend?: string; json?: string; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        dir: { type: 'string' },
        runtime: { type: 'string', default: 'inline' },
        backend: { type: 'string', default: 'js' },
        json: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`reference-check: ${(e as Error).message}\n\n${usage()}`);
    return 2;
  }
  if (values.help === true) {
    io.out(usage());
    return 0;
  }
  const dir = resolve(values.dir ?? defaultDir);
  const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');

  const backend = values.backend ?? 'js';
  if (backend !== 'js' && backend !== 'wasm') {
    io.err(`reference-check: --backend must be js or wasm, got ${JSON.stringify(backend)}\n\n${usage()}`);
    return 2;
  }
  let runtime;
  try {
    runtime = await createRuntime(values.runtime ?? 'inline', { backend });
  } catch (e) {
    io.err(`reference-check: ${(e as Error).message}`);
    return 2;
  }
  try {
    let plan;
    try {
      plan = loadPlan(dir, only === undefined ? {} : { only });
    } catch (e) {
      io.err(`reference-check: ${(e as Error).message}`);
      return 2;
    }
    const result = await runPlan(plan, runtime);
    io.out(formatReport(result, { dir }));
    const summary = runtime.summary?.();
    if (summary !== undefined) io.err(`reference-check: ${summary}`);
    if (values.json !== undefined) {
      const file = resolve(values.json);
      writeResults(file, result, dir);
      io.err(`results written to ${file}`);
    }
    if (result.cases.length === 0) {
      io.err('reference-check: no cases to run');
      return 1;
    }
    return result.failed > 0 ? 1 : 0;
  } finally {
    await runtime.close?.();
  }
}
