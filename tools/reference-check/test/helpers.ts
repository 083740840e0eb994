import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_DIR } from '@actkit/reference';
import { encodeJson } from '../src/results.js';

/** The PyTorch vectors of @actkit/reference (never modified by tests). */
export const referenceDir = REFERENCE_DIR;

type Json = Record<string, unknown>;

/**
 * A temporary reference directory holding only `functions` (torch names): a trimmed
 * activations.json and their files, byte-for-byte, unless `edit` changes a file's parsed JSON
 * (then it is re-encoded with −0 and the non-finite strings kept). Returns the path and a
 * cleanup function.
 */
export function partialCopy(functions: readonly string[], edit?: (fn: string, json: Json) => void): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'reference-check-'));
  mkdirSync(join(dir, 'activations'));
  const index = JSON.parse(readFileSync(join(referenceDir, 'activations.json'), 'utf8')) as Json & { files: Record<string, string> };
  const files = Object.fromEntries(functions.map((fn) => [fn, index.files[fn] as string]));
  writeFileSync(join(dir, 'activations.json'), JSON.stringify({ ...index, files, nonfinite_by_case: {} }));
  for (const [fn, file] of Object.entries(files)) {
    if (edit === undefined) {
      copyFileSync(join(referenceDir, file), join(dir, file));
    } else {
      const json = JSON.parse(readFileSync(join(referenceDir, file), 'utf8')) as Json;
      edit(fn, json);
      writeFileSync(join(dir, file), encodeJson(json));
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The raw JSON case `id` of an activation file, for editing. */
export function rawCase(json: Json, id: string): Json & { y: { data: unknown[] }; dx: { data: unknown[] }; x: string } {
  const c = (json['cases'] as Json[]).find((k) => k['id'] === id);
  if (c === undefined) throw new Error(`no case ${id}`);
  return c as Json & { y: { data: unknown[] }; dx: { data: unknown[] }; x: string };
}

/** The raw input array a case names. */
export function rawInput(json: Json, name: string): unknown[] {
  return ((json['arrays'] as Record<string, { data: unknown[] }>)[name] as { data: unknown[] }).data;
}

/**
 * A temporary reference directory holding `files` of the vectors (e.g. `losses.json`),
 * byte-for-byte, except that `edit` may change one file's parsed JSON (then it is re-encoded
 * with −0 and the non-finite strings kept). Returns the path and a cleanup function.
 */
export function filesCopy(files: readonly string[], edit?: { file: string; change: (json: Json) => void }): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'reference-check-'));
  for (const file of files) {
    if (edit === undefined || edit.file !== file) {
      copyFileSync(join(referenceDir, file), join(dir, file));
    } else {
      const json = JSON.parse(readFileSync(join(referenceDir, file), 'utf8')) as Json;
      edit.change(json);
      writeFileSync(join(dir, file), encodeJson(json));
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
