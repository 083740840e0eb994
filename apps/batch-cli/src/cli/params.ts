/**
 * `--param name=value`: the value is JSON (`true`, `0.2`, `[0.1, 0.2]`, `"tanh"`), plus the
 * non-JSON numbers `NaN`, `Infinity` and `-Infinity` anywhere a number may stand. A value that
 * is not JSON is taken as a plain string (`approximate=tanh`).
 */
import { CliError, EXIT } from './errors.js';

/** Stands for a non-JSON number inside the JSON text while it is parsed. */
const MARK = '@@actkit-number:';
const SPECIAL = /(^|[[,:\s])([+-]?)(NaN|Infinity|inf)(?=$|[\],}\s])/g;

/** Parses one value. */
export function parseParamValue(raw: string): unknown {
  const text = raw.trim();
  const marked = text.replace(SPECIAL, (_m, pre: string, sign: string, word: string) => `${pre}"${MARK}${sign === '-' ? '-' : ''}${word === 'NaN' ? 'NaN' : 'Infinity'}"`);
  try {
    return JSON.parse(marked, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : v));
  } catch {
    return raw;
  }
}

/** Parses `name=value` into the params record (later ones win). */
export function addParam(params: Record<string, unknown>, arg: string): void {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new CliError(`--param expects name=value, got ${JSON.stringify(arg)}`, EXIT.usage);
  params[arg.slice(0, eq).trim()] = parseParamValue(arg.slice(eq + 1));
}

/** `--shape 4,10` (or `4x10`, `[4, 10]`, `()` for a scalar). */
export function parseShape(text: string): number[] {
  const t = text.trim().replace(/^[[(]|[\])]$/g, '');
  if (t.trim() === '') return [];
  const dims = t.split(/[,x×\s]+/).filter((d) => d !== '');
  const shape = dims.map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new CliError(`--shape must be non-negative integers like 4,10, got ${JSON.stringify(text)}`, EXIT.usage);
  }
  return shape;
}
