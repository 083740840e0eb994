/**
 * Loads a directory of PyTorch reference vectors (the schema of vectors/README.md §5–§7:
 * `activations.json` with `activations/<Name>.json`, and `softmax.json`) as
 * {@link ReferenceCase}s, every activation and softmax-family case in one shape.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { activationCases } from './activations.js';
import type { ReferenceCase } from './case.js';
import { ReferenceFormatError, UnknownFunctionError } from './errors.js';
import { field, isObject, readJson } from './json.js';
import { registryNames } from './names.js';
import { SOFTMAX_FUNCTIONS, softmaxCases } from './softmax.js';

/** Options of {@link loadCases}. */
export interface LoadOptions {
  /**
   * Load only these functions: torch module names (`LeakyReLU`) or actkit names (`leakyRelu`),
   * case-insensitive. An entry matching nothing is an error listing the valid names.
   */
  readonly only?: readonly string[];
}

/** True when `fn` (torch name) is selected by `only` (torch or actkit names, lower-cased). */
function selected(fn: string, only: ReadonlySet<string> | undefined): boolean {
  if (only === undefined) return true;
  return only.has(fn.toLowerCase()) || only.has((registryNames[fn] ?? '').toLowerCase());
}

/**
 * Every activation and softmax-family case in `dir`: `activations.json` (index) with the files
 * it lists, and `softmax.json` when present. At least one of the two must exist. Each file is
 * read and parsed once, and only when one of its functions is selected. Throws a
 * {@link ReferenceFormatError} naming the file and case on malformed data, and an
 * {@link UnknownFunctionError} for an `only` entry that matches no function in `dir`.
 */
export function loadCases(dir: string, options: LoadOptions = {}): ReferenceCase[] {
  const hasIndex = existsSync(join(dir, 'activations.json'));
  const hasSoftmax = existsSync(join(dir, 'softmax.json'));
  if (!hasIndex && !hasSoftmax) {
    throw new ReferenceFormatError(`${dir} holds neither activations.json nor softmax.json`);
  }
  const only = options.only === undefined ? undefined : new Set(options.only.map((s) => s.toLowerCase()));
  const seen = new Set<string>();
  const cases: ReferenceCase[] = [];
  if (hasIndex) {
    const index = readJson(dir, 'activations.json');
    const files = field(index, 'files', 'activations.json', isObject);
    for (const [fn, file] of Object.entries(files)) {
      seen.add(fn);
      if (!selected(fn, only)) continue;
      if (typeof file !== 'string') throw new ReferenceFormatError(`activations.json: files.${fn} is not a path`);
      cases.push(...activationCases(readJson(dir, file), file));
    }
  }
  if (hasSoftmax) {
    for (const fn of SOFTMAX_FUNCTIONS) seen.add(fn);
    if (SOFTMAX_FUNCTIONS.some((fn) => selected(fn, only))) {
      cases.push(...softmaxCases(readJson(dir, 'softmax.json'), 'softmax.json').filter((c) => selected(c.function, only)));
    }
  }
  if (only !== undefined) {
    const valid = [...seen].flatMap((fn) => [fn.toLowerCase(), (registryNames[fn] ?? '').toLowerCase()]);
    const unknown = [...only].filter((n) => !valid.includes(n));
    if (unknown.length > 0) {
      throw new UnknownFunctionError(`no function named ${unknown.join(', ')} in ${dir}; valid names: ${[...seen].join(', ')}`);
    }
  }
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new ReferenceFormatError(`${c.file}: duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}
