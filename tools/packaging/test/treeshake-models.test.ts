// Tree-shaking of @actkit/models: `import { Linear } from '@actkit/models'`, bundled for the
// browser from the INSTALLED tarballs, runs a forward pass, holds none of the losses, optimizers,
// file formats (safetensors, IDX, Blob, IndexedDB), training (fit, the worker) or health monitor,
// and no activation; it stays under a recorded size budget (src/budget.ts). A
// Sequential(Linear, ReLU, Linear) bundle is measured for reference.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { LINEAR_BUNDLE_BUDGET_BYTES } from '../src/budget.js';
import { bundleForBrowser, hasString, type Bundle } from '../src/bundle.js';
import { run } from '../src/exec.js';

const { consumerDir, packed } = inject('packaging');
// ACTKIT_PACKAGING_ONLY may leave @actkit/models out of the consumer project
const modelsInstalled = packed.some((p) => p.name === '@actkit/models');

/**
 * What `Linear` must not pull in, group by group: string literals (`names`, any quote style) and
 * code fragments (`texts`: property names and message parts, which minification keeps), each
 * unique to its group's modules. `probe` names exports whose bundle must hold every marker, so
 * that a marker that stops matching (a renamed message) fails the test instead of passing it.
 */
interface MarkerGroup {
  what: string;
  probe: string[];
  names: string[];
  texts: string[];
}

const LOSSES = ['MSELoss', 'L1Loss', 'SmoothL1Loss', 'HuberLoss', 'BCELoss', 'BCEWithLogitsLoss', 'CrossEntropyLoss', 'NLLLoss', 'KLDivLoss'];
const OPTIMIZERS = ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad'];

const GROUPS: MarkerGroup[] = [
  // each loss passes its PyTorch name to its checks and messages
  { what: 'losses', probe: LOSSES, names: LOSSES, texts: [] },
  {
    what: 'optimizers',
    probe: [...OPTIMIZERS, 'StepLR', 'CosineAnnealingLR', 'clipGradNorm'],
    names: OPTIMIZERS,
    // the base class's check, and SGD's own
    texts: [': got an empty parameter list', 'Nesterov momentum requires a momentum and zero dampening'],
  },
  {
    what: 'safetensors, IDX, Blob and IndexedDB I/O',
    probe: ['parseSafetensors', 'serializeSafetensors', 'readSafetensorsHeader', 'loadStateDictFromSafetensors', 'parseIdx', 'loadSafetensorsFromBlob', 'saveSafetensorsToIndexedDB'],
    // FormatError's code: io/errors.js also holds StateDictError, which Module.loadStateDict
    // throws, so that file is in the Linear bundle but FormatError must not be
    names: ['ERR_ACTKIT_FORMAT', 'parseSafetensors', 'serializeSafetensors', 'readSafetensorsHeader', '__metadata__', 'loadStateDictFromSafetensors', 'parseIdx', 'loadSafetensorsFromBlob', 'saveSafetensorsToIndexedDB'],
    texts: [],
  },
  {
    what: 'training: fit, evaluate, architectures, the worker',
    probe: ['fit', 'evaluate', 'buildSequential', 'fitInWorker'],
    names: ['ERR_ACTKIT_FIT_ABORTED', 'ERR_ACTKIT_ARCHITECTURE', 'buildSequential', 'actkit-fit', 'a message could not be deserialised'],
    texts: ['fit: progressIntervalMs must be a number', 'evaluate: batchSize must be an integer'],
  },
  {
    what: 'the activation health monitor',
    probe: ['ActivationHealth', 'monitorHealth', 'gradNormRatio'],
    names: [],
    // LayerHealth's fields, written by health/layer-stats.js alone
    texts: ['deadShare:', 'saturatedUnitShare:'],
  },
];

/**
 * Coefficients only erf/erfc (gelu's exact form, in core) uses, printed as esbuild prints them
 * (shortest round trip, no leading zero); see treeshake.test.ts.
 */
const ERF_MARKERS = [-3.25042107247001499370e-1, 3.97917223959155352819e-1, 8.45062911510467529297e-1].map((v) =>
  String(Math.abs(v)).replace(/^0/, ''),
);

