/**
 * Safetensors files in IndexedDB: one record per model, written in one transaction (the
 * browser's counterpart of Node's temporary file + rename), read back with the header checked
 * before the body.
 */
import { FormatError, RecordNotFoundError, type ReadContext } from '../errors.js';
import { parseSafetensorsFrom, type SafetensorsContents } from '../safetensors.js';
import { loadStateDictFrom, type LoadSafetensorsResult, type LoadStateDictOptions, type SafetensorsSource } from '../state-dict.js';
import type { Module } from '../../nn/module.js';
import { isBlobLike } from './blob-like.js';
import { readSafetensorsBlobFrom } from './blob-read.js';
import { blobParts, planStateDict } from './blob-write.js';
import { keyText, recordSource, requestResult, transactionDone, type IndexedDBLocation } from './idb-like.js';

/** Options of {@link saveSafetensorsToIndexedDB}: where, and how the bytes are stored. */
export interface SaveToIndexedDBOptions extends IndexedDBLocation {
  /** An optional map of strings, stored as `__metadata__`. */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Store the file as a `'blob'` (default: the browser may keep it out of the database's
   * memory, and it is read back in ranges) or as one `'arraybuffer'`.
   */
  readonly as?: 'blob' | 'arraybuffer';
}

/** The file's bytes as one ArrayBuffer. */
function concatenate(parts: readonly Uint8Array[], byteLength: number): ArrayBuffer {
  const out = new Uint8Array(byteLength);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.buffer;
}

/**
 * Saves a module's state dict (or any tensors) as a safetensors file in an IndexedDB record.
 *
 * The bytes are those `saveSafetensors` writes in Node (PyTorch's layout: BatchNorm1d's
 * `num_batches_tracked` as an I64 scalar), stored as a Blob (or an ArrayBuffer) under `key` with
 * one `put` in one readwrite transaction. A transaction is atomic — it commits whole or not at
 * all — so a reader sees the previous record or the new one, never part of a file: the
 * browser's counterpart of the temporary file and rename of the Node writer. The tensors are
 * validated and copied before the transaction opens, so a tensor that cannot be written leaves
 * the store untouched.
 *
 * @param source - A module, or tensors by name (`model.stateDict()` is one).
 * @param options - `db` (an open `IDBDatabase`), `store` (an object store with out-of-line
 * keys), `key`, optional `metadata` and `as` (`'blob'` or `'arraybuffer'`).
 * @returns When the transaction has committed.
 * @throws DTypeError, ShapeError or ParameterError for a tensor that cannot be written; the
 * transaction's error (a DOMException such as `QuotaExceededError`) when the write fails.
 */
export async function saveSafetensorsToIndexedDB(source: SafetensorsSource, options: SaveToIndexedDBOptions): Promise<void> {
  const plan = planStateDict(source, options.metadata, 'saveSafetensorsToIndexedDB');
  const value = options.as === 'arraybuffer' ? concatenate([plan.head, ...plan.chunks], plan.byteLength) : new Blob(blobParts(plan), { type: 'application/octet-stream' });
  // no await between opening the transaction and the put: it would be committed in between
  const tx = options.db.transaction(options.store, 'readwrite');
  const done = transactionDone(tx);
  tx.objectStore(options.store).put(value, options.key);
  await done;
}

/** {@link readSafetensorsFromIndexedDB}, with the function that errors name. */
async function readRecord(location: IndexedDBLocation, fn: string): Promise<{ contents: SafetensorsContents; where: ReadContext }> {
  const where: ReadContext = { fn, source: recordSource(location) };
  const tx = location.db.transaction(location.store, 'readonly');
  const value = await requestResult(tx.objectStore(location.store).get(location.key));
  if (value === undefined) throw new RecordNotFoundError(fn, location.store, keyText(location.key));
  if (isBlobLike(value)) return { contents: await readSafetensorsBlobFrom(value, where), where };
  if (value instanceof ArrayBuffer) return { contents: parseSafetensorsFrom(new Uint8Array(value), where), where };
  if (ArrayBuffer.isView(value)) return { contents: parseSafetensorsFrom(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), where), where };
  const what = typeof value === 'object' && value !== null ? (value.constructor?.name ?? 'object') : typeof value;
  throw new FormatError(fn, where.source, 'unexpected-contents', `the record is ${what}, not a Blob, ArrayBuffer or typed array of safetensors bytes`);
}

/**
 * Reads a safetensors file stored in an IndexedDB record (a Blob, an ArrayBuffer or a typed
 * array, as {@link saveSafetensorsToIndexedDB} or another program stored it). A Blob is read
 * in ranges, its header validated before its body is read.
 *
 * @param location - `db` (an open `IDBDatabase`), `store` and `key`.
 * @returns The tensors by name, in file order, with the file's metadata as `.metadata`.
 * @throws {@link RecordNotFoundError} when there is no record under `key`; {@link FormatError}
 * naming `indexeddb:<store>/<key>` for a record that is not bytes or a malformed file;
 * IndexedDB's own DOMException otherwise (`NotFoundError` for a store the database lacks).
 */
export async function readSafetensorsFromIndexedDB(location: IndexedDBLocation): Promise<SafetensorsContents> {
  return (await readRecord(location, 'readSafetensorsFromIndexedDB')).contents;
}

/**
 * Loads a module saved with {@link saveSafetensorsToIndexedDB} (or any safetensors file stored
 * there) into `model`: {@link readSafetensorsFromIndexedDB}, then
 * `loadStateDictFromSafetensors`.
 *
 * @param model - The module to fill.
 * @param options - `db` (an open `IDBDatabase`), `store`, `key`, and `strict` (default true:
 * every key must match).
 * @returns The file's `__metadata__` (empty when it has none) and, as `loadStateDict`, the keys
 * skipped with `strict: false` (`missingKeys`, `unexpectedKeys`).
 * @throws {@link RecordNotFoundError} when there is no record; {@link FormatError} for a record
 * that is not a valid file; StateDictError and DTypeError when it does not fit the model
 * (nothing is loaded then).
 */
export async function loadSafetensorsFromIndexedDB(model: Module, options: IndexedDBLocation & LoadStateDictOptions): Promise<LoadSafetensorsResult> {
  const { contents, where } = await readRecord(options, 'loadSafetensorsFromIndexedDB');
  return { ...loadStateDictFrom(model, contents, options, where), metadata: contents.metadata };
}
