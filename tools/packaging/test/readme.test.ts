// The README a user reads on the registry matches the installed package: @actkit/core's
// "API at a glance" names every registered activation and every option it takes, and quotes
// the tree-shaking budget the tree-shaking test enforces.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { RELU_BUNDLE_BUDGET_BYTES } from '../src/budget.js';

const { consumerDir, packed } = inject('packaging');
const core = packed.find((p) => p.name === '@actkit/core');

/** The part of core's `OpDef` the README must name: the op's canonical name and its parameter keys. */
interface OpKeys {
  name: string;
  paramKeys: readonly string[];
}

describe('@actkit/core README', () => {
  const readme = (): string => readFileSync(join(consumerDir, 'node_modules', '@actkit', 'core', 'README.md'), 'utf8');

  it('ships in the tarball', () => {
    expect(core?.files).toContain('README.md');
  });

  it('names every registered activation and each of its options', () => {
    const installed = createRequire(join(consumerDir, 'index.cjs'))('@actkit/core') as { ops: Record<string, OpKeys> };
    const text = readme();
    const missing: string[] = [];
    for (const k of Object.values(installed.ops)) {
      for (const word of [k.name, ...k.paramKeys]) if (!text.includes(`\`${word}\``)) missing.push(`${k.name}: \`${word}\``);
    }
    expect(missing).toEqual([]);
  });

  it('quotes the relu-only bundle budget that the tree-shaking test enforces', () => {
    expect(readme()).toContain(`budget of **${RELU_BUNDLE_BUDGET_BYTES} bytes**`);
  });
});
