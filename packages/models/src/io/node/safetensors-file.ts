/**
 * Safetensors files on disk: an atomic writer, and a reader that validates the header against
 * the file's size before it reads (or allocates for) any tensor.
 */
import { open } from 'node:fs/promises';
import type { ReadContext } from '../errors.js';
import { bytesOf, littleEndianToHostInPlace } from '../endian.js';
import { safetensorsHeaderLength, validateSafetensorsHeader } from '../safetensors-header.js';
import { allocateTensors, planSafetensors, type SafetensorsContents } from '../safetensors.js';
import { stateDictToSafetensors, type SafetensorsSource } from '../state-dict.js';
import { readExactly, writeFileAtomic } from './file-io.js';

/**
 * Writes a module's state dict (or any tensors) to a safetensors file, atomically.
 *
 * A module or state dict is written in PyTorch's layout (see {@link stateDictToSafetensors}:
 * BatchNorm1d's `num_batches_tracked` as an I64 scalar), other tensors as they are. The file is
 * laid out as {@link serializeSafetensors} lays it out (the tensors are validated first, so a
 * tensor that cannot be written leaves the disk untouched), written to a temporary file in the
 * same directory, fsynced and renamed over `path`. On any error the temporary file is removed
 * and an existing file at `path` is left as it was. The tensors' data is written from their own
 * memory, without a copy of the whole file.
 *
 * @param path - Where to write; an existing file is replaced.
 * @param source - A module, or tensors by name: `{ dtype?, shape, data }` (`model.stateDict()` is one).
 * @param metadata - An optional map of strings, stored as `__metadata__`.
 */
export async function saveSafetensors(path: string, source: SafetensorsSource, metadata?: Readonly<Record<string, string>>): Promise<void> {
  const plan = planSafetensors(stateDictToSafetensors(source, 'saveSafetensors'), metadata, 'saveSafetensors');
  await writeFileAtomic(path, [plan.head, ...plan.chunks]);
}

/**
 * Reads a safetensors file.
 *
 * Reads the 8-byte length first and checks it against the file's size and the 100 MB limit, then
 * reads and validates the header (every rule of {@link parseSafetensors}: dtypes, sizes, offsets
 * in range, no overlap, no gap, no trailing bytes), and only then allocates each tensor and
 * reads its bytes straight into it.
 *
 * @param path - The file to read.
 * @returns The tensors by name, in file order, with the file's metadata as `.metadata`; load
 * them into a module with {@link loadStateDictFromSafetensors}.
 * @throws {@link FormatError} naming `path` for a malformed file; the file system's error when
 * it cannot be opened.
 */
export async function loadSafetensors(path: string): Promise<SafetensorsContents> {
  const where: ReadContext = { fn: 'loadSafetensors', source: path };
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const prefix = new Uint8Array(Math.min(8, size));
    await readExactly(handle, prefix, 0, where);
    const headerLength = safetensorsHeaderLength(prefix, size, where);
    const head = new Uint8Array(8 + headerLength);
    await readExactly(handle, head, 0, where);
    const header = validateSafetensorsHeader(head, size, where);
    const contents = allocateTensors(header);
    for (const e of header.entries) {
      const data = contents.get(e.name)?.data;
      if (data === undefined) continue;
      await readExactly(handle, bytesOf(data), header.dataStart + e.dataOffsets[0], where);
      littleEndianToHostInPlace(data);
    }
    return contents;
  } finally {
    await handle.close();
  }
}
