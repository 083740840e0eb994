import { formatQuickComparison, quickComparison } from '@actkit/bench';
import { parseApply, runApply } from './apply.js';
import { throughputTable, torchExample } from './demo.js';
import { poolSpeedup } from './speedup.js';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const USAGE = `usage:
  actkit-batch demo [--size-log2 N]
  actkit-batch apply <activation> <input.f32> <output.f32> [--dtype float32|float64] [--shape 4,10] [--param name=value]...
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command = 'demo', ...rest] = argv;
  if (command === 'demo') {
    const i = rest.indexOf('--size-log2');
    const log2 = i >= 0 ? Number(rest[i + 1]) : 24;
    if (!Number.isInteger(log2) || log2 < 1 || log2 > 28) throw new Error('--size-log2 must be an integer in [1, 28]');
    torchExample(print);
    throughputTable(print, 2 ** log2);
    await poolSpeedup(print, ['relu', 'sigmoid', 'gelu'], [2 ** 10, 2 ** 16, 2 ** 20, 2 ** log2]);
    print('\nactkit against the naive loop and the copy ceiling (the short version of `pnpm bench`):');
    print(formatQuickComparison(await quickComparison()));
    return 0;
  }
  if (command === 'apply') {
    const job = parseApply(rest);
    const n = await runApply(job);
    print(`${job.activation}: ${n} ${job.dtype} values -> ${job.output}`);
    return 0;
  }
  process.stderr.write(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`actkit-batch: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
