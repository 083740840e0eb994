/**
 * IDX files on disk, plain or gzipped. A gzipped file is gunzipped as a stream into one buffer of
 * exactly the size the header declares, so no intermediate copy of the whole file is made.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FormatError, type ReadContext } from '../errors.js';
import { checkIdxLength, decodeIdxData, idxHeaderLength, readIdxHeader, type IdxHeader, type IdxTensor } from '../idx.js';
import { readExactly } from './file-io.js';

/**
 * Deflate's largest compression ratio is about 1032:1, so a gzip file of c bytes cannot hold more
 * than 1032·c bytes: a header declaring more is refused before its buffer is allocated.
 */
const MAX_GZIP_RATIO = 1032;

/**
 * Reads an IDX file, gunzipping it as a stream when it is gzipped (detected by its 0x1f 0x8b
 * magic, whatever its name).
 *
 * The header is read and checked first; the data buffer is allocated once, at the size the
 * dimensions declare, after checking that the file can hold it (its size, or for gzip 1032 times
 * its compressed size).
 *
 * @param path - An IDX file such as `t10k-images-idx3-ubyte.gz`.
 * @returns The element type, the dimensions and the elements (u8 for (Fashion-)MNIST).
 * @throws {@link FormatError} naming `path` for a bad magic, truncated data, or trailing bytes;
 * the file system's or zlib's error when the file cannot be read or is not valid gzip.
 */
export async function readIdxFile(path: string): Promise<IdxTensor> {
  const where: ReadContext = { fn: 'readIdxFile', source: path };
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const magic = new Uint8Array(Math.min(2, size));
    await readExactly(handle, magic, 0, where);
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
      await handle.close();
      return await readGzipped(path, size, where);
    }
    return await readPlain(handle, size, where);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A plain IDX file: header, length check against the file size, then one read of the data. */
async function readPlain(handle: FileHandle, size: number, where: ReadContext): Promise<IdxTensor> {
  const first = new Uint8Array(Math.min(4, size));
  await readExactly(handle, first, 0, where);
  const headerLength = idxHeaderLength(first, where);
  const head = new Uint8Array(Math.min(headerLength, size));
  await readExactly(handle, head, 0, where);
  const header = readIdxHeader(head, where);
  checkIdxLength(header, size - header.headerLength, where);
  const data = new Uint8Array(header.dataLength);
  await readExactly(handle, data, header.headerLength, where);
  return decodeIdxData(header, data);
}

/** A gzipped IDX file, gunzipped chunk by chunk into a buffer of the declared size. */
async function readGzipped(path: string, compressedSize: number, where: ReadContext): Promise<IdxTensor> {
  const stream = pipeline(createReadStream(path), createGunzip(), () => undefined);
  let head: Uint8Array = new Uint8Array(0);
  let header: IdxHeader | undefined;
  let data: Uint8Array = new Uint8Array(0);
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    let bytes = chunk;
    if (header === undefined) {
      head = concat(head, bytes);
      if (head.length < 4 || head.length < idxHeaderLength(head, where)) continue;
      header = readIdxHeader(head, where);
      if (header.dataLength > MAX_GZIP_RATIO * compressedSize) {
        throw new FormatError(where.fn, where.source, 'truncated', `dimensions [${header.shape.join(', ')}] declare ${header.dataLength} data bytes, more than a ${compressedSize}-byte gzip file can hold`);
      }
      data = new Uint8Array(header.dataLength);
      bytes = head.subarray(header.headerLength);
    }
    if (filled + bytes.length > data.length) checkIdxLength(header, filled + bytes.length, where);
    data.set(bytes, filled);
    filled += bytes.length;
  }
  if (header === undefined) {
    header = readIdxHeader(head, where); // throws: too short, bad magic or truncated header
  }
  checkIdxLength(header, filled, where);
  return decodeIdxData(header, data);
}

/** `a` followed by `b`, in a new array. */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
