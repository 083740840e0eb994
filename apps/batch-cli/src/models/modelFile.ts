/**
 * Model files: safetensors with PyTorch's state-dict keys, plus the architecture in the metadata
 * (`actkit.architecture`: the layers as JSON, `actkit.input_shape`, `actkit.model`), so that
 * `evaluate` and `predict` rebuild the model from the file alone. PyTorch's files have no such
 * metadata: `--model` names the architecture instead.
 */
import { ActkitError } from '@actkit/core';
import {
  buildSequential,
  FormatError,
  loadStateDictFromSafetensors,
  serializeSafetensors,
  stateDictToSafetensors,
  type ArchitectureSpec,
  type Sequential,
} from '@actkit/models';
import { loadSafetensors } from '@actkit/models/node';
import { CliError } from '../cli/errors.js';
import { fileError } from '../commands/fileErrors.js';
import type { AtomicFile } from '../output/atomic.js';
import { inferInputShape, MODEL_NAMES, MODEL_SPECS, modelSpec, type ModelSpec } from './specs.js';

export const META = {
  architecture: 'actkit.architecture',
  inputShape: 'actkit.input_shape',
  model: 'actkit.model',
  training: 'actkit.training',
} as const;

/** The metadata `train` writes for a model. */
export function modelMetadata(spec: ModelSpec, training: Record<string, unknown>): Record<string, string> {
  return {
    [META.architecture]: JSON.stringify(spec.layers),
    [META.inputShape]: JSON.stringify(spec.inputShape),
    [META.model]: spec.name,
    [META.training]: JSON.stringify(training),
    format: 'pt',
  };
}

/** Writes the model's state dict and `metadata` into an open {@link AtomicFile} and commits it. */
export async function writeModel(file: AtomicFile, model: Sequential, metadata: Record<string, string>): Promise<number> {
  const bytes = serializeSafetensors(stateDictToSafetensors(model), metadata);
  await file.handle.write(bytes, 0, bytes.length, 0);
  await file.commit();
  return bytes.length;
}

/** A model rebuilt from a file. */
export interface LoadedModel {
  readonly model: Sequential;
  readonly layers: ArchitectureSpec;
  readonly inputShape: readonly number[];
  /** Where the architecture came from. */
  readonly from: 'metadata' | '--model';
  /** The model's name (`mlp`, `cnn`, `pytorch-mlp`), or `custom`. */
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
}

function metaJson(path: string, metadata: Readonly<Record<string, string>>, key: string): unknown {
  try {
    return JSON.parse(metadata[key] as string);
  } catch {
    throw new CliError(`${path}: the metadata ${key} is not JSON: ${JSON.stringify((metadata[key] as string).slice(0, 80))}`);
  }
}

/** The named specs whose parameter keys and shapes are exactly the file's (a hint for a file without metadata). */
function matchingSpecs(tensors: ReadonlyMap<string, { shape: readonly number[] }>): string[] {
  return MODEL_NAMES.filter((name) => {
    const sd = buildSequential((MODEL_SPECS[name] as ModelSpec).layers).stateDict();
    const keys = Object.keys(sd);
    return keys.length === tensors.size && keys.every((k) => tensors.get(k)?.shape.join(',') === sd[k]?.shape.join(','));
  });
}

/**
 * Loads `path` into the model its metadata describes, or the named `modelName` (which wins).
 * Every failure is a CliError (exit 1) that names `path`: a missing or unreadable file, a
 * malformed safetensors file (the FormatError's problem), no architecture and no `--model`,
 * weights that do not fit the architecture (PyTorch's missing/unexpected keys, size mismatches).
 */
export async function loadModel(path: string, modelName?: string): Promise<LoadedModel> {
  const named = modelName === undefined ? undefined : modelSpec(modelName);
  let tensors;
  try {
    tensors = await loadSafetensors(path);
  } catch (e) {
    if (e instanceof FormatError) throw new CliError(`${path}: not a valid safetensors file (FormatError, ${e.problem}): ${e.message}`);
    throw fileError(e, 'cannot read', path);
  }
  const metadata = tensors.metadata;
  let layers: ArchitectureSpec;
  let inputShape: readonly number[] | undefined;
  let name: string;
  if (named !== undefined) {
    ({ layers, inputShape, name } = named);
  } else if (metadata[META.architecture] !== undefined) {
    layers = metaJson(path, metadata, META.architecture) as ArchitectureSpec;
    inputShape = metadata[META.inputShape] !== undefined ? (metaJson(path, metadata, META.inputShape) as number[]) : inferInputShape(layers);
    name = metadata[META.model] ?? 'custom';
    if (!Array.isArray(layers)) throw new CliError(`${path}: the metadata ${META.architecture} is not a list of layers`);
  } else {
    const fits = matchingSpecs(tensors);
    const hint = fits.length > 0 ? `; its tensors fit --model ${fits.join(' or --model ')}` : '';
    throw new CliError(`${path} has no architecture in its metadata (${META.architecture}): pass --model ${MODEL_NAMES.join('|')}${hint}`);
  }
  if (inputShape === undefined || !Array.isArray(inputShape) || inputShape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new CliError(`${path}: cannot tell the model's input shape (metadata ${META.inputShape})`);
  }
  if (inputShape.reduce((a, b) => a * b, 1) !== 784) throw new CliError(`${path}: the model takes inputs of shape [${inputShape.join(', ')}], not 28×28 images`);
  let model: Sequential;
  try {
    model = buildSequential(layers);
    loadStateDictFromSafetensors(model, tensors);
  } catch (e) {
    if (e instanceof ActkitError) {
      const via = named !== undefined ? `--model ${named.name}` : `its metadata's architecture`;
      throw new CliError(`${path}: the weights do not fit ${via} (${e.name}): ${e.message}`);
    }
    throw e;
  }
  model.eval();
  return { model, layers, inputShape, from: named !== undefined ? '--model' : 'metadata', name, metadata };
}
