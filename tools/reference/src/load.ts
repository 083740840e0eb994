/**
 * Loads a directory of PyTorch reference vectors (the schema of reference/README.md §5–§7:
 * `activations.json` with `activations/<Name>.json`, and `softmax.json`) and turns every
 * activation and softmax-family case into one shape, {@link ReferenceCase}, ready to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axisLayout, type DType, type FloatArray } from '@actkit/core';
import { decodeNumber, decodeScalar, decodeTensor, isJsonTensor, ReferenceFormatError, type Tensor } from './decode.js';
import { camelCase, isOption, registryNames } from './names.js';
import { gluAllowance, toleranceFor, type Tolerance, type ToleranceInput } from './tolerance.js';

/** An actkit option value: a number, a string (`approximate: 'tanh'`) or a weight tensor. */
export type OptionValue = number | string | boolean | FloatArray;

/** Where torch's scalar loop gives another answer than the recorded SIMD one (README §3). */
export interface ScalarPathDifference {
  /** Index of this input in x (an input listed twice, e.g. −1e-45, has one entry per index). */
  readonly index: number;
  readonly x: number;
  readonly ySimd: number;
  readonly yScalar: number;
  readonly dxSimd: number;
  readonly dxScalar: number;
}

/** One reference case, normalised: what to run, on what, and what torch answered. */
export interface ReferenceCase {
  /** Unique case id, e.g. `Softplus/beta=2.0,threshold=10.0/float32`. */
  readonly id: string;
  /** torch module name: `LeakyReLU`, `Softmax`. */
  readonly function: string;
  /** actkit registry name: `leakyRelu`, `softmax`. */
  readonly name: string;
  /** The file the case came from, relative to the directory. */
  readonly file: string;
  readonly dtype: DType;
  /** actkit options, camelCased (`negativeSlope`), with `dim` for GLU and the softmax family. */
  readonly params: Readonly<Record<string, OptionValue>>;
  /** Shape of `x` (row-major). */
  readonly shape: readonly number[];
  readonly x: FloatArray;
  /** Upstream gradient, shaped like y. */
  readonly g: FloatArray;
  /** torch's answers: forward `y`, input gradient `dx`, PReLU's weight gradient `dweight`. */
  readonly expected: { readonly y: FloatArray; readonly dx: FloatArray; readonly dweight?: FloatArray };
  readonly tolerances: { readonly y: Tolerance; readonly dx: Tolerance; readonly dweight?: Tolerance };
  /** The input behind each y element: x itself, or GLU's first half `a`. */
  readonly yInputs: ArrayLike<number>;
  /** Elements where torch's scalar path differs; the SIMD value (recorded) is the one compared. */
  readonly scalarPathDiffers: readonly ScalarPathDifference[];
}

/** Options of {@link loadCases}. */
export interface LoadOptions {
  /**
   * Load only these functions: torch module names (`LeakyReLU`) or actkit names (`leakyRelu`),
   * case-insensitive. An entry matching nothing is an error listing the valid names.
   */
  readonly only?: readonly string[];
}

type Json = Record<string, unknown>;

/** The strings that encode non-finite numbers (README §1). */
const nonFinite: readonly unknown[] = ['NaN', 'Infinity', '-Infinity'];

/** A function asked for (`--only`) that the directory does not hold; the message lists them. */
export class UnknownFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownFunctionError';
  }
}

function readJson(dir: string, file: string): Json {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ReferenceFormatError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new ReferenceFormatError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function field<T>(obj: Json, key: string, where: string, check: (v: unknown) => v is T): T {
  const v = obj[key];
  if (!check(v)) throw new ReferenceFormatError(`${where}: missing or malformed "${key}"`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isDType = (v: unknown): v is DType => v === 'float32' || v === 'float64';

function registryName(fn: string, where: string): string {
  const name = registryNames[fn];
  if (name === undefined) throw new ReferenceFormatError(`${where}: no actkit name known for torch.nn.${fn}`);
  return name;
}

/** torch's constructor arguments → actkit options (camelCased; tensors decoded in the case's dtype). */
function toOptions(params: Json, dtype: DType, where: string): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const [key, v] of Object.entries(params)) {
    if (!isOption(key)) continue;
    const name = camelCase(key);
    if (isJsonTensor(v)) out[name] = decodeTensor(v, dtype, `${where}.params.${key}`).data;
    else if (typeof v === 'boolean') out[name] = v;
    else if (typeof v === 'string' && !nonFinite.includes(v)) out[name] = v;
    // scalars stay the doubles passed to torch: the kernel rounds them for float32 (README §1)
    else out[name] = decodeNumber(v, `${where}.params.${key}`);
  }
  return out;
}

/** torch's parameters with scalars decoded ("Infinity" → Infinity); strings and tensors kept. */
function decodedScalars(params: Json, where: string): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'number' || (typeof v === 'string' && nonFinite.includes(v)) ? decodeNumber(v, `${where}.params.${k}`) : v;
  }
  return out;
}

