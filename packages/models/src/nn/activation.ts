/**
 * Every activation of @actkit/core as a module, generated from core's op registry: the module
 * is core's `activate` forward and `activateBackward` backward, with the op's own names,
 * parameters and saved tensor. No activation is named here.
 */
import {
  activate,
  activateBackward,
  DTypeError,
  getOp,
  ParameterError,
  ShapeError,
  type ActivationName,
  type DType,
  type FloatArray,
  type OpDef,
  type OptionsOf,
  type ops,
} from '@actkit/core';
import { Reusable } from '../buffer.js';
import { globalGenerator } from '../random.js';
import { dtypeOf, sameShape, showShape, zeros, type Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Op parameters the module sets itself: the mode (`training`) and the position in a random stream (`offset`). */
const MANAGED = ['training', 'offset'] as const;

/** Options of a learnable activation parameter (PReLU's `weight`). */
export interface LearnableOptions {
  /** How many values the learnable parameter has: 1 (shared) or one per channel. Default 1. */
  numParameters?: number;
  /** Initial value of the learnable parameter. Default: the op's default (PReLU: 0.25). */
  init?: number;
  /** dtype of the learnable parameter. Default `'float32'`. */
  dtype?: DType;
}

/**
 * Options of the activation module `N`: the op's parameters as core takes them (PyTorch's,
 * camelCase: `{ approximate: 'tanh' }`, `{ dim: 1 }`), without `training`/`offset`, which the
 * module manages, plus {@link LearnableOptions} for an op with a learnable parameter.
 */
export type ActivationModuleOptions<N extends ActivationName = ActivationName> = Omit<
  Partial<OptionsOf<(typeof ops)[N]>>,
  (typeof MANAGED)[number]
> &
  LearnableOptions;

/**
 * Options of an activation module whose name is known only at run time (the generated classes
 * of `activations`): any of the op's parameters, checked by core when the module is built or
 * first called.
 */
export type AnyActivationModuleOptions = LearnableOptions & { readonly [param: string]: unknown };

/** The learnable parameters of an op: each backward reduction `d<key>` of a parameter `key` (PReLU: dweight → weight). */
function learnableKeys(op: OpDef): string[] {
  return Object.keys(op.reductions)
    .filter((r) => r.startsWith('d') && op.paramKeys.includes(r.slice(1)))
    .map((r) => r.slice(1));
}

/** The default value of parameter `key`, as the op resolves it with no options. */
function defaultOf(op: OpDef, key: string, dtype: DType): number {
  const p = op.resolve({}, { fn: op.name, dtype, shape: [1] }) as Record<string, unknown>;
  const v = p[key];
  if (typeof v === 'number') return v;
  if (ArrayBuffer.isView(v)) return (v as FloatArray)[0] as number;
  throw new ParameterError(`${op.torchModule}: no default for ${key}`);
}

/**
 * An activation as a module: `new Activation('gelu', { approximate: 'tanh' })` is
 * `torch.nn.GELU(approximate='tanh')`. y = f(x) with core's `activate` and dx = dy · f′ with
 * `activateBackward` (from the saved input or output, as the op says); float32 runs on core's
 * wasm kernels after `await ready()` from @actkit/core, else on its js kernels.
 *
 * Axis ops (softmax family, GLU) get the input's shape; ops with a training mode (RReLU) follow
 * `train()`/`eval()`, drawing a new stream position every forward; a learnable parameter
 * (PReLU's `weight`) is a {@link Parameter} whose gradient backward adds into `grad`.
 */
export class Activation<N extends ActivationName = ActivationName> extends Module {
  /** The op definition from core's registry. */
  readonly op: OpDef;
  private readonly fwd: Record<string, unknown>;
  private readonly bwd: Record<string, unknown>;
  private readonly learnable: Array<{ key: string; param: Parameter; scratch: FloatArray }> = [];
  private readonly out = new Reusable();
  private readonly gradIn = new Reusable();
  private readonly streamed: boolean;
  private readonly seed: number;
  private offset = 0;
  private input: Tensor | undefined;
  private output: Tensor | undefined;
  private lastShape: readonly number[] = [];
  private lastDtype: DType | undefined;
  private outShape: readonly number[] = [];

  constructor(name: N, options?: ActivationModuleOptions<N>);
  constructor(name: string, options?: AnyActivationModuleOptions);
  constructor(name: string, options: AnyActivationModuleOptions = {}) {
    super();
    const op = getOp(name);
    this.op = op;
    const { numParameters, init, dtype, ...params } = options;
    for (const key of MANAGED) {
      if (key in params) throw new ParameterError(`${op.torchModule}: ${key} is set by the module (train()/eval()), not an option`);
    }
    const keys = learnableKeys(op);
    if (keys.length === 0 && (numParameters !== undefined || init !== undefined || dtype !== undefined)) {
      throw new ParameterError(`${op.torchModule}: has no learnable parameter; numParameters, init and dtype do not apply`);
    }
    for (const key of keys) {
      if (key in params) throw new ParameterError(`${op.torchModule}: ${key} is a learnable parameter; set its initial value with init`);
      const dt = dtype ?? 'float32';
      const n = numParameters ?? 1;
      if (!Number.isSafeInteger(n) || n < 1) throw new ParameterError(`${op.torchModule}: numParameters must be a positive integer, got ${String(n)}`);
      const value = zeros(dt, n).fill(init ?? defaultOf(op, key, dt));
      const param = this.registerParameter(key, new Parameter(key, value, [n]));
      this.learnable.push({ key, param, scratch: zeros(dt, n) });
    }
    this.streamed = op.paramKeys.includes('seed') && op.paramKeys.includes('offset');
    // a stream's seed: the option, else one draw from the global generator (only for such ops)
    this.seed = typeof params['seed'] === 'number' ? (params['seed'] as number) : this.streamed ? globalGenerator().nextUint32() : 0;
    this.fwd = { ...params };
    this.bwd = { ...params };
    if (this.streamed) this.fwd['seed'] = this.bwd['seed'] = this.seed;
    for (const { key, param } of this.learnable) this.fwd[key] = this.bwd[key] = param.value;
    // elementwise parameters are checked now, as the first call would; an axis op's `dim`
    // needs the input's shape, so its first forward checks it
    if (!op.takesShape || keys.length > 0) {
      op.resolve(this.fwd as never, { fn: op.name, dtype: dtype ?? 'float32', shape: op.takesShape ? [1, numParameters ?? 1] : [1] });
    }
  }

  /** y = f(x), in x's dtype and (but for GLU's halved dim) shape. */
  forward(x: Tensor): Tensor {
    const op = this.op;
    const dtype = dtypeOf(x.data, op.torchModule);
    for (const { param } of this.learnable) {
      if (param.dtype !== dtype) throw new DTypeError(`${op.torchModule}: ${dtype} input for a ${param.dtype} ${param.name}`);
    }
    const f = this.fwd;
    if (op.takesShape) f['shape'] = x.shape;
    if (op.paramKeys.includes('training')) f['training'] = this.training;
    if (this.streamed) f['offset'] = this.offset;
    const y = this.out.get(dtype, this.outputShape(x, dtype));
    f['out'] = y.data;
    activate(op.name, x.data, f);
    f['out'] = undefined;
    this.input = x;
    this.output = y;
    if (this.streamed && this.training) this.offset += x.data.length;
    return y;
  }

  /** dx = dy · f′ (core's backward of the op) for the last forward; adds learnable parameters' gradients into their `grad`. */
  backward(dy: Tensor): Tensor {
    const x = this.input;
    const y = this.output;
    if (x === undefined || y === undefined) throw new ShapeError(`${this.op.torchModule}: backward before forward`);
    const b = this.bwd;
    const f = this.fwd;
    if (this.op.takesShape) b['shape'] = x.shape;
    if (this.op.paramKeys.includes('training')) b['training'] = f['training'];
    if (this.streamed) b['offset'] = f['offset'];
    for (const { key, scratch } of this.learnable) b[`d${key}`] = scratch;
    const dx = this.gradIn.get(dtypeOf(dy.data, this.op.torchModule), x.shape);
    b['out'] = dx.data;
    activateBackward(this.op.name, dy.data, this.op.saves === 'x' ? x.data : y.data, b);
    b['out'] = undefined;
    for (const { param, scratch } of this.learnable) {
      if (!param.requiresGrad) continue;
      const g = param.grad;
      for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) + (scratch[i] as number);
    }
    return dx;
  }

  /** The output shape: x's, or x's with the op's `dim` shrunk when the op's output is shorter (GLU). */
  private outputShape(x: Tensor, dtype: DType): readonly number[] {
    if (dtype === this.lastDtype && sameShape(this.lastShape, x.shape)) return this.outShape;
    const op = this.op;
    const shape = x.shape;
    const { out: _o, ...params } = this.fwd;
    const p = op.resolve(params as never, { fn: op.name, dtype, shape: op.takesShape ? shape : [x.data.length] });
    const n = x.data.length;
    const m = op.geometry.outputLength(p, n);
    let outShape: readonly number[] = shape;
    if (m !== n) {
      const nd = shape.length;
      const raw = typeof this.fwd['dim'] === 'number' ? (this.fwd['dim'] as number) : -1;
      const d = raw < 0 ? raw + nd : raw;
      const copy = [...shape];
      copy[d] = ((copy[d] as number) * m) / n;
      if (!Number.isInteger(copy[d])) throw new ShapeError(`${op.torchModule}: cannot shrink dim ${raw} of ${showShape(shape)}`);
      outShape = copy;
    }
    this.lastShape = [...shape];
    this.lastDtype = dtype;
    this.outShape = outShape;
    return outShape;
  }
}

