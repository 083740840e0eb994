/**
 * The models `train`, `evaluate`, `predict` and the demo know by name, as data: each one's
 * layers (an `ArchitectureSpec` that `buildSequential` builds), its input shape and its training
 * recipe. `mlp` and `cnn` are those of `packages/models/examples/train-fashion-mnist.mjs` (0.897
 * and 0.917 test accuracy in full runs); `pytorch-mlp` is PyTorch's reference model
 * (`tools/reference/models/fmnist-mlp.safetensors`).
 */
import type { ArchitectureSpec, LayerSpec } from '@actkit/models';
import { CliError, EXIT } from '../cli/errors.js';

/** A named model: layers, the shape of one input, and how `train` trains it by default. */
export interface ModelSpec {
  readonly name: string;
  /** The architecture in a few words, for the logs. */
  readonly title: string;
  /** The title and the training recipe, for `--help`. */
  readonly summary: string;
  readonly layers: ArchitectureSpec;
  /** Shape of one sample ([784] for an MLP, [1, 28, 28] for a CNN). */
  readonly inputShape: readonly number[];
  /** `train`'s defaults (Adam, lr halved every 5 epochs by StepLR). */
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
}

export const MODEL_SPECS: Readonly<Record<string, ModelSpec>> = Object.freeze({
  mlp: {
    name: 'mlp',
    title: 'MLP 784-256-128-10, ReLU',
    summary: 'MLP 784-256-128-10, ReLU (Adam 1e-3, batch 128, 20 epochs)',
    layers: [
      { type: 'Linear', in: 784, out: 256, seed: 1 },
      { type: 'ReLU' },
      { type: 'Linear', in: 256, out: 128, seed: 2 },
      { type: 'ReLU' },
      { type: 'Linear', in: 128, out: 10, seed: 3 },
    ],
    inputShape: [784],
    epochs: 20,
    batchSize: 128,
    lr: 1e-3,
  },
  cnn: {
    name: 'cnn',
    title: 'CNN 2 × (conv 3×3 + ReLU + max-pool 2), Linear 3136-128, ReLU, dropout 0.3',
    summary: 'CNN 2 × (conv 3×3 + ReLU + max-pool 2), Linear 3136-128, ReLU, dropout 0.3 (Adam 1e-3, batch 64, 10 epochs)',
    layers: [
      { type: 'Conv2d', in: 1, out: 32, kernelSize: 3, padding: 1, seed: 1 },
      { type: 'ReLU' },
      { type: 'MaxPool2d', kernelSize: 2 },
      { type: 'Conv2d', in: 32, out: 64, kernelSize: 3, padding: 1, seed: 2 },
      { type: 'ReLU' },
      { type: 'MaxPool2d', kernelSize: 2 },
      { type: 'Flatten' },
      { type: 'Linear', in: 64 * 7 * 7, out: 128, seed: 3 },
      { type: 'ReLU' },
      { type: 'Dropout', p: 0.3, seed: 4 },
      { type: 'Linear', in: 128, out: 10, seed: 5 },
    ],
    inputShape: [1, 28, 28],
    epochs: 10,
    batchSize: 64,
    lr: 1e-3,
  },
  'pytorch-mlp': {
    name: 'pytorch-mlp',
    title: "PyTorch's reference MLP 784-256-128-10, ReLU, dropout 0.1, GELU",
    summary: "PyTorch's reference MLP (tools/reference/models/fmnist-mlp.safetensors)",
    layers: [
      { type: 'Linear', in: 784, out: 256 },
      { type: 'ReLU' },
      { type: 'Dropout', p: 0.1 },
      { type: 'Linear', in: 256, out: 128 },
      { type: 'GELU' },
      { type: 'Linear', in: 128, out: 10 },
    ],
    inputShape: [784],
    epochs: 4,
    batchSize: 128,
    lr: 1e-3,
  },
});

/** Names `train` accepts (PyTorch's model is for evaluate and predict, but trains too). */
export const MODEL_NAMES = Object.keys(MODEL_SPECS);

/** The spec called `name`; a usage error listing the names otherwise. */
export function modelSpec(name: string): ModelSpec {
  const spec = Object.hasOwn(MODEL_SPECS, name) ? MODEL_SPECS[name] : undefined;
  if (spec === undefined) throw new CliError(`unknown model ${JSON.stringify(name)}; expected ${MODEL_NAMES.join(', ')}`, EXIT.usage);
  return spec;
}

/** A layer as PyTorch prints it in a one-line summary: `Linear(784,256)`, `Dropout(0.1)`, `ReLU`. */
function torchLayer(l: LayerSpec): string {
  const o = l as Record<string, unknown>;
  if (l.type === 'Linear') return `Linear(${String(o['in'])},${String(o['out'])})`;
  if (l.type === 'Dropout') return `Dropout(${String(o['p'] ?? 0.5)})`;
  if (l.type === 'Conv2d') return `Conv2d(${String(o['in'])},${String(o['out'])},${String(o['kernelSize'])})`;
  if (l.type === 'MaxPool2d') return `MaxPool2d(${String(o['kernelSize'])})`;
  return l.type;
}

/** `torch.nn.Sequential: Linear(784,256) ReLU …`, the form `tools/reference/models/fmnist-mlp.json` uses. */
export function torchSummary(layers: ArchitectureSpec): string {
  return `torch.nn.Sequential: ${layers.map(torchLayer).join(' ')}`;
}

/** The input shape of one sample for layers without a recorded one: [in, 28, 28] before a Conv2d, [in] before a Linear. */
export function inferInputShape(layers: ArchitectureSpec): number[] | undefined {
  const first = layers[0] as Record<string, unknown> | undefined;
  const n = first?.['in'];
  if (typeof n !== 'number') return undefined;
  return first?.['type'] === 'Conv2d' ? [n, 28, 28] : [n];
}
