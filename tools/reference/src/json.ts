/** Reading the JSON files and checking their fields, with errors that name the file and field. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceFormatError } from './errors.js';
import type { DType } from './types.js';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** `dir/file` parsed; a missing file or bad JSON is a {@link ReferenceFormatError}. */
export function readJson(dir: string, file: string): Json {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ReferenceFormatError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new ReferenceFormatError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** `obj[key]` when `check` accepts it; else a {@link ReferenceFormatError} naming `where` and `key`. */
export function field<T>(obj: Json, key: string, where: string, check: (v: unknown) => v is T): T {
  const v = obj[key];
  if (!check(v)) throw new ReferenceFormatError(`${where}: missing or malformed "${key}"`);
  return v;
}

/** A string. */
export const isString = (v: unknown): v is string => typeof v === 'string';
/** A JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A JSON array. */
export const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
/** One of the two dtypes. */
export const isDType = (v: unknown): v is DType => v === 'float32' || v === 'float64';
