/**
 * The kernels' module imports its memory as `env.memory`, unshared (so a browser page without
 * cross-origin isolation can instantiate it). A pool's memory is shared by its workers, and a
 * module that instantiates on a shared memory must declare its import shared, with a maximum.
 * {@link sharedImport} rewrites that one import of the built bytes; the code is the same.
 */

/** The largest wasm32 memory, in 64 KiB pages (4 GiB): any shared memory's maximum fits under it. */
export const MAX_PAGES = 65536;

/** Reads an unsigned LEB128 at `at`: its value and the offset after it. */
function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let b: number;
  do {
    b = bytes[at++] as number;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

/** The unsigned LEB128 encoding of `v`. */
function toLeb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

/**
 * `bytes` with the memory import `env.memory` declared shared, limits [its minimum,
 * {@link MAX_PAGES}]. Only the import section changes (its length included); every other section
 * is copied as it is. Throws if the module has no such import, which a build of wasm/kernels.ts
 * always has.
 */
export function sharedImport(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at] as number;
    const [size, body] = leb(bytes, at + 1);
    if (id === 2) {
      const section = importSection(bytes.subarray(body, body + size));
      const head = [2, ...toLeb(section.length)];
      const out = new Uint8Array(at + head.length + section.length + (bytes.length - body - size));
      out.set(bytes.subarray(0, at), 0);
      out.set(head, at);
      out.set(section, at + head.length);
      out.set(bytes.subarray(body + size), at + head.length + section.length);
      return out;
    }
    at = body + size;
  }
  throw new Error('the wasm kernels import no memory');
}

/** The import section `s` with its memory import made shared (other imports copied). */
function importSection(s: Uint8Array): Uint8Array {
  const out: number[] = [];
  const [count, first] = leb(s, 0);
  out.push(...toLeb(count));
  let at = first;
  let found = false;
  for (let i = 0; i < count; i++) {
    const start = at;
    const [modLen, m] = leb(s, at);
    const [nameLen, n] = leb(s, m + modLen);
    const kindAt = n + nameLen;
    const kind = s[kindAt] as number;
    if (kind !== 2) {
      at = skipImportDesc(s, kindAt);
      out.push(...s.subarray(start, at));
      continue;
    }
    const flags = s[kindAt + 1] as number;
    let [min, next] = leb(s, kindAt + 2);
    if (flags & 1) [, next] = leb(s, next);
    out.push(...s.subarray(start, kindAt + 1), 3, ...toLeb(min), ...toLeb(MAX_PAGES));
    at = next;
    found = true;
  }
  if (!found) throw new Error('the wasm kernels import no memory');
  return Uint8Array.from(out);
}

/** The offset after the import description whose kind byte is at `at` (function, table or global). */
function skipImportDesc(s: Uint8Array, at: number): number {
  const kind = s[at] as number;
  if (kind === 0) return leb(s, at + 1)[1]; // function: a type index
  if (kind === 1) {
    // table: reftype, limits
    const flags = s[at + 2] as number;
    let [, next] = leb(s, at + 3);
    if (flags & 1) [, next] = leb(s, next);
    return next;
  }
  if (kind === 3) return at + 3; // global: valtype, mutability
  throw new Error(`unknown import kind ${kind} in the wasm kernels`);
}
