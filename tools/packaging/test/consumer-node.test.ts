// In a fresh npm project holding only the installed tarballs: ESM import and CommonJS require
// of @actkit/core behave the same, and resolve files inside node_modules (not the repo).
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { lockEntries } from '../src/consumer.js';
import { run } from '../src/exec.js';
import { copyFixtures } from '../src/fixtures.js';

const { consumerDir, packed } = inject('packaging');

interface CoreReport {
  resolved: string;
  exports: string[];
  relu: number[];
  sigmoid: number[];
  readmeInPlace: { x: number[]; dx: number[]; dxType: string };
  reluOfNumbers: string;
  reluOfFloat64: string;
  reluBackward: number[];
  activateByTorchName: number[];
  unknownName: Record<string, unknown> | null;
  wrongDtype: Record<string, unknown> | null;
  wasm: { status: unknown; sigmoid: number[]; relu: number[]; auto: string };
}

function runNode(file: string): CoreReport {
  return JSON.parse(run('node', [file], { cwd: consumerDir }).stdout) as CoreReport;
}

describe('installed from tarballs', () => {
  it('installs every @actkit package from its tarball, not from a registry or a link', () => {
    const entries = lockEntries(consumerDir);
    for (const p of packed) {
      const entry = entries[`node_modules/${p.name}`];
      expect(entry, `${p.name} in package-lock.json`).toBeDefined();
      expect(entry?.link, `${p.name} is no link`).not.toBe(true);
      expect(entry?.version).toBe(p.version);
      expect(entry?.resolved, `${p.name} comes from its tarball`).toMatch(/^file:.*\.tgz$/);
    }
    const nested = Object.keys(entries).filter((k) => /node_modules\/.+\/node_modules\/@actkit\//.test(k));
    expect(nested, 'no second copy of an @actkit package').toEqual([]);
  });
});

describe('@actkit/core from ESM and CommonJS', () => {
  let esm: CoreReport;
  let cjs: CoreReport;
  beforeAll(() => {
    copyFixtures(consumerDir, ['core-probe.cjs', 'core-esm.mjs', 'core-cjs.cjs']);
    esm = runNode('core-esm.mjs');
    cjs = runNode('core-cjs.cjs');
  });

  it('resolves dist/index.js for import and dist/index.cjs for require, inside node_modules', () => {
    const installed = realpathSync(join(consumerDir, 'node_modules', '@actkit', 'core'));
    expect(installed.startsWith(realpathSync(consumerDir))).toBe(true);
    expect(realpathSync(esm.resolved)).toBe(join(installed, 'dist', 'index.js'));
    expect(realpathSync(cjs.resolved)).toBe(join(installed, 'dist', 'index.cjs'));
  });

  it('computes the PyTorch example of the README: relu([-2, 0, 2]) = [0, 0, 2], sigmoid = [0.1192, 0.5, 0.8808]', () => {
    // PyTorch prints nn.Sigmoid()(torch.tensor([-2., 0., 2.])) as tensor([0.1192, 0.5000, 0.8808]):
    // four decimals, so agreement to half a unit of the fourth.
    const torchSigmoid = [0.1192, 0.5, 0.8808];
    for (const r of [esm, cjs]) {
      expect(r.relu).toEqual([0, 0, 2]);
      r.sigmoid.forEach((v, i) => expect(Math.abs(v - (torchSigmoid[i] ?? NaN))).toBeLessThanOrEqual(5e-5));
      expect(r.readmeInPlace).toEqual({ x: [0, 0.5, 3], dx: [0, 1, 1], dxType: 'Float64Array' });
      expect(r.reluOfNumbers).toBe('Float32Array');
      expect(r.reluOfFloat64).toBe('Float64Array');
      expect(r.reluBackward).toEqual([0, 0, 7]);
      expect(r.activateByTorchName).toEqual([0, 1]);
    }
  });

  it('throws the typed errors, instanceof the exported classes', () => {
    for (const r of [esm, cjs]) {
      expect(r.unknownName).toEqual({
        name: 'UnknownActivationError',
        code: 'ERR_ACTKIT_UNKNOWN_ACTIVATION',
        isActkitError: true,
        isDTypeError: false,
        isUnknownActivationError: true,
      });
      expect(r.wrongDtype).toEqual({
        name: 'DTypeError',
        code: 'ERR_ACTKIT_DTYPE',
        isActkitError: true,
        isDTypeError: true,
        isUnknownActivationError: false,
      });
    }
  });

  it('loads the wasm kernels shipped in the tarball, in ESM and in CommonJS', () => {
    const torchSigmoid = [0.1192, 0.5, 0.8808];
    for (const r of [esm, cjs]) {
      expect(r.wasm.status).toMatchObject({ wasm: true, ops: expect.arrayContaining(['relu', 'relu6', 'leakyRelu', 'hardtanh', 'sigmoid']) });
      expect(r.wasm.auto).toBe('wasm');
      expect(r.wasm.relu).toEqual([0, 0, 2]);
      r.wasm.sigmoid.forEach((v, i) => expect(Math.abs(v - (torchSigmoid[i] ?? NaN))).toBeLessThanOrEqual(5e-5));
    }
  });

  it('exports the same names from both builds', () => {
    expect(esm.exports).toEqual(cjs.exports);
    expect(esm.exports).toEqual(expect.arrayContaining(['relu', 'reluBackward', 'activate', 'getOp', 'ops', 'ActkitError']));
  });
});
