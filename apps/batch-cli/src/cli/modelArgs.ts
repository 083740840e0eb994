/** The command lines of `train`, `evaluate` and `predict`, checked before anything starts (usage errors: exit 2). */
import { FASHION_MNIST_DIR } from '@actkit/models/node';
import type { ParseArgsConfig } from 'node:util';
import { MODEL_SPECS, modelSpec, type ModelSpec } from '../models/specs.js';
import { int, oneOf, parseCommand } from './args.js';
import { CliError, EXIT } from './errors.js';
import type { ProgressMode } from './progress.js';

function parse(command: string, argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const r = parseCommand(command, argv, { ...options, help: { type: 'boolean', short: 'h' } });
  return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The models `train` trains. */
export const TRAINABLE: readonly string[] = ['mlp', 'cnn'];

export interface TrainArgs {
  help: boolean;
  spec: ModelSpec;
  epochs: number;
  batchSize: number;
  lr: number;
  limit?: number;
  testLimit?: number;
  data: string;
  out: string;
  health: boolean;
  json: boolean;
  quiet: boolean;
  progress?: ProgressMode;
}

export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  const { values: v, positionals } = parse('train', argv, {
    model: { type: 'string', short: 'm' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    lr: { type: 'string' },
    limit: { type: 'string' },
    'test-limit': { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string', short: 'o' },
    health: { type: 'boolean' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    progress: { type: 'string' },
  });
  const help = v['help'] === true;
  if (positionals.length > 0) throw new CliError(`train: unexpected argument ${JSON.stringify(positionals[0])} (the output is --out PATH)`, EXIT.usage);
  const model = str(v['model']);
  const out = str(v['out']);
  if (!help && model === undefined) throw new CliError('train needs --model mlp|cnn (see actkit-batch train --help)', EXIT.usage);
  if (!help && out === undefined) throw new CliError('train needs --out model.safetensors', EXIT.usage);
  if (model !== undefined && !TRAINABLE.includes(model)) {
    const why = Object.hasOwn(MODEL_SPECS, model) ? ` (${model} is for evaluate and predict)` : '';
    throw new CliError(`train: unknown model ${JSON.stringify(model)}; expected ${TRAINABLE.join(' or ')}${why}`, EXIT.usage);
  }
  const spec = modelSpec(model ?? 'mlp');
  const lrText = str(v['lr']);
  const lr = lrText === undefined ? spec.lr : Number(lrText);
  if (!(lr > 0 && lr < 10)) throw new CliError(`--lr must be a number in (0, 10), got ${JSON.stringify(lrText)}`, EXIT.usage);
  const limit = int('--limit', str(v['limit']), 1, 60000);
  const testLimit = int('--test-limit', str(v['test-limit']), 1, 10000);
  const progress = oneOf('--progress', str(v['progress']), ['bar', 'lines', 'none'] as const);
  return {
    help,
    spec,
    epochs: int('--epochs', str(v['epochs']), 1, 1000) ?? spec.epochs,
    batchSize: int('--batch-size', str(v['batch-size']), 1, 60000) ?? spec.batchSize,
    lr,
    ...(limit !== undefined ? { limit } : {}),
    ...(testLimit !== undefined ? { testLimit } : {}),
    data: str(v['data']) ?? FASHION_MNIST_DIR,
    out: out ?? '',
    health: v['health'] === true,
    json: v['json'] === true,
    quiet: v['quiet'] === true,
    ...(progress ? { progress } : {}),
  };
}

export interface EvaluateArgs {
  help: boolean;
  modelPath: string;
  model?: string;
  testLimit?: number;
  data: string;
  json: boolean;
}

export function parseEvaluateArgs(argv: readonly string[]): EvaluateArgs {
  const { values: v, positionals } = parse('evaluate', argv, {
    model: { type: 'string', short: 'm' },
    'test-limit': { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
  });
  const help = v['help'] === true;
  if (!help && positionals.length !== 1) throw new CliError('evaluate needs one model file: actkit-batch evaluate model.safetensors [--model NAME]', EXIT.usage);
  const model = str(v['model']);
  if (model !== undefined) modelSpec(model);
  const testLimit = int('--test-limit', str(v['test-limit']), 1, 10000);
  return { help, modelPath: positionals[0] ?? '', ...(model !== undefined ? { model } : {}), ...(testLimit !== undefined ? { testLimit } : {}), data: str(v['data']) ?? FASHION_MNIST_DIR, json: v['json'] === true };
}

export interface PredictArgs {
  help: boolean;
  modelPath: string;
  input: string;
  model?: string;
  out?: string;
  probs: boolean;
  json: boolean;
}

export function parsePredictArgs(argv: readonly string[]): PredictArgs {
  const { values: v, positionals } = parse('predict', argv, {
    model: { type: 'string', short: 'm' },
    out: { type: 'string', short: 'o' },
    probs: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const help = v['help'] === true;
  if (!help && positionals.length !== 2) throw new CliError('predict needs a model file and an input: actkit-batch predict model.safetensors images.npy [--out preds.npy]', EXIT.usage);
  const model = str(v['model']);
  if (model !== undefined) modelSpec(model);
  const out = str(v['out']);
  return {
    help,
    modelPath: positionals[0] ?? '',
    input: positionals[1] ?? '',
    ...(model !== undefined ? { model } : {}),
    ...(out !== undefined ? { out } : {}),
    probs: v['probs'] === true,
    json: v['json'] === true,
  };
}
