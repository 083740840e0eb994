/** CLI argument handling: runtimes, --only, usage errors. */
import { REFERENCE_DIR } from '@actkit/reference';
import { describe, expect, test } from 'vitest';
import { runCli, type CliIo } from '../src/command.js';
import { referenceDir } from './helpers.js';

function capture(): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (t) => out_.push(t), err: (t) => err_.push(t) };
}

describe('reference-check CLI', () => {
  test('an unknown runtime is a usage error listing the valid runtimes', async () => {
    const io = capture();
    expect(await runCli(['--runtime', 'gpu'], io)).toBe(2);
    expect(io.err_.join('\n')).toMatch(/unknown runtime "gpu"; valid runtimes: inline/);
  });

  test('--only runs just those functions, by torch or actkit name, any case', async () => {
    const io = capture();
    expect(await runCli(['--dir', referenceDir, '--only', 'relu'], io)).toBe(0);
    expect(io.out_.join('\n').split('\n').at(-1)).toBe('2 passed, 0 failed');
    const both = capture();
    await runCli(['--dir', referenceDir, '--only', 'ReLU, LOGSOFTMAX'], both);
    const text = both.out_.join('\n');
    expect(text).toContain('reference-check: 48 cases');
    expect(text).toMatch(/^ReLU +2 /m);
    expect(text).toMatch(/^LogSoftmax +46 /m);
    expect(text).not.toMatch(/^Softmax /m);
  });

  test('--backend wasm: the float32 cases of the ops with wasm kernels run on wasm, every case passes', async () => {
    const io = capture();
    expect(await runCli(['--dir', referenceDir, '--only', 'Sigmoid,ReLU,GELU', '--backend', 'wasm'], io)).toBe(0);
    expect(io.out_.join('\n').split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    // Sigmoid and ReLU have wasm kernels (their float32 cases, forward and backward); GELU runs on js
    const summary = io.err_.find((l) => l.includes('calls ran on wasm')) ?? '';
    const m = /backend wasm: (\d+) of (\d+) calls ran on wasm/.exec(summary);
    expect(m, summary).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(Number(m?.[1])).toBeLessThan(Number(m?.[2]));
  });

  test('--backend wasm through the Node pool in transfer mode: wasm in the workers, every case passes', async () => {
    const io = capture();
    expect(await runCli(['--dir', referenceDir, '--only', 'Sigmoid,LeakyReLU', '--runtime', 'node-pool-transfer', '--backend', 'wasm'], io)).toBe(0);
    expect(io.out_.join('\n').split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    expect(io.err_.join('\n')).toMatch(/backend wasm: [1-9]\d* of \d+ calls ran on wasm/);
  });

  test('an unknown backend is a usage error', async () => {
    const bad = capture();
    expect(await runCli(['--backend', 'gpu'], bad)).toBe(2);
    expect(bad.err_.join('\n')).toContain('--backend must be js or wasm, got "gpu"');
  });

  test('--only with an unknown name is an error listing the functions', async () => {
    const io = capture();
    expect(await runCli(['--dir', referenceDir, '--only', 'Swishy'], io)).toBe(2);
    expect(io.err_.join('\n')).toMatch(/no function named swishy .*valid names: ReLU, ReLU6/);
  });

  test('an unknown option and a missing directory are usage errors', async () => {
    expect(await runCli(['--dri', 'x'], capture())).toBe(2);
    const io = capture();
    expect(await runCli(['--dir', '/nonexistent/reference'], io)).toBe(2);
    expect(io.err_.join('\n')).toMatch(/holds none of activations.json, softmax.json, losses.json/);
  });

  test('--help lists the runtimes, the transfer-mode pools included', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    const text = io.out_.join('\n');
    expect(text).toMatch(/inline +@actkit\/core's kernels/);
    for (const name of ['node-pool', 'node-pool-transfer', 'node-pool-memory', 'browser-pool', 'browser-pool-transfer']) {
      expect(text).toMatch(new RegExp(`^ {4}${name} +@actkit/parallel `, 'm'));
    }
    expect(text).toMatch(/^ {4}node-pool-transfer +.*transfer mode/m);
  });

  test("the default directory is @actkit/reference's vectors", async () => {
    const io = capture();
    expect(await runCli(['--only', 'ReLU6'], io)).toBe(0);
    expect(io.out_.join('\n')).toContain(`reference-check: 2 cases from ${REFERENCE_DIR}, runtime inline`);
  });
});
