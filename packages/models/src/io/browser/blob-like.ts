/**
 * The part of `Blob` the safetensors readers use, declared here so that a TypeScript project
 * without the DOM library can use these declarations (a browser's Blob and File, and Node's
 * `Blob`, are ones).
 */

/** A Blob or File, as far as the readers use it: its size, and byte ranges read asynchronously. */
export interface BlobLike {
  /** The length in bytes. */
  readonly size: number;
  /** A File's name, used in error messages; a plain Blob has none. */
  readonly name?: string;
  /** The bytes [start, end) as a new blob (no bytes are read yet). */
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** Whether `value` looks like a Blob: a numeric `size` and a `slice` method. */
export function isBlobLike(value: unknown): value is BlobLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BlobLike).size === 'number' &&
    typeof (value as BlobLike).slice === 'function'
  );
}

/** How errors name a blob: a File's name, or `'<blob>'`. */
export function blobSource(blob: BlobLike): string {
  return typeof blob.name === 'string' && blob.name !== '' ? blob.name : '<blob>';
}