/** A generated activation module class: `new activations.GELU({ approximate: 'tanh' })`. */
export interface ActivationModuleClass {
  new (options?: AnyActivationModuleOptions): Activation;
  /** PyTorch's module name (`'LeakyReLU'`). */
  readonly torchModule: string;
  /** core's canonical name (`'leakyRelu'`). */
  readonly activation: ActivationName;
}

/** The module class of one op: an {@link Activation} bound to its name, named as PyTorch names it. */
function moduleClassOf(op: OpDef): ActivationModuleClass {
  const name = op.name as ActivationName;
  const cls = class extends Activation {
    static readonly torchModule = op.torchModule;
    static readonly activation = name;
    constructor(options?: AnyActivationModuleOptions) {
      super(name as string, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: op.torchModule });
  return cls;
}

/**
 * One module class per activation of core's registry, keyed by PyTorch's module name:
 * `activations.ReLU`, `activations.GELU`, `activations.LeakyReLU`, `activations.Softmax`, …
 * `registry` is core's `ops` (see activations.ts).
 */
export function activationModules(registry: Readonly<Record<string, OpDef>>): Readonly<Record<string, ActivationModuleClass>> {
  const out: Record<string, ActivationModuleClass> = {};
  for (const op of Object.values(registry)) out[op.torchModule] = moduleClassOf(op);
  return Object.freeze(out);
}
