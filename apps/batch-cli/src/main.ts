import { runApply } from './commands/apply.js';
import { runDemo } from './commands/demo.js';
import { CliError, EXIT, messageOf } from './cli/errors.js';
import { APPLY_USAGE, USAGE } from './cli/help.js';
import { installSignalCleanup } from './output/atomic.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  installSignalCleanup((signal) => err(`actkit-batch: ${signal}: stopped; temporary files removed`));
  const [command = 'demo', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    out((rest[0] === 'apply' ? APPLY_USAGE : USAGE).trimEnd());
    return EXIT.ok;
  }
  if (command === 'demo') return runDemo(rest, out);
  if (command === 'apply') return runApply(rest, { out, err, isTTY: process.stderr.isTTY === true });
  err(`actkit-batch: unknown command ${JSON.stringify(command)}\n`);
  err(USAGE.trimEnd());
  return EXIT.usage;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`actkit-batch: ${messageOf(e)}`);
    if (!(e instanceof CliError) && process.env['ACTKIT_DEBUG'] && e instanceof Error) err(e.stack ?? '');
    process.exitCode = e instanceof CliError ? e.exitCode : EXIT.failed;
  },
);
