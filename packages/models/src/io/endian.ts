/**
 * Little-endian bytes of typed arrays, on any host. Safetensors data is little-endian; typed
 * arrays use the host's order, which is little-endian on every platform Node and browsers ship
 * for, so these are plain views and copies there, and byte swaps on a big-endian host.
 */
import type { SafetensorsArray } from './dtypes.js';

/** Whether this host stores typed-array elements little-endian. */
export const HOST_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of `data` in a Uint8Array view, in host order, without a copy. */
export function bytesOf(data: SafetensorsArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** `bytes` with every `width`-byte group reversed, in a new array. */
function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j] as number;
  }
  return out;
}

/**
 * The little-endian bytes of `data`: a view of its memory on a little-endian host (no copy), a
 * byte-swapped copy on a big-endian one.
 */
export function littleEndianBytes(data: SafetensorsArray): Uint8Array {
  const bytes = bytesOf(data);
  return HOST_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1 ? bytes : swapped(bytes, data.BYTES_PER_ELEMENT);
}

/**
 * Copies little-endian `bytes` into `target`, whose byte length must equal `bytes.length`. The
 * target is a fresh, aligned typed array, so the copy also fixes any misalignment of the source.
 */
export function copyLittleEndian(bytes: Uint8Array, target: SafetensorsArray): void {
  const width = target.BYTES_PER_ELEMENT;
  bytesOf(target).set(HOST_LITTLE_ENDIAN || width === 1 ? bytes : swapped(bytes, width));
}

/** Reorders `data`'s elements in place from little-endian to host order (nothing to do on little-endian hosts). */
export function littleEndianToHostInPlace(data: SafetensorsArray): void {
  if (HOST_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return;
  const bytes = bytesOf(data);
  bytes.set(swapped(bytes, data.BYTES_PER_ELEMENT));
}
