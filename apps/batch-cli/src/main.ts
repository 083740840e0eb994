import { runApply } from './commands/apply.js';
import { runDemo } from './commands/demo.js';
import { CliError, EXIT, messageOf } from './cli/errors.js';
import { APPLY_USAGE, EVALUATE_USAGE, PREDICT_USAGE, TRAIN_USAGE, USAGE } from './cli/help.js';
import { runEvaluate } from './commands/evaluate.js';
import { runPredict } from './commands/predict.js';
import { runTrain } from './commands/train.js';
import { installSignalCleanup } from './output/atomic.js';
import { runStatus, STATUS_USAGE } from './scale/status.js';
import { runSubmit, SUBMIT_USAGE } from './scale/submit.js';
import { runWorker, WORKER_USAGE } from './scale/worker.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

// `actkit-batch predict m.safetensors x.npy | head`: a closed pipe ends the output, not in a crash
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

async function main(argv: readonly string[]): Promise<number> {
  installSignalCleanup((signal) => err(`actkit-batch: ${signal}: stopped; temporary files removed`));
  const [command = 'demo', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    const pages: Record<string, string> = { apply: APPLY_USAGE, train: TRAIN_USAGE, evaluate: EVALUATE_USAGE, predict: PREDICT_USAGE, submit: SUBMIT_USAGE, worker: WORKER_USAGE, status: STATUS_USAGE };
    out((pages[rest[0] ?? ''] ?? USAGE).trimEnd());
    return EXIT.ok;
  }
  const io = { out, err, isTTY: process.stderr.isTTY === true };
  if (command === 'demo') return runDemo(rest, out);
  if (command === 'apply') return runApply(rest, io);
  if (command === 'train') return runTrain(rest, io);
  if (command === 'evaluate') return runEvaluate(rest, io);
  if (command === 'predict') return runPredict(rest, io);
  if (command === 'submit') return runSubmit(rest, io);
  if (command === 'worker') return runWorker(rest, io);
  if (command === 'status') return runStatus(rest, io);
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
