import { activate, type DType, type Shape } from '@actkit/core';
import { readFloats, writeFloatsAtomic } from './files.js';

/** One `actkit-batch apply` job. */
export interface ApplyJob {
  activation: string;
  input: string;
  output: string;
  dtype: DType;
  params: Record<string, number | string>;
  shape?: Shape;
}

/** Parses `apply <activation> <in> <out> [--dtype float32|float64] [--shape 4,10] [--param name=value]...`. */
export function parseApply(args: readonly string[]): ApplyJob {
  const [activation, input, output, ...flags] = args;
  if (!activation || !input || !output) throw new Error('apply needs <activation> <input> <output>');
  const job: ApplyJob = { activation, input, output, dtype: 'float32', params: {} };
  for (let i = 0; i < flags.length; i += 2) {
    const flag = flags[i];
    const value = flags[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--dtype') {
      if (value !== 'float32' && value !== 'float64') throw new Error(`--dtype must be float32 or float64, got ${value}`);
      job.dtype = value;
    } else if (flag === '--shape') {
      job.shape = value.split(',').map(Number);
    } else if (flag === '--param') {
      const eq = value.indexOf('=');
      if (eq <= 0) throw new Error(`--param expects name=value, got ${value}`);
      const raw = value.slice(eq + 1);
      const num = Number(raw);
      job.params[value.slice(0, eq)] = raw.trim() !== '' && Number.isFinite(num) ? num : raw;
    } else {
      throw new Error(`unknown flag ${flag}`);
    }
  }
  return job;
}

/** Reads the input file, applies the activation in place, writes the output atomically. Returns the element count. */
export async function runApply(job: ApplyJob): Promise<number> {
  const x = await readFloats(job.input, job.dtype);
  const y = activate(job.activation, x, { ...job.params, ...(job.shape ? { shape: job.shape } : {}) });
  await writeFloatsAtomic(job.output, y);
  return x.length;
}