/** f32_vs_f64 → `{y: {atolNeeded}, dx: ..., dweight: ...}`. */
function measures(c: Json): ToleranceInput['f32VsF64'] {
  const m = c['f32_vs_f64'];
  if (!isObject(m)) return undefined;
  const out: Record<string, { atolNeeded?: number }> = {};
  for (const [k, v] of Object.entries(m)) {
    if (!isObject(v)) continue;
    const a = v['atol_needed_with_rtol_1e-6'];
    out[k] = typeof a === 'number' || typeof a === 'string' ? { atolNeeded: decodeNumber(a, `f32_vs_f64.${k}`) } : {};
  }
  return out;
}

/**
 * The entries, in the case's dtype (float32 values rounded) so they compare with x and y, each
 * tied to its index. They were measured on the edge and boundary inputs, so the k-th entry for
 * a value is its k-th occurrence from `edgeStart` on (x = 3 is also in the sweep, x = −1e-45
 * both an edge and a boundary input).
 */
function scalarPath(c: Json, x: FloatArray, edgeStart: number, dtype: DType, where: string): ScalarPathDifference[] {
  const list = c['scalar_path_differs'];
  if (!isArray(list)) return [];
  const next = new Map<string, number>(); // value (−0 apart from +0) → where to search from
  return list.map((e, i) => {
    const at = `${where}.scalar_path_differs[${i}]`;
    if (!isObject(e)) throw new ReferenceFormatError(`${at} is not an object`);
    const n = (k: string): number => decodeScalar(e[k], dtype, `${at}.${k}`);
    const value = n('x');
    const key = Object.is(value, -0) ? '-0' : String(value);
    let index = next.get(key) ?? edgeStart;
    while (index < x.length && !Object.is(x[index], value)) index++;
    if (index >= x.length) throw new ReferenceFormatError(`${at}: x = ${value} is not in the case's input`);
    next.set(key, index + 1);
    return { index, x: value, ySimd: n('y_simd'), yScalar: n('y_scalar'), dxSimd: n('dx_simd'), dxScalar: n('dx_scalar') };
  });
}

/** GLU's y element i comes from a = x at the same position in the first half along dim. */
function gluFirstHalf(x: FloatArray, shape: readonly number[], dimIn: number): Float64Array {
  const { outer, size, inner } = axisLayout('reference-check', shape, dimIn);
  const half = size / 2;
  const a = new Float64Array(outer * half * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < half; j++) {
      for (let k = 0; k < inner; k++) a[(o * half + j) * inner + k] = x[(o * size + j) * inner + k] as number;
    }
  }
  return a;
}

interface Parts {
  id: string;
  fn: string;
  file: string;
  dtype: DType;
  torchParams: Json;
  options: Record<string, OptionValue>;
  x: Tensor;
  g: Tensor;
  y: Tensor;
  dx: Tensor;
  dweight?: Tensor;
  /** Where x's edge section starts (activation files: `arrays.<x>.sections.edge[0]`). */
  edgeStart?: number;
  raw: Json;
}

/** Builds the normal form from decoded parts; checks that shapes fit. */
function makeCase(p: Parts): ReferenceCase {
  const where = `${p.file}: case ${p.id}`;
  const name = registryName(p.fn, where);
  const isGlu = p.fn === 'GLU';
  if (!isGlu && p.y.data.length !== p.x.data.length) {
    throw new ReferenceFormatError(`${where}: y has ${p.y.data.length} values, x has ${p.x.data.length}`);
  }
  if (p.dx.data.length !== p.x.data.length) {
    throw new ReferenceFormatError(`${where}: dx has ${p.dx.data.length} values, x has ${p.x.data.length}`);
  }
  if (p.g.data.length !== p.y.data.length) {
    throw new ReferenceFormatError(`${where}: g has ${p.g.data.length} values, y has ${p.y.data.length}`);
  }
  const tolInput: ToleranceInput = { function: p.fn, dtype: p.dtype, params: p.torchParams, f32VsF64: measures(p.raw) };
  let yTol = toleranceFor(tolInput, 'y');
  let dxTol = toleranceFor(tolInput, 'dx');
  let yInputs: ArrayLike<number> = p.x.data;
  if (isGlu) {
    const dim = typeof p.options['dim'] === 'number' ? p.options['dim'] : -1;
    const allowance = gluAllowance(p.x.data, p.g.data, { shape: p.x.shape, dim }, p.dtype);
    yTol = { ...yTol, perElement: allowance.y };
    dxTol = { ...dxTol, perElement: allowance.dx };
    yInputs = gluFirstHalf(p.x.data, p.x.shape, dim);
  }
  return {
    id: p.id,
    function: p.fn,
    name,
    file: p.file,
    dtype: p.dtype,
    params: p.options,
    shape: p.x.shape,
    x: p.x.data,
    g: p.g.data,
    expected: p.dweight === undefined ? { y: p.y.data, dx: p.dx.data } : { y: p.y.data, dx: p.dx.data, dweight: p.dweight.data },
    tolerances: p.dweight === undefined ? { y: yTol, dx: dxTol } : { y: yTol, dx: dxTol, dweight: toleranceFor(tolInput, 'dweight') },
    yInputs,
    scalarPathDiffers: scalarPath(p.raw, p.x.data, p.edgeStart ?? 0, p.dtype, where),
  };
}

