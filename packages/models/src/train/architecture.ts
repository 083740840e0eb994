/**
 * A model described as data — `[{ type: 'Linear', in: 784, out: 256 }, { type: 'ReLU' }, …]` —
 * that survives `JSON.stringify` and `postMessage`, and the `Sequential` it describes, built from
 * this package's module classes. The weights travel separately (a state dict, as safetensors bytes).
 */
import type { DType } from '@actkit/core';
import { activations } from '../nn/activations.js';
import type { AnyActivationModuleOptions } from '../nn/activation.js';
import { BatchNorm1d, type BatchNorm1dOptions } from '../nn/batchnorm1d.js';
import { Conv2d, type Conv2dOptions } from '../nn/conv2d.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten, type FlattenOptions } from '../nn/flatten.js';
import { LayerNorm, type LayerNormOptions } from '../nn/layernorm.js';
import { Linear } from '../nn/linear.js';
import { MaxPool2d, type MaxPool2dOptions } from '../nn/maxpool2d.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import type { Pair } from '../nn/window.js';
import { ArchitectureError } from './errors.js';

/** `torch.nn.Linear(in, out, bias)`; `seed` seeds its initialisation. */
export interface LinearSpec {
  readonly type: 'Linear';
  readonly in: number;
  readonly out: number;
  readonly bias?: boolean;
  readonly dtype?: DType;
  readonly seed?: number;
}

/** `torch.nn.Conv2d(in, out, kernelSize, …)`; `seed` seeds its initialisation. */
export interface Conv2dSpec extends Conv2dOptions {
  readonly type: 'Conv2d';
  readonly in: number;
  readonly out: number;
  readonly kernelSize: Pair;
}

/** `torch.nn.Dropout(p)`; `seed` seeds its masks. */
export interface DropoutSpec {
  readonly type: 'Dropout';
  readonly p?: number;
  readonly seed?: number;
}

/** `torch.nn.Flatten(startDim, endDim)`. */
export interface FlattenSpec extends FlattenOptions {
  readonly type: 'Flatten';
}

/** `torch.nn.LayerNorm(normalizedShape, …)`. */
export interface LayerNormSpec extends LayerNormOptions {
  readonly type: 'LayerNorm';
  readonly normalizedShape: number | readonly number[];
}

/** `torch.nn.BatchNorm1d(numFeatures, …)`. */
export interface BatchNorm1dSpec extends BatchNorm1dOptions {
  readonly type: 'BatchNorm1d';
  readonly numFeatures: number;
}

/** `torch.nn.MaxPool2d(kernelSize, …)`. */
export interface MaxPool2dSpec extends MaxPool2dOptions {
  readonly type: 'MaxPool2d';
  readonly kernelSize: Pair;
}

/**
 * An activation module by PyTorch's name (`'ReLU'`, `'GELU'`, `'LeakyReLU'`, any key of
 * `activations`) with the op's options: `{ type: 'GELU', approximate: 'tanh' }`.
 */
export interface ActivationSpec {
  readonly type: string;
  readonly [option: string]: unknown;
}

/** One layer of an {@link ArchitectureSpec}. */
export type LayerSpec = LinearSpec | Conv2dSpec | DropoutSpec | FlattenSpec | LayerNormSpec | BatchNorm1dSpec | MaxPool2dSpec | ActivationSpec;

/** A `Sequential` as data: its layers in order (plain JSON: it can be posted to a worker or saved). */
export type ArchitectureSpec = readonly LayerSpec[];

const LAYERS = ['Linear', 'Conv2d', 'Dropout', 'Flatten', 'LayerNorm', 'BatchNorm1d', 'MaxPool2d'] as const;

/** `spec` without its `type`. */
function optionsOf(spec: LayerSpec): Record<string, unknown> {
  const { type: _t, ...rest } = spec as unknown as Record<string, unknown>;
  return rest;
}

/** The module one layer spec describes. */
function layerOf(spec: LayerSpec): Module {
  const o = optionsOf(spec);
  switch (spec.type) {
    case 'Linear': {
      const { in: i, out, ...rest } = o as unknown as Omit<LinearSpec, 'type'>;
      return new Linear(i, out, rest);
    }
    case 'Conv2d': {
      const { in: i, out, kernelSize, ...rest } = o as unknown as Omit<Conv2dSpec, 'type'>;
      return new Conv2d(i, out, kernelSize, rest);
    }
    case 'Dropout': {
      const { p, seed } = o as Omit<DropoutSpec, 'type'>;
      return new Dropout(p, seed === undefined ? {} : { seed });
    }
    case 'Flatten':
      return new Flatten(o as FlattenOptions);
    case 'LayerNorm': {
      const { normalizedShape, ...rest } = o as unknown as Omit<LayerNormSpec, 'type'>;
      return new LayerNorm(normalizedShape, rest);
    }
    case 'BatchNorm1d': {
      const { numFeatures, ...rest } = o as unknown as Omit<BatchNorm1dSpec, 'type'>;
      return new BatchNorm1d(numFeatures, rest);
    }
    case 'MaxPool2d': {
      const { kernelSize, ...rest } = o as unknown as Omit<MaxPool2dSpec, 'type'>;
      return new MaxPool2d(kernelSize, rest);
    }
  }
  const cls = Object.hasOwn(activations, spec.type) ? activations[spec.type] : undefined;
  if (cls === undefined) {
    throw new ArchitectureError('buildSequential', -1, `unknown layer type ${JSON.stringify(spec.type)}; expected one of ${[...LAYERS, ...Object.keys(activations)].join(', ')}`);
  }
  return new cls(o as AnyActivationModuleOptions);
}

/**
 * Builds the `Sequential` an architecture spec describes, layer by layer, with this package's
 * module classes: `buildSequential([{ type: 'Linear', in: 784, out: 256, seed: 1 }, { type: 'ReLU' },
 * { type: 'Linear', in: 256, out: 10, seed: 2 }])` is `new Sequential(new Linear(784, 256, { seed: 1 }),
 * new activations.ReLU(), new Linear(256, 10, { seed: 2 }))`, with the same state-dict keys
 * (`'0.weight'`, `'2.bias'`). Load trained weights with `loadStateDict`.
 *
 * @throws {@link ArchitectureError} naming the layer's index: an unknown `type` (listing the
 * valid ones), or the layer's own error (ParameterError, …) as its `cause`.
 */
export function buildSequential(spec: ArchitectureSpec): Sequential {
  if (!Array.isArray(spec)) throw new ArchitectureError('buildSequential', -1, `expected an array of layer specs, got ${typeof spec}`);
  const model = new Sequential();
  spec.forEach((layer: LayerSpec, index: number) => {
    if (typeof layer !== 'object' || layer === null || typeof layer.type !== 'string') {
      throw new ArchitectureError('buildSequential', index, `expected { type: string, … }, got ${JSON.stringify(layer)}`);
    }
    try {
      model.append(layerOf(layer));
    } catch (e) {
      if (e instanceof ArchitectureError) throw new ArchitectureError('buildSequential', index, e.message.replace(/^buildSequential: /, ''));
      const detail = e instanceof Error ? e.message : String(e);
      throw new ArchitectureError('buildSequential', index, `${layer.type}: ${detail}`, { cause: e });
    }
  });
  return model;
}
