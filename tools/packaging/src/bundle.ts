import { build } from 'esbuild';

/** A browser bundle and the files esbuild put into it. */
export interface Bundle {
  /** The minified ESM bundle. */
  code: string;
  /** Input files, relative to the project folder (`node_modules/@actkit/core/dist/index.js`). */
  inputs: string[];
}

/**
 * Bundles `source` (an ES module importing installed packages) for the browser, minified, the
 * way an app's bundler would: esbuild, platform browser, resolving from `projectDir`'s node_modules.
 */
export async function bundleForBrowser(projectDir: string, source: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: source, resolveDir: projectDir, sourcefile: 'entry.mjs', loader: 'js' },
    absWorkingDir: projectDir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [out] = result.outputFiles;
  if (out === undefined) throw new Error('esbuild wrote no output');
  return { code: out.text, inputs: Object.keys(result.metafile.inputs).filter((f) => f !== 'entry.mjs') };
}

/** Whether `code` holds the string literal `text`, in any quote style esbuild may print. */
export function hasString(code: string, text: string): boolean {
  return ['"', "'", '`'].some((q) => code.includes(`${q}${text}${q}`));
}
