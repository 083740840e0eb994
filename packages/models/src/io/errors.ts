/**
 * Typed errors of the file formats (safetensors, IDX) and of loading a state dict. Each one is an
 * {@link ActkitError} with a stable `code`; its message names the function, the file and the
 * problem.
 */
import { ActkitError } from '@actkit/core';

/**
 * Why a file was refused, one stable name per rule. The safetensors rules are those of the Rust
 * `safetensors` crate that PyTorch users load with (`SafeTensors::read_metadata` and
 * `Metadata::validate`); the IDX rules are LeCun's format.
 */
export type FormatProblem =
  /** Fewer bytes than the fixed-size prefix (8 for safetensors, 4 for IDX). */
  | 'too-short'
  /** The safetensors header length is over the 100,000,000-byte limit (the crate's `HeaderTooLarge`). */
  | 'header-too-large'
  /** The header ends past the end of the file (the crate's `InvalidHeaderLength`). */
  | 'header-past-end'
  /** The header is not UTF-8. */
  | 'header-not-utf8'
  /** The header is not JSON. */
  | 'header-not-json'
  /** The header is JSON but not an object, or an entry or `__metadata__` has the wrong fields. */
  | 'header-invalid'
  /** A dtype name this reader does not know. */
  | 'unknown-dtype'
  /** shape × dtype size overflows, or differs from the span of `data_offsets` (`TensorInvalidInfo`). */
  | 'size-mismatch'
  /** `data_offsets` past the end of the data, or end before begin (`InvalidOffset`). */
  | 'offset-out-of-range'
  /** Two tensors share bytes (`InvalidOffset`). */
  | 'offset-overlap'
  /** Bytes that no tensor covers, between tensors or after the last (`InvalidOffset`, `MetadataIncompleteBuffer`). */
  | 'offset-gap'
  /** An IDX magic number that is not `0x0000TTDD` with a known type code TT and DD ≥ 1 dimensions. */
  | 'bad-magic'
  /** Fewer data bytes than the dimensions declare. */
  | 'truncated'
  /** More data bytes than the dimensions declare. */
  | 'trailing-bytes'
  /** The contents are valid but not what the caller asked for (an IDX file of the wrong rank or type, a stored record that is not bytes). */
  | 'unexpected-contents'
  /** An integer tensor (PyTorch's int64 `num_batches_tracked`) with a value that is not an exact integer within ±2^53, which JavaScript numbers hold exactly. */
  | 'integer-out-of-range';

/** Which function reads which file: the two names a {@link FormatError} gives. */
export interface ReadContext {
  /** The public function that was called, such as `loadSafetensors`. */
  readonly fn: string;
  /** The file path, `'<bytes>'` for an in-memory array, a File's name or `'<blob>'`, or `indexeddb:<store>/<key>`. */
  readonly source: string;
}

/**
 * A file (or byte array) that is not a valid safetensors or IDX file. It is thrown before any
 * allocation sized by the file's own claims, so a hostile header cannot exhaust memory.
 */
export class FormatError extends ActkitError {
  /** Which rule the file broke. */
  readonly problem: FormatProblem;
  /** What was read: as {@link ReadContext.source}. */
  readonly source: string;
  constructor(fn: string, source: string, problem: FormatProblem, detail: string) {
    super('ERR_ACTKIT_FORMAT', `${fn}: ${source}: ${detail}`);
    this.problem = problem;
    this.source = source;
  }
}

/** One parameter whose shape in a file differs from the module's. */
export interface ShapeMismatch {
  /** The state-dict key, such as `0.weight`. */
  readonly key: string;
  /** The shape the module has. */
  readonly expected: readonly number[];
  /** The shape found in the file. */
  readonly found: readonly number[];
}

/** What {@link StateDictError} reports: the three lists PyTorch's `load_state_dict` reports. */
export interface StateDictProblems {
  /** Keys the module has and the file lacks. */
  readonly missing?: readonly string[];
  /** Keys the file has and the module lacks. */
  readonly unexpected?: readonly string[];
  /** Keys present in both with different shapes. */
  readonly mismatched?: readonly ShapeMismatch[];
}

/**
 * A state dict that does not fit a module: missing keys, unexpected keys, or shapes that differ.
 * The message follows PyTorch's `load_state_dict` ("Missing key(s)", "Unexpected key(s)",
 * "size mismatch for 0.weight"), so a PyTorch user recognises it.
 */
export class StateDictError extends ActkitError {
  /** Keys the module has and the state dict lacks. */
  readonly missing: readonly string[];
  /** Keys the state dict has and the module lacks. */
  readonly unexpected: readonly string[];
  /** Keys whose shapes differ. */
  readonly mismatched: readonly ShapeMismatch[];
  constructor(fn: string, moduleName: string, problems: StateDictProblems) {
    const missing = problems.missing ?? [];
    const unexpected = problems.unexpected ?? [];
    const mismatched = problems.mismatched ?? [];
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`Missing key(s): ${missing.map((k) => JSON.stringify(k)).join(', ')}.`);
    if (unexpected.length > 0) parts.push(`Unexpected key(s): ${unexpected.map((k) => JSON.stringify(k)).join(', ')}.`);
    for (const m of mismatched) {
      parts.push(
        `size mismatch for ${m.key}: copying a param with shape [${m.found.join(', ')}] from the state dict, ` +
          `the shape in the current model is [${m.expected.join(', ')}].`,
      );
    }
    super('ERR_ACTKIT_STATE_DICT', `${fn}: error(s) in loading state_dict for ${moduleName}: ${parts.join(' ')}`);
    this.missing = missing;
    this.unexpected = unexpected;
    this.mismatched = mismatched;
  }
}

/** A data set whose directory or file is not on this machine; the message says how to install it. */
export class DatasetNotFoundError extends ActkitError {
  /** The directory or file that is missing. */
  readonly path: string;
  constructor(fn: string, path: string, what: string, install: string) {
    super('ERR_ACTKIT_DATASET_NOT_FOUND', `${fn}: ${what} ${path} does not exist; install it with \`${install}\``);
    this.path = path;
  }
}

/**
 * No record under a key of an IndexedDB object store: the model was never saved there, or was
 * deleted. Thrown by the IndexedDB loaders before anything is read or loaded.
 */
export class RecordNotFoundError extends ActkitError {
  /** The object store's name. */
  readonly store: string;
  /** The key that has no record, as text (a string key quoted: `"mlp"`). */
  readonly key: string;
  constructor(fn: string, store: string, key: string) {
    super('ERR_ACTKIT_RECORD_NOT_FOUND', `${fn}: no record under key ${key} in the IndexedDB object store ${JSON.stringify(store)}`);
    this.store = store;
    this.key = key;
  }
}
