/**
 * One reference case in normal form, {@link ReferenceCase}: what to run, on what, what torch
 * answered, and how closely each output must match (the policy of tolerance/). Both file
 * formats (activation files, softmax.json) end up here.
 */
import { firstHalf } from './axis.js';
import type { Tensor } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import type { Json } from './json.js';
import { registryNames } from './names.js';
import { measures, type OptionValue } from './params.js';
import { scalarPath, type ScalarPathDifference } from './scalarPath.js';
import { tolerancesFor } from './tolerance/toleranceFor.js';
import type { Tolerance } from './tolerance/types.js';
import type { DType, FloatArray } from './types.js';

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
  /**
   * torch's constructor arguments as recorded (`negative_slope`, `num_parameters`), scalars
   * decoded, tensors as stored (`{shape, data}`); `{dim}` for the softmax family.
   */
  readonly torchParams: Readonly<Record<string, unknown>>;
  /** Shape of `x` (row-major). */
  readonly shape: readonly number[];
  readonly x: FloatArray;
  /** Upstream gradient, shaped like y. */
  readonly g: FloatArray;
  /** torch's answers: forward `y`, input gradient `dx`, PReLU's weight gradient `dweight`. */
  readonly expected: { readonly y: FloatArray; readonly dx: FloatArray; readonly dweight?: FloatArray };
  /** How closely each output must match, from the one policy (tolerance/policy.ts). */
  readonly tolerances: { readonly y: Tolerance; readonly dx: Tolerance; readonly dweight?: Tolerance };
  /** The input behind each y element: x itself, or GLU's first half `a`. */
  readonly yInputs: ArrayLike<number>;
  /** Elements where torch's scalar path differs; the SIMD value (recorded) is the one compared. */
  readonly scalarPathDiffers: readonly ScalarPathDifference[];
}

/** A case's fields, decoded, before they are checked and normalised. */
export interface CaseParts {
  readonly id: string;
  /** torch module name. */
  readonly fn: string;
  readonly file: string;
  readonly dtype: DType;
  /** torch's parameters, scalars decoded. */
  readonly torchParams: Json;
  readonly options: Record<string, OptionValue>;
  readonly x: Tensor;
  readonly g: Tensor;
  readonly y: Tensor;
  readonly dx: Tensor;
  readonly dweight?: Tensor;
  /** Where x's edge section starts (activation files: `arrays.<x>.sections.edge[0]`). */
  readonly edgeStart?: number;
  /** The raw case, for `f32_vs_f64` and `scalar_path_differs`. */
  readonly raw: Json;
}

function registryName(fn: string, where: string): string {
  const name = registryNames[fn];
  if (name === undefined) throw new ReferenceFormatError(`${where}: no actkit name known for torch.nn.${fn}`);
  return name;
}

/** The normal form of a case; checks that the lengths fit (GLU's y is half of x along dim). */
export function makeCase(p: CaseParts): ReferenceCase {
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
  const tolerances = tolerancesFor({
    function: p.fn,
    dtype: p.dtype,
    params: p.torchParams,
    f32VsF64: measures(p.raw),
    tensors: { x: p.x.data, g: p.g.data, shape: p.x.shape },
  });
  if (p.dweight !== undefined && tolerances.dweight === undefined) {
    throw new ReferenceFormatError(`${where}: has a dweight, but torch.nn.${p.fn}'s policy has no dweight tolerance`);
  }
  const dim = typeof p.torchParams['dim'] === 'number' ? p.torchParams['dim'] : -1;
  return {
    id: p.id,
    function: p.fn,
    name,
    file: p.file,
    dtype: p.dtype,
    params: p.options,
    torchParams: p.torchParams,
    shape: p.x.shape,
    x: p.x.data,
    g: p.g.data,
    expected: p.dweight === undefined ? { y: p.y.data, dx: p.dx.data } : { y: p.y.data, dx: p.dx.data, dweight: p.dweight.data },
    tolerances: p.dweight === undefined ? { y: tolerances.y, dx: tolerances.dx } : tolerances,
    yInputs: isGlu ? firstHalf(p.x.data, p.x.shape, dim) : p.x.data,
    scalarPathDiffers: scalarPath(p.raw, p.x.data, p.edgeStart ?? 0, p.dtype, where),
  };
}
