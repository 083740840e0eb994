/**
 * Safetensors files on disk: an atomic writer, and a reader that validates the header against
 * the file's size before it reads (or allocates for) any tensor.
 */
import { open } from 'node:fs/promises';
import type { ReadContext } from '../errors.js';
import { bytesOf, littleEndianToHostInPlace } from '../endian.js';
import { safetensorsHeaderLength, validateSafetensorsHeader } from '../safetensors-header.js';
import { allocateTensors, planSafetensors, type SafetensorsContents, type TensorsToWrite } from '../safetensors.js';
import { readExactly, writeFileAtomic } from './file-io.js';

/**
 * Writes tensors to a safetensors file, atomically.
 *
 * The file is laid out as {@link serializeSafetensors} lays it out (the tensors are validated
 * first, so a tensor that cannot be written leaves the disk untouched), written to a temporary
 * file in the same directory, fsynced and renamed over `path`. On any error the temporary file
 * is removed and an existing file at `path` is left as it was. The tensors' data is written from
 * their own memory, without a copy of the whole file.
 *
 * @param path - Where to write; an existing file is replaced.
 * @param tensors - The tensors by name: `{ dtype?, shape, data }`.
 * @param metadata - An optional map of strings, stored as `__metadata__`.
 */
export async function saveSafetensors(path: string, tensors: TensorsToWrite, metadata?: Readonly<Record<string, string>>): Promise<void> {
  const plan = planSafetensors(tensors, metadata, 'saveSafetensors');
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
 * @returns The tensors by name, in file order, with the file's metadata as `.metadata`.
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