/** Markers of `group` missing from `code`. */
function missing(code: string, group: { names: string[]; texts: string[] }): string[] {
  return [...group.names.filter((n) => !hasString(code, n)), ...group.texts.filter((t) => !code.includes(t))];
}

/** Markers of `group` present in `code`. */
function present(code: string, group: { names: string[]; texts: string[] }): string[] {
  return [...group.names.filter((n) => hasString(code, n)), ...group.texts.filter((t) => code.includes(t))];
}

// Values chosen as small dyadic fractions: every product and sum is exact in float32, so the
// bundle's result equals the one computed here whatever the summation order.
const LINEAR = {
  weight: [0.5, -1, 2, 1.5, 0.25, -0.75], // [out = 2, in = 3]
  bias: [0.125, -2],
  x: [1, 2, 3, -1, 0.5, 4], // [2, 3]
};
const MLP: Record<string, number[]> = {
  '0.weight': [0.5, -1, 2, 1.5, 0.25, -0.75, -2, 1, 0.5, 1, 1, -1], // [4, 3]
  '0.bias': [0.125, -2, 0.5, 0],
  '2.weight': [1, -0.5, 0.25, 2, -1, 0.75, -0.25, 0.5], // [2, 4]
  '2.bias': [0.5, -0.25],
};

/** y[r, o] = Σ_i x[r, i]·W[o, i] + b[o]: `rows` rows of `inF` values to `outF` values, in float64. */
function linear(x: number[], w: number[], b: number[], rows: number, inF: number, outF: number): number[] {
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outF; o++) {
      let s = b[o] as number;
      for (let i = 0; i < inF; i++) s += (x[r * inF + i] as number) * (w[o * inF + i] as number);
      y.push(s);
    }
  }
  return y;
}

