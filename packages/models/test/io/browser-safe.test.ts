import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/io/', import.meta.url).pathname;

/** Every module `entry` reaches through relative imports, and every bare specifier it imports. */
function imports(entry: string): { modules: Set<string>; bare: Set<string> } {
  const modules = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
      if (spec?.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (spec !== undefined) bare.add(spec);
    }
  };
  visit(entry);
  return { modules, bare };
}

describe('entries', () => {
  it('the browser entry (io/index.ts) imports no Node module', () => {
    const { modules, bare } = imports(join(SRC, 'index.ts'));
    expect(modules.size).toBeGreaterThan(5);
    expect([...bare]).toEqual(['@actkit/core']);
  });

  it('the browser helpers (io/browser.ts, exported by the main entry) import no Node module', () => {
    const { modules, bare } = imports(join(SRC, 'browser.ts'));
    expect(modules.size).toBeGreaterThan(5);
    expect([...bare]).toEqual(['@actkit/core']);
  });

  it('the Node entry (io/node.ts) is the one that imports node:fs', () => {
    expect([...imports(join(SRC, 'node.ts')).bare]).toEqual(expect.arrayContaining(['node:fs', 'node:fs/promises', 'node:zlib']));
  });
});
