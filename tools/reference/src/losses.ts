/**
 * The cases of `losses.json` (vectors/README.md §8): a torch.nn loss with its options, input,
 * target and upstream gradient, and torch's loss value and grad_input. Decoding only: the
 * options are translated to actkit's names (camelCase), nothing here calls actkit.
 */
import { decodeIndexTensor, decodeNumber, decodeTensor, type IndexTensor, type Tensor } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import { field, isArray, isDType, isObject, isString, readJson, type Json } from './json.js';
import { LOSS_TOLERANCE } from './tolerance/training.js';
import type { Tolerance } from './tolerance/types.js';
import type { DType } from './types.js';

/** What a loss case's target is (README §8 `target_kind`). */
export type TargetKind = 'float' | 'index' | 'probabilities';

/**
 * A loss's options as actkit names them: torch's constructor arguments except tensors,
 * camelCased (`label_smoothing` → `labelSmoothing`). Only the keys the case sets are present.
 */
export interface LossOptions {
  /** `'mean'`, `'sum'`, `'none'`, or KLDivLoss's `'batchmean'`. */
  readonly reduction: string;
  /** SmoothL1Loss's beta. */
  readonly beta?: number;
  /** HuberLoss's delta. */
  readonly delta?: number;
  /** CrossEntropyLoss's label_smoothing. */
  readonly labelSmoothing?: number;
  /** CrossEntropyLoss's and NLLLoss's ignore_index. */
  readonly ignoreIndex?: number;
  /** KLDivLoss's log_target. */
  readonly logTarget?: boolean;
}

/** One case of losses.json, decoded in its dtype. */
export interface LossCase {
  /** Unique case id, e.g. `CrossEntropyLoss/index/reduction=mean/float32`. */
  readonly id: string;
  /** torch module name: `MSELoss`, `CrossEntropyLoss`. */
  readonly loss: string;
  /** The file the case came from, relative to the directory. */
  readonly file: string;
  readonly dtype: DType;
  /** actkit options (camelCase), without the tensors. */
  readonly options: LossOptions;
  /** torch's constructor arguments as recorded (scalars decoded), without the tensors. */
  readonly torchParams: Readonly<Record<string, unknown>>;
  /** Per-class weight ([C]), or BCE's broadcast weight, when the case uses one. */
  readonly weight?: Tensor;
  /** BCEWithLogitsLoss's pos_weight ([C], broadcast over the last dim), when used. */
  readonly posWeight?: Tensor;
  readonly targetKind: TargetKind;
  readonly input: Tensor;
  /** Class indices for `targetKind` `'index'`, else a float tensor shaped like the input. */
  readonly target: Tensor | IndexTensor;
  /** The upstream gradient: 1 (shape []) for reduced losses, shaped like the loss for `'none'`. */
  readonly gradOutput: Tensor;
  /** torch's answers: the loss (shape [] or elementwise) and d(Σ loss·gradOutput)/d input. */
  readonly expected: { readonly loss: Tensor; readonly gradInput: Tensor };
  /** README §2's losses row for the case's dtype, for both outputs. */
  readonly tolerances: { readonly loss: Tolerance; readonly gradInput: Tolerance };
  /** The case's note, when it has one (torch's behaviour worth knowing). */
  readonly note?: string;
}

/** The file losses.json is read from. */
export const LOSSES_FILE = 'losses.json';

const TARGET_KINDS: readonly string[] = ['float', 'index', 'probabilities'];
const isTargetKind = (v: unknown): v is TargetKind => typeof v === 'string' && TARGET_KINDS.includes(v);

/** torch's loss arguments → {@link LossOptions}; an argument this schema does not name is an error. */
function lossOptions(params: Json, where: string): LossOptions {
  const out: { -readonly [K in keyof LossOptions]: LossOptions[K] } = { reduction: field(params, 'reduction', `${where}.params`, isString) };
  const num = (key: string): number => decodeNumber(params[key], `${where}.params.${key}`);
  for (const key of Object.keys(params)) {
    if (key === 'reduction') continue;
    else if (key === 'beta') out.beta = num(key);
    else if (key === 'delta') out.delta = num(key);
    else if (key === 'label_smoothing') out.labelSmoothing = num(key);
    else if (key === 'ignore_index') out.ignoreIndex = num(key);
    else if (key === 'log_target') {
      const v = params[key];
      if (typeof v !== 'boolean') throw new ReferenceFormatError(`${where}.params.log_target: expected a boolean`);
      out.logTarget = v;
    } else {
      throw new ReferenceFormatError(`${where}: unknown loss argument "${key}" (README §8 names reduction, beta, delta, label_smoothing, ignore_index, log_target)`);
    }
  }
  return out;
}

/** The cases of a parsed losses.json. */
export function lossCases(json: Json, file: string = LOSSES_FILE): LossCase[] {
  return field(json, 'cases', file, isArray).map((raw, i) => {
    if (!isObject(raw)) throw new ReferenceFormatError(`${file}: cases[${i}] is not an object`);
    const id = field(raw, 'id', `${file}: cases[${i}]`, isString);
    const where = `${file}: case ${id}`;
    const dtype = field(raw, 'dtype', where, isDType);
    const params = field(raw, 'params', where, isObject);
    const targetKind = field(raw, 'target_kind', where, isTargetKind);
    const note = raw['note'];
    const torchParams: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) torchParams[k] = typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? decodeNumber(v, `${where}.params.${k}`) : v;
    const tensor = (key: string): Tensor => decodeTensor(raw[key], dtype, `${where}.${key}`);
    const input = tensor('input');
    const gradInput = tensor('grad_input');
    if (gradInput.data.length !== input.data.length) {
      throw new ReferenceFormatError(`${where}: grad_input has ${gradInput.data.length} values, input has ${input.data.length}`);
    }
    const loss = tensor('loss_value');
    const gradOutput = tensor('grad_output');
    if (gradOutput.data.length !== loss.data.length) {
      throw new ReferenceFormatError(`${where}: grad_output has ${gradOutput.data.length} values, loss_value has ${loss.data.length}`);
    }
    return {
      id,
      loss: field(raw, 'loss', where, isString),
      file,
      dtype,
      options: lossOptions(params, where),
      torchParams,
      ...(raw['weight'] === undefined ? {} : { weight: tensor('weight') }),
      ...(raw['pos_weight'] === undefined ? {} : { posWeight: tensor('pos_weight') }),
      targetKind,
      input,
      target: targetKind === 'index' ? decodeIndexTensor(raw['target'], `${where}.target`) : tensor('target'),
      gradOutput,
      expected: { loss, gradInput },
      tolerances: { loss: LOSS_TOLERANCE[dtype], gradInput: LOSS_TOLERANCE[dtype] },
      ...(typeof note === 'string' ? { note } : {}),
    };
  });
}

/** Every case of `dir/losses.json`; bad data is a {@link ReferenceFormatError} naming the case. */
export function loadLossCases(dir: string): LossCase[] {
  return lossCases(readJson(dir, LOSSES_FILE), LOSSES_FILE);
}
