/** `torch.nn.Dropout`: zeroes elements at random while training. */
import { ParameterError, ShapeError } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { Generator, globalGenerator } from '../random.js';
import { dtypeOf, type Tensor } from '../tensor.js';
import { Module } from './module.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Seed of the masks; default: the global generator (see `manualSeed`). */
  seed?: number;
}

/**
 * Dropout, as `torch.nn.Dropout(p)`. Training: y = x · m / (1 − p) with m ~ Bernoulli(1 − p)
 * per element (p = 1: y = 0). Evaluation: y = x (the input itself). Backward: dx = dy · m / (1 − p).
 * Masks come from a seedable generator, not torch's.
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Generator;
  private readonly out = new Reusable();
  private readonly gradIn = new Reusable();
  private readonly maskBuf = new Reusable();
  private passthrough = true;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ParameterError(`Dropout: p must be a probability in [0, 1], got ${String(p)}`);
    this.p = p;
    this.rng = options.seed === undefined ? globalGenerator() : new Generator(options.seed);
  }

  /** y = x · m / (1 − p), m ~ Bernoulli(1 − p) per element, while training; y = x in eval. */
  forward(x: Tensor): Tensor {
    this.passthrough = !this.training || this.p === 0;
    if (this.passthrough) return x;
    const dtype = dtypeOf(x.data, 'Dropout');
    const mask = this.maskBuf.get(dtype, x.shape).data;
    const y = this.out.get(dtype, x.shape);
    const keep = this.p === 1 ? 0 : 1 / (1 - this.p);
    const xd = x.data;
    const yd = y.data;
    for (let i = 0; i < xd.length; i++) {
      mask[i] = this.rng.uniform() < this.p ? 0 : keep;
      yd[i] = (xd[i] as number) * (mask[i] as number);
    }
    return y;
  }

  /** dx = dy · m / (1 − p) with the last forward's mask (dy itself in eval). */
  backward(dy: Tensor): Tensor {
    if (this.passthrough) return dy;
    const dtype = dtypeOf(dy.data, 'Dropout');
    const mask = this.maskBuf.get(dtype, dy.shape).data;
    if (mask.length !== dy.data.length) throw new ShapeError('Dropout: dy does not match the last forward');
    const dx = this.gradIn.get(dtype, dy.shape);
    const g = dy.data;
    const d = dx.data;
    for (let i = 0; i < g.length; i++) d[i] = (g[i] as number) * (mask[i] as number);
    return dx;
  }
}