/** `sections.edge[0]` of a named input array, when it has sections. */
function edgeStart(array: unknown): number | undefined {
  const sections = isObject(array) ? array['sections'] : undefined;
  const edge = isObject(sections) ? sections['edge'] : undefined;
  return isArray(edge) && typeof edge[0] === 'number' ? edge[0] : undefined;
}

/** The cases of one `activations/<Name>.json` file. Named arrays are decoded once and shared. */
export function activationCases(json: Json, file: string): ReferenceCase[] {
  const fn = field(json, 'function', file, isString);
  const arrays = field(json, 'arrays', file, isObject);
  const decoded = new Map<string, Tensor>();
  const named = (ref: string, dtype: DType, where: string): Tensor => {
    const key = `${ref}/${dtype}`;
    let t = decoded.get(key);
    if (t === undefined) {
      if (!(ref in arrays)) throw new ReferenceFormatError(`${where}: no array named "${ref}" in ${file}`);
      t = decodeTensor(arrays[ref], dtype, `${file}: arrays.${ref}`);
      decoded.set(key, t);
    }
    return t;
  };
  return field(json, 'cases', file, isArray).map((raw, i) => {
    if (!isObject(raw)) throw new ReferenceFormatError(`${file}: cases[${i}] is not an object`);
    const id = field(raw, 'id', `${file}: cases[${i}]`, isString);
    const where = `${file}: case ${id}`;
    const dtype = field(raw, 'dtype', where, isDType);
    const torchParams = field(raw, 'params', where, isObject);
    const dweight = raw['dweight'];
    const xName = field(raw, 'x', where, isString);
    return makeCase({
      id,
      fn,
      file,
      dtype,
      torchParams: decodedScalars(torchParams, where),
      options: toOptions(torchParams, dtype, where),
      x: named(xName, dtype, where),
      edgeStart: edgeStart(arrays[xName]),
      g: named(field(raw, 'g', where, isString), dtype, where),
      y: decodeTensor(raw['y'], dtype, `${where}.y`),
      dx: decodeTensor(raw['dx'], dtype, `${where}.dx`),
      ...(dweight === undefined ? {} : { dweight: decodeTensor(dweight, dtype, `${where}.dweight`) }),
      raw,
    });
  });
}

/** The cases of `softmax.json` (Softmax, LogSoftmax, Softmin along `dim`). */
export function softmaxCases(json: Json, file: string): ReferenceCase[] {
  return field(json, 'cases', file, isArray).map((raw, i) => {
    if (!isObject(raw)) throw new ReferenceFormatError(`${file}: cases[${i}] is not an object`);
    const id = field(raw, 'id', `${file}: cases[${i}]`, isString);
    const where = `${file}: case ${id}`;
    const dtype = field(raw, 'dtype', where, isDType);
    const dim = decodeNumber(raw['dim'], `${where}.dim`);
    return makeCase({
      id,
      fn: field(raw, 'op', where, isString),
      file,
      dtype,
      torchParams: { dim },
      options: { dim },
      x: decodeTensor(raw['x'], dtype, `${where}.x`),
      g: decodeTensor(raw['g'], dtype, `${where}.g`),
      y: decodeTensor(raw['y'], dtype, `${where}.y`),
      dx: decodeTensor(raw['dx'], dtype, `${where}.dx`),
      raw,
    });
  });
}

/** True when `fn` (torch name) is selected by `only` (torch or actkit names, any case). */
function selected(fn: string, only: ReadonlySet<string> | undefined): boolean {
  if (only === undefined) return true;
  return only.has(fn.toLowerCase()) || only.has((registryNames[fn] ?? '').toLowerCase());
}

/**
 * Every activation and softmax-family case in `dir`: `activations.json` (index) with the files
 * it lists, and `softmax.json` when present. At least one of the two must exist. Each file is
 * read and parsed once. Throws a {@link ReferenceFormatError} naming the file and case on
 * malformed data, and on an `only` entry that matches no function in `dir`.
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
    const ops = ['Softmax', 'LogSoftmax', 'Softmin'];
    for (const op of ops) seen.add(op);
    if (ops.some((op) => selected(op, only))) {
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
