/**
 * Reading safetensors from a Blob or File in ranges: the 8-byte length first, then the header,
 * validated, and only then each tensor's bytes. A malformed or oversized header is refused after
 * reading at most its own (size-checked) bytes, never the body.
 */
import { copyLittleEndian } from '../endian.js';
import { FormatError, type ReadContext } from '../errors.js';
import { safetensorsHeaderLength, validateSafetensorsHeader } from '../safetensors-header.js';
import { allocateTensors, type SafetensorsContents, type SafetensorsTensor } from '../safetensors.js';
import { loadStateDictFrom, type LoadSafetensorsResult, type LoadStateDictOptions } from '../state-dict.js';
import type { Module } from '../../nn/module.js';
import { blobSource, type BlobLike } from './blob-like.js';

/** The bytes [start, end) of `blob`, checked to be all there. */
async function readRange(blob: BlobLike, start: number, end: number, where: ReadContext): Promise<Uint8Array> {
  const bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
  if (bytes.length !== end - start) {
    throw new FormatError(where.fn, where.source, 'truncated', `read ${bytes.length} bytes at ${start}, expected ${end - start}`);
  }
  return bytes;
}

/** {@link readSafetensorsBlob}, with the function and source that errors name. */
export async function readSafetensorsBlobFrom(blob: BlobLike, where: ReadContext): Promise<SafetensorsContents> {
  const size = blob.size;
  const prefix = await readRange(blob, 0, Math.min(8, size), where);
  const headerLength = safetensorsHeaderLength(prefix, size, where);
  const head = await readRange(blob, 0, 8 + headerLength, where);
  const header = validateSafetensorsHeader(head, size, where);
  const contents = allocateTensors(header);
  for (const e of header.entries) {
    const [begin, end] = e.dataOffsets;
    if (end === begin) continue;
    const bytes = await readRange(blob, header.dataStart + begin, header.dataStart + end, where);
    copyLittleEndian(bytes, (contents.get(e.name) as SafetensorsTensor).data);
  }
  return contents;
}

/**
 * Reads a safetensors file from a Blob or File (a file input's, a fetch response's `blob()`,
 * one from IndexedDB), in ranges with `blob.slice`.
 *
 * Reads the 8-byte length first and checks it against the blob's size and the 100 MB limit,
 * then reads and validates the header (every rule of `parseSafetensors`: dtypes, sizes, offsets
 * in range, no overlap, no gap, no trailing bytes), and only then allocates each tensor and
 * reads its bytes. A malformed file is refused before any allocation sized by its claims and
 * before its body is read.
 *
 * @param blob - The file: a Blob, a File, or anything with `size` and `slice`.
 * @returns The tensors by name, in file order, with the file's metadata as `.metadata`.
 * @throws {@link FormatError} naming the File's name (or `<blob>`) for a malformed file.
 */
export function readSafetensorsBlob(blob: BlobLike): Promise<SafetensorsContents> {
  return readSafetensorsBlobFrom(blob, { fn: 'readSafetensorsBlob', source: blobSource(blob) });
}

/**
 * Loads a safetensors Blob or File into `model`: {@link readSafetensorsBlob}, then
 * `loadStateDictFromSafetensors` (F32/F64 parameters and buffers, BatchNorm1d's I64
 * `num_batches_tracked`). A file saved by `safetensors.torch.save_file(model.state_dict())` in
 * PyTorch loads as it is.
 *
 * @param model - The module to fill.
 * @param blob - The file: a Blob, a File, or anything with `size` and `slice`.
 * @param options - `strict` (default true): every key must match.
 * @returns The file's `__metadata__` (empty when it has none) and, as `loadStateDict`, the keys
 * skipped with `strict: false` (`missingKeys`, `unexpectedKeys`).
 * @throws {@link FormatError} for a malformed file (before its body is read); StateDictError and
 * DTypeError when it does not fit the model (nothing is loaded then).
 */
export async function loadSafetensorsFromBlob(model: Module, blob: BlobLike, options: LoadStateDictOptions = {}): Promise<LoadSafetensorsResult> {
  const where: ReadContext = { fn: 'loadSafetensorsFromBlob', source: blobSource(blob) };
  const contents = await readSafetensorsBlobFrom(blob, where);
  return { ...loadStateDictFrom(model, contents, options, where), metadata: contents.metadata };
}
