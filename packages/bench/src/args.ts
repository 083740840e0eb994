/** Command-line options of `pnpm bench`. */
import { parseArgs } from 'node:util';
import { IMPLEMENTATION_IDS } from './impl/index.js';
import { OPS, getOp, type OpSpec } from './ops.js';
import { parseTrainingCli, wantsTraining, type TrainingCliOptions } from './training/args.js';

export interface CliOptions {
  ops: OpSpec[];
  sizes: number[];
  impls: string[];
  samples: number;
  sampleMs: number;
  warmupMs: number;
  json?: string;
  md?: string;
  svg?: string;
  note?: string;
  help: boolean;
}

export const USAGE = `usage: pnpm bench [--quick] [--ops relu,gelu] [--sizes 2^10,65536] [--json FILE] [--md FILE] [--svg FILE]
                  [--impls ${IMPLEMENTATION_IDS.join(',')}] [--samples N] [--sample-ms MS] [--warmup-ms MS] [--note TEXT]
  (default)  every op at n = 2^10, 2^16, 2^20, 2^24: about 20 minutes on a 2-vCPU machine
  --quick    n = 2^20 and the ops relu, sigmoid, gelu, softmax, 3 samples: under a minute
  --md FILE  also writes the chart next to it (chart.svg) unless --svg says where
ops: ${OPS.map((o) => o.id).join(', ')}
groups: --group activations (this, the default) | --group training (pnpm bench --group training --help)`;

const QUICK_OPS = ['relu', 'sigmoid', 'gelu', 'softmax'];
const ALL_SIZES = [2 ** 10, 2 ** 16, 2 ** 20, 2 ** 24];

/** A size: `1048576`, `2^20` or `1M`-free plain forms only. */
export function parseSize(s: string): number {
  const m = /^2\^(\d+)$/.exec(s.trim());
  const v = m !== null ? 2 ** Number(m[1]) : Number(s);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--sizes: '${s}' is not a positive integer (write 1048576 or 2^20)`);
  return v;
}

function positive(name: string, s: string | undefined, fallback: number): number {
  if (s === undefined) return fallback;
  const v = Number(s);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: '${s}' is not a positive number`);
  return v;
}

/** Parses argv (without node and the script). */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv].filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      ops: { type: 'string' },
      sizes: { type: 'string' },
      impls: { type: 'string' },
      samples: { type: 'string' },
      'sample-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      json: { type: 'string' },
      md: { type: 'string' },
      svg: { type: 'string' },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const quick = values.quick === true;
  const list = (s: string | undefined): string[] | undefined => s?.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const ops = (list(values.ops) ?? (quick ? QUICK_OPS : OPS.map((o) => o.id))).map(getOp);
  const sizes = list(values.sizes)?.map(parseSize) ?? (quick ? [2 ** 20] : ALL_SIZES);
  const impls = list(values.impls) ?? [...IMPLEMENTATION_IDS];
  for (const i of impls) {
    if (!IMPLEMENTATION_IDS.includes(i) && !i.startsWith('file:')) throw new Error(`--impls: unknown '${i}'; expected one of ${IMPLEMENTATION_IDS.join(', ')}`);
  }
  const md = values.md;
  const svg = values.svg ?? (md === undefined ? undefined : md.replace(/[^/\\]*$/, 'chart.svg'));
  return {
    ops,
    sizes,
    impls,
    samples: Math.round(positive('samples', values.samples, quick ? 3 : 4)),
    sampleMs: positive('sample-ms', values['sample-ms'], 200),
    warmupMs: positive('warmup-ms', values['warmup-ms'], quick ? 60 : 150),
    ...(values.json === undefined ? {} : { json: values.json }),
    ...(md === undefined ? {} : { md }),
    ...(svg === undefined ? {} : { svg }),
    ...(values.note === undefined ? {} : { note: values.note }),
    help: values.help === true,
  };
}

/** The benchmark groups: the activations (default) and training. */
export const GROUPS = ['activations', 'training'] as const;

/** A parsed command: the activation run's options, or the training group's. */
export type Command = ({ readonly group: 'activations' } & CliOptions) | TrainingCliOptions;

/** Parses argv (without node and the script): `--group training` (or `--training`), else the activation run. */
export function parseCommand(argv: readonly string[]): Command {
  if (wantsTraining(argv)) return parseTrainingCli(argv);
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = a === '--group' ? argv[++i] : a.startsWith('--group=') ? a.slice('--group='.length) : undefined;
    if (value === undefined && a !== '--group') rest.push(a);
    else if (value !== 'activations') throw new Error(`--group: unknown '${value ?? ''}'; expected one of ${GROUPS.join(', ')}`);
  }
  return { group: 'activations', ...parseCli(rest) };
}
