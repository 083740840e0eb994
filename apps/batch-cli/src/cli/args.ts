/** The command line of `actkit-batch apply`, checked before anything starts. */
import type { DType } from '@actkit/core';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './errors.js';
import { addParam, parseShape } from './params.js';
import type { ProgressMode } from './progress.js';

export interface ApplyArgs {
  activation: string;
  inputs: string[];
  output: string;
  params: Record<string, unknown>;
  shape?: number[];
  rawDtype?: DType;
  outDtype?: DType;
  array?: string;
  resume: boolean;
  jobs: number;
  threads?: number;
  backend?: 'auto' | 'js' | 'wasm';
  chunkElementsBytes: number;
  maxMemoryBytes: number;
  quiet: boolean;
  json: boolean;
  progress?: ProgressMode;
  help: boolean;
}

export function int(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${flag} must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`, EXIT.usage);
  return n;
}

export function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new CliError(`${flag} must be ${allowed.join(' or ')}, got ${JSON.stringify(v)}`, EXIT.usage);
  return v as T;
}

/** Parses `apply`'s arguments (everything after `apply`). Usage errors are CliErrors with exit code 2. */
/** `--dim -1` as `--dim=-1`: a negative number after a long flag is its value, not a flag (node's parseArgs wants the `=`). */
export function negativeValues(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    if (/^--[a-z-]+$/.test(a) && next !== undefined && /^-(\d|\.\d|Infinity|NaN)/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  return args;
}

/**
 * `parseArgs` for a command (`--dim -1` read as a value, positionals allowed), with its errors as
 * usage errors (exit 2) that name the command.
 */
type CommandConfig<O> = { args: string[]; allowPositionals: true; strict: true; options: O };

export function parseCommand<const O extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: readonly string[], options: O): ReturnType<typeof parseArgs<CommandConfig<O>>> {
  try {
    return parseArgs({ args: negativeValues(argv), allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new CliError(`${command}: ${e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e)}`, EXIT.usage);
  }
}

export function parseApplyArgs(argv: readonly string[]): ApplyArgs {
  const args = negativeValues(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        param: { type: 'string', short: 'p', multiple: true },
        dim: { type: 'string' },
        shape: { type: 'string' },
        dtype: { type: 'string' },
        'out-dtype': { type: 'string' },
        array: { type: 'string' },
        resume: { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        threads: { type: 'string' },
        backend: { type: 'string' },
        'chunk-mib': { type: 'string' },
        'max-memory-mib': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        json: { type: 'boolean' },
        progress: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e), EXIT.usage);
  }
  const v = parsed.values;
  const pos = parsed.positionals;
  const help = v.help === true;
  const [activation = '', ...rest] = pos;
  let output = v.output;
  let inputs = rest;
  if (output === undefined && rest.length === 2) {
    // the first CLI's form: apply <activation> <input> <output>
    inputs = [rest[0] as string];
    output = rest[1];
  }
  if (!help) {
    if (!activation) throw new CliError('apply needs an activation, inputs and -o <output> (see actkit-batch apply --help)', EXIT.usage);
    if (inputs.length === 0) throw new CliError('apply needs at least one input', EXIT.usage);
    if (output === undefined) throw new CliError('apply needs -o <output> (a file, or a folder for many inputs)', EXIT.usage);
  }
  const params: Record<string, unknown> = {};
  for (const p of v.param ?? []) addParam(params, p);
  if (v.dim !== undefined) params['dim'] = int('--dim', v.dim, -64, 63);
  const chunkMib = v['chunk-mib'] === undefined ? 16 : Number(v['chunk-mib']);
  if (!(chunkMib * 2 ** 20 >= 16 && chunkMib <= 4096)) throw new CliError(`--chunk-mib must be a number of MiB in [16 bytes, 4096], got ${JSON.stringify(v['chunk-mib'])}`, EXIT.usage);
  const maxMib = int('--max-memory-mib', v['max-memory-mib'], 1, 1 << 20) ?? 1024;
  const threads = int('--threads', v.threads, 0, 256);
  const backend = oneOf('--backend', v.backend, ['auto', 'js', 'wasm'] as const);
  const rawDtype = oneOf('--dtype', v.dtype, ['float32', 'float64'] as const);
  const outDtype = oneOf('--out-dtype', v['out-dtype'], ['float32', 'float64'] as const);
  const progress = oneOf('--progress', v.progress, ['bar', 'lines', 'none'] as const);
  return {
    activation,
    inputs,
    output: output ?? '',
    params,
    ...(v.shape !== undefined ? { shape: parseShape(v.shape) } : {}),
    ...(rawDtype ? { rawDtype } : {}),
    ...(outDtype ? { outDtype } : {}),
    ...(v.array !== undefined ? { array: v.array } : {}),
    resume: v.resume === true,
    jobs: int('--jobs', v.jobs, 1, 64) ?? 2,
    ...(threads !== undefined ? { threads } : {}),
    ...(backend ? { backend } : {}),
    chunkElementsBytes: Math.floor(chunkMib * 2 ** 20),
    maxMemoryBytes: maxMib * 2 ** 20,
    quiet: v.quiet === true,
    json: v.json === true,
    ...(progress ? { progress } : {}),
    help,
  };
}
