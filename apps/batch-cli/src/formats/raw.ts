/** Raw float files: no header, little-endian, the dtype from the extension (`.f32`, `.f64`) or `--dtype`. */
import type { DType } from '@actkit/core';
import { extname } from 'node:path';

/** The dtype a raw file's extension names, or undefined. */
export function rawDtypeOf(path: string): DType | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.f32' ? 'float32' : ext === '.f64' ? 'float64' : undefined;
}

/** Which reader a path needs, from its extension. */
export type FileKind = 'npy' | 'npz' | 'raw';

export function kindOf(path: string): FileKind | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.npz') return 'npz';
  if (ext === '.f32' || ext === '.f64' || ext === '.bin' || ext === '.raw') return 'raw';
  return undefined;
}

/** Extensions a folder of inputs is searched for. */
export const INPUT_EXTENSIONS = ['.npy', '.npz', '.f32', '.f64'];
