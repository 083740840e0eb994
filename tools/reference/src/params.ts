/**
 * A case's recorded fields turned into what runs and judges it: torch's constructor arguments
 * as actkit options and as decoded scalars, and the `f32_vs_f64` measures.
 */
import { decodeNumber, decodeTensor, isJsonTensor } from './decode.js';
import { isObject, type Json } from './json.js';
import { camelCase, isOption } from './names.js';
import type { ToleranceInput } from './tolerance/types.js';
import type { DType, FloatArray } from './types.js';

/** An actkit option value: a number, a string (`approximate: 'tanh'`) or a weight tensor. */
export type OptionValue = number | string | boolean | FloatArray;

/** The strings that encode non-finite numbers (README §1). */
const nonFinite: readonly unknown[] = ['NaN', 'Infinity', '-Infinity'];

/** torch's constructor arguments → actkit options (camelCased; tensors decoded in the case's dtype). */
export function toOptions(params: Json, dtype: DType, where: string): Record<string, OptionValue> {
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
export function decodedScalars(params: Json, where: string): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'number' || (typeof v === 'string' && nonFinite.includes(v)) ? decodeNumber(v, `${where}.params.${k}`) : v;
  }
  return out;
}

/** A case's `f32_vs_f64` → `{y: {atolNeeded}, dx: ..., dweight: ...}`; undefined when it has none. */
export function measures(c: Json): ToleranceInput['f32VsF64'] {
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
