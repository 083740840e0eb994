import { throughputTable, torchExample } from './demo.js';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function usage(): never {
  process.stderr.write('usage: actkit-batch demo [--size-log2 N]\n');
  process.exit(2);
}

const [command = 'demo', ...rest] = process.argv.slice(2);
if (command === 'demo') {
  const i = rest.indexOf('--size-log2');
  const log2 = i >= 0 ? Number(rest[i + 1]) : 24;
  if (!Number.isInteger(log2) || log2 < 1 || log2 > 28) usage();
  torchExample(print);
  throughputTable(print, 2 ** log2);
} else {
  usage();
}
