/**
 * Inputs as the user gives them: files, folders (every `.npy`, `.npz`, `.f32`, `.f64` inside,
 * recursively) and quoted globs (`'data/**' + '/*.npy'`, `*`, `?`, `**`), each with the path its
 * output takes under an output folder.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { INPUT_EXTENSIONS } from '../formats/raw.js';

export interface InputFile {
  /** The path as found (the user's spelling, joined with what a folder or glob added). */
  readonly path: string;
  /** Its path relative to the folder or glob base: where its output goes under an output folder. */
  readonly relative: string;
  /** Whether it came from a folder or a glob (then the output must be a folder). */
  readonly expanded: boolean;
}

const GLOB = /[*?[]/;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && !e.name.startsWith('.')) out.push(p);
  }
  return out;
}

/** A glob as a regular expression over `/`-separated relative paths. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Expands the user's inputs. Missing paths are kept as given: they fail as files, in the summary. */
export async function expandInputs(args: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const arg of args) {
    if (GLOB.test(arg)) {
      const parts = arg.split(/[\\/]/);
      const k = parts.findIndex((p) => GLOB.test(p));
      const base = parts.slice(0, k).join('/') || '.';
      const re = globRegExp(parts.slice(k).join('/'));
      const found = await walk(base).catch(() => [] as string[]);
      for (const p of found) {
        const rel = relative(base, p).split(sep).join('/');
        if (re.test(rel)) out.push({ path: p, relative: rel, expanded: true });
      }
      continue;
    }
    const st = await stat(arg).catch(() => undefined);
    if (st?.isDirectory() && !INPUT_EXTENSIONS.includes(extname(arg).toLowerCase())) {
      // a folder of inputs (a folder named like a file, `x.npy/`, fails as a file instead)
      for (const p of await walk(arg)) {
        if (INPUT_EXTENSIONS.includes(extname(p).toLowerCase())) out.push({ path: p, relative: relative(arg, p), expanded: true });
      }
    } else out.push({ path: arg, relative: basename(arg), expanded: false });
  }
  return out;
}
