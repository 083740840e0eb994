/**
 * The cases of one `activations/<Name>.json` file (vectors/README.md §6): named input arrays
 * shared by the cases, and per case its dtype, parameters, y, dx (and PReLU's dweight).
 */
import { decodeTensor, type Tensor } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import { field, isArray, isDType, isObject, isString, type Json } from './json.js';
import { makeCase, type ReferenceCase } from './case.js';
import { decodedScalars, toOptions } from './params.js';
import type { DType } from './types.js';

/** `sections.edge[0]` of a named input array, when it has sections. */
function edgeStart(array: unknown): number | undefined {
  const sections = isObject(array) ? array['sections'] : undefined;
  const edge = isObject(sections) ? sections['edge'] : undefined;
  return isArray(edge) && typeof edge[0] === 'number' ? edge[0] : undefined;
}

/** The cases of one parsed activation file. Named arrays are decoded once per dtype and shared. */
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
    const edge = edgeStart(arrays[xName]);
    return makeCase({
      id,
      fn,
      file,
      dtype,
      torchParams: decodedScalars(torchParams, where),
      options: toOptions(torchParams, dtype, where),
      x: named(xName, dtype, where),
      ...(edge === undefined ? {} : { edgeStart: edge }),
      g: named(field(raw, 'g', where, isString), dtype, where),
      y: decodeTensor(raw['y'], dtype, `${where}.y`),
      dx: decodeTensor(raw['dx'], dtype, `${where}.dx`),
      ...(dweight === undefined ? {} : { dweight: decodeTensor(dweight, dtype, `${where}.dweight`) }),
      raw,
    });
  });
}
