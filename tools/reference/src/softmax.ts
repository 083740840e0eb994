/** The cases of `softmax.json` (vectors/README.md §7): Softmax, LogSoftmax and Softmin along `dim`. */
import { decodeNumber, decodeTensor } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import { field, isArray, isDType, isObject, isString, type Json } from './json.js';
import { makeCase, type ReferenceCase } from './case.js';

/** The torch functions softmax.json holds. */
export const SOFTMAX_FUNCTIONS: readonly string[] = ['Softmax', 'LogSoftmax', 'Softmin'];

/** The cases of a parsed `softmax.json`; each carries its own x, g, y and dx. */
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