describe.skipIf(!modelsInstalled)('@actkit/models tree-shaking (esbuild, browser, minified)', () => {
  let torchModules: string[];
  let linearOnly: Bundle;
  let mlp: Bundle;
  let everything: Bundle;
  const probes = new Map<MarkerGroup, Bundle>();
  let activationsProbe: Bundle;
  beforeAll(async () => {
    const core = createRequire(join(consumerDir, 'index.cjs'))('@actkit/core') as { ops: Record<string, { torchModule: string }> };
    torchModules = Object.values(core.ops).map((op) => op.torchModule);
    linearOnly = await bundleForBrowser(
      consumerDir,
      "import { Linear } from '@actkit/models';\n" +
        `const v = ${JSON.stringify(LINEAR)};\n` +
        'const lin = new Linear(3, 2);\n' +
        'lin.weight.value.set(v.weight);\n' +
        'lin.bias.value.set(v.bias);\n' +
        'const y = lin.forward({ data: Float32Array.from(v.x), shape: [2, 3] });\n' +
        'console.log(JSON.stringify({ shape: y.shape, data: Array.from(y.data), float32: y.data instanceof Float32Array }));\n',
    );
    mlp = await bundleForBrowser(
      consumerDir,
      "import { Linear, Sequential, activations } from '@actkit/models';\n" +
        `const v = ${JSON.stringify(MLP)};\n` +
        'const model = new Sequential(new Linear(3, 4), new activations.ReLU(), new Linear(4, 2));\n' +
        'for (const [name, p] of model.namedParameters()) p.value.set(v[name]);\n' +
        `const y = model.forward({ data: Float32Array.from(${JSON.stringify(LINEAR.x)}), shape: [2, 3] });\n` +
        'console.log(JSON.stringify({ shape: y.shape, data: Array.from(y.data) }));\n',
    );
    everything = await bundleForBrowser(consumerDir, "import * as models from '@actkit/models';\nglobalThis.used = models;\n");
    for (const g of GROUPS) {
      probes.set(g, await bundleForBrowser(consumerDir, `import { ${g.probe.join(', ')} } from '@actkit/models';\nglobalThis.used = [${g.probe.join(', ')}];\n`));
    }
    activationsProbe = await bundleForBrowser(consumerDir, "import { activations } from '@actkit/models';\nglobalThis.used = activations;\n");
    const gz = (b: Bundle): number => gzipSync(b.code).length;
    console.log(
      `[treeshake] models: Linear only: ${linearOnly.code.length} bytes minified, ${gz(linearOnly)} gzipped (budget ${LINEAR_BUNDLE_BUDGET_BYTES}); ` +
        `Sequential(Linear, ReLU, Linear): ${mlp.code.length} bytes minified, ${gz(mlp)} gzipped; ` +
        `whole package: ${everything.code.length} bytes minified, ${gz(everything)} gzipped`,
    );
  });

  it('bundles the installed tarballs (node_modules/@actkit/{models,core}/dist), not the repo', () => {
    expect(linearOnly.inputs.some((f) => f.startsWith('node_modules/@actkit/models/dist/'))).toBe(true);
    for (const f of linearOnly.inputs) expect(f).toMatch(/^node_modules\/@actkit\/(models|core)\/dist\//);
  });

  it('runs: Linear(3, 2) forward on a [2, 3] input gives x·Wᵀ + b', () => {
    writeFileSync(join(consumerDir, 'treeshake-linear.mjs'), linearOnly.code);
    const out = JSON.parse(run('node', ['treeshake-linear.mjs'], { cwd: consumerDir }).stdout) as unknown;
    // [1·0.5 − 2 + 6 + 0.125, 1.5 + 0.5 − 2.25 − 2, −0.5 − 0.5 + 8 + 0.125, −1.5 + 0.125 − 3 − 2]
    const expected = linear(LINEAR.x, LINEAR.weight, LINEAR.bias, 2, 3, 2);
    expect(expected).toEqual([4.625, -2.25, 7.125, -6.375]);
    expect(out).toEqual({ shape: [2, 2], data: expected, float32: true });
  });

  it('runs: Sequential(Linear(3, 4), ReLU, Linear(4, 2)) forward', () => {
    writeFileSync(join(consumerDir, 'treeshake-mlp.mjs'), mlp.code);
    const out = JSON.parse(run('node', ['treeshake-mlp.mjs'], { cwd: consumerDir }).stdout) as unknown;
    const h = linear(LINEAR.x, MLP['0.weight'] as number[], MLP['0.bias'] as number[], 2, 3, 4).map((v) => Math.max(0, v));
    expect(h.some((v) => v === 0), 'ReLU clips some hidden unit').toBe(true);
    expect(out).toEqual({ shape: [2, 2], data: linear(h, MLP['2.weight'] as number[], MLP['2.bias'] as number[], 2, 4, 2) });
  });

  it('the markers are live: each group\'s probe bundle holds every marker of the group', () => {
    for (const g of GROUPS) expect(missing(probes.get(g)?.code ?? '', g), g.what).toEqual([]);
    expect(missing(activationsProbe.code, { names: torchModules, texts: ERF_MARKERS })).toEqual([]);
    expect(torchModules).toEqual(expect.arrayContaining(['ReLU', 'GELU', 'Softmax']));
    // and Linear's own code is in its bundle
    expect(linearOnly.code).toContain('Linear: input of shape');
  });

  it.each(GROUPS.map((g) => [g.what, g] as const))('Linear alone holds none of %s', (_what, g) => {
    expect(present(linearOnly.code, g)).toEqual([]);
  });

  it('Linear alone holds no activation (no torch module name of core, no erf coefficient)', () => {
    expect(present(linearOnly.code, { names: torchModules, texts: ERF_MARKERS })).toEqual([]);
  });

  it('Sequential(Linear, ReLU, Linear) holds no loss, optimizer, I/O, training or health code', () => {
    for (const g of GROUPS) expect(present(mlp.code, g), g.what).toEqual([]);
  });

  it('Linear alone stays under the size budget', () => {
    expect(linearOnly.code.length).toBeLessThanOrEqual(LINEAR_BUNDLE_BUDGET_BYTES);
    expect(linearOnly.code.length).toBeLessThan(everything.code.length / 4);
  });
});
