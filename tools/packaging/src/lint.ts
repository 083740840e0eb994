import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/** tools/packaging (this file is tools/packaging/src/lint.ts). */
const packagingDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * publint on the packed tarball, strict (warnings count as errors) and at level `suggestion`:
 * every message it prints, formatted, one string each. An empty list means no problem.
 */
export async function publintProblems(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: buffer }, level: 'suggestion', strict: true });
  return messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, pkg, { color: false }) ?? ''}`);
}

interface AttwJson {
  analysis?: { problems?: ({ kind: string } & Record<string, unknown>)[] };
  problems?: Record<string, unknown>;
}

/**
 * `attw` (Are the Types Wrong?) on the packed tarball with its default, strict profile
 * (node10, node16 CJS and ESM, bundler). @types lookups on the registry are off: the
 * packages ship their own types. Returns one string per problem; empty means none.
 */
export function attwProblems(tarball: string): string[] {
  const bin = join(packagingDir, 'node_modules', '.bin', 'attw');
  const result = spawnSync(bin, [tarball, '--no-definitely-typed', '--format', 'json'], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  let parsed: AttwJson;
  try {
    parsed = JSON.parse(result.stdout) as AttwJson;
  } catch {
    throw new Error(`attw printed no JSON (exit ${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
  }
  const problems = parsed.analysis?.problems ?? [];
  // Each problem's fields differ by kind (entrypoint, resolutionKind, file names): print them all.
  const list = problems.map((p) => `${p.kind}: ${JSON.stringify(p)}`);
  if (list.length === 0 && result.status !== 0) {
    list.push(`attw exited ${String(result.status)} without listing a problem:\n${result.stderr}`);
  }
  return list;
}
