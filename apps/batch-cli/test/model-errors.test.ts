/**
 * Every bad input of train, evaluate and predict: a clear message naming the path, a non-zero
 * exit code, and no output (nor temporary file) left behind. Through the built CLI.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ls, tmp, writeNpy } from './helpers.js';
import { cli, FMNIST, inProcess, REFERENCE, start } from './models-helpers.js';

let dir: string;
let model: string;
let before: string[];
beforeAll(() => {
  dir = tmp();
  model = join(dir, 'model.safetensors');
  const r = cli(['train', '--model', 'mlp', '--limit', '256', '--epochs', '1', '--out', model, '-q']);
  expect(r.code, r.stderr).toBe(0);
  writeNpy(join(dir, 'x.npy'), new Float32Array(3 * 784).fill(0.5), [3, 784]);
  writeFileSync(join(dir, 'file'), 'a file, not a folder');
  before = ls(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The folder holds what it held before the command: no output, no temporary. */
const unchanged = (): void => expect(ls(dir)).toEqual(before);

describe('train, evaluate and predict refuse bad input', () => {
  it('a missing model file: exit 1, the path and ENOENT', () => {
    const missing = join(dir, 'missing.safetensors');
    for (const args of [['evaluate', missing], ['predict', missing, join(dir, 'x.npy'), '--out', join(dir, 'p.npy')]]) {
      const r = cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^actkit-batch: cannot read .*missing\.safetensors: no such file or folder \(ENOENT\)$/m);
      unchanged();
    }
  });

  it('a truncated or corrupt safetensors file: exit 1, the FormatError and its problem, the path', () => {
    const cut = join(dir, 'cut.safetensors');
    copyFileSync(model, cut);
    truncateSync(cut, 1000);
    const junk = join(dir, 'junk.safetensors');
    writeFileSync(junk, Buffer.from('not a safetensors file at all, just some text'));
    const cases: Array<[string, RegExp]> = [
      [cut, /cut\.safetensors: not a valid safetensors file \(FormatError, [a-z-]+\): loadSafetensors: .*cut\.safetensors: /],
      [junk, /junk\.safetensors: not a valid safetensors file \(FormatError, header-too-large\)/],
    ];
    for (const [file, message] of cases) {
      for (const args of [['evaluate', file], ['predict', file, join(dir, 'x.npy'), '--out', join(dir, 'p.npy')]]) {
        const r = cli(args);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(message);
        expect(existsSync(join(dir, 'p.npy'))).toBe(false);
      }
      rmSync(file);
    }
    unchanged();
  });

  it('a file without an architecture in its metadata, and no --model: exit 1, says to pass --model and which one fits', () => {
    const torch = join(dir, 'torch.safetensors');
    copyFileSync(join(REFERENCE, 'fmnist-mlp.safetensors'), torch);
    for (const args of [['evaluate', torch], ['predict', torch, join(dir, 'x.npy'), '--out', join(dir, 'p.npy')]]) {
      const r = cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/torch\.safetensors has no architecture in its metadata \(actkit\.architecture\): pass --model mlp\|cnn\|pytorch-mlp; its tensors fit --model pytorch-mlp/);
    }
    rmSync(torch);
    unchanged();
  });

  it('weights that do not fit --model: exit 1, PyTorch-style missing/unexpected keys', () => {
    const r = cli(['evaluate', model, '--model', 'cnn']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/model\.safetensors: the weights do not fit --model cnn \(StateDictError\): .*Missing key\(s\)/);
  });

  it('a predict input of the wrong shape or kind: exit 1, the path and the shapes expected', () => {
    const cases: Array<[string, () => void, RegExp]> = [
      ['bad.npy', () => writeNpy(join(dir, 'bad.npy'), new Float32Array(2 * 27 * 27), [2, 27, 27]), /bad\.npy: images must have shape \[N, 784\], \[N, 28, 28\] or \[N, 1, 28, 28\], got \[2, 27, 27\]/],
      ['short.npy', () => writeFileSync(join(dir, 'short.npy'), readFileSync(join(dir, 'x.npy')).subarray(0, 500)), /short\.npy: truncated or corrupt \.npy: shape \[3, 784\] needs 9408 data bytes, the file has \d+/],
      ['labels.gz', () => copyFileSync(join(FMNIST, 't10k-labels-idx1-ubyte.gz'), join(dir, 'labels.gz')), /labels\.gz: an IDX images file must be u8 \[N, 28, 28\], got u8 \[10000\]/],
      ['text.txt', () => writeFileSync(join(dir, 'text.txt'), 'hello'), /text\.txt: not a \.npy file nor an IDX images file/],
    ];
    for (const [name, make, message] of cases) {
      make();
      const r = cli(['predict', model, join(dir, name), '--out', join(dir, 'p.npy')]);
      expect(r.code, name).toBe(1);
      expect(r.stderr).toMatch(message);
      rmSync(join(dir, name));
      unchanged();
    }
  });

  it('an unknown --model, or a bad flag: exit 2, the names it accepts (in process: nothing starts)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['evaluate', model, '--model', 'resnet'], /unknown model "resnet"; expected mlp, cnn, pytorch-mlp/],
      [['predict', model, join(dir, 'x.npy'), '--model', 'resnet', '--out', join(dir, 'p.npy')], /unknown model "resnet"; expected mlp, cnn, pytorch-mlp/],
      [['train', '--model', 'resnet', '--out', join(dir, 'r.safetensors')], /train: unknown model "resnet"; expected mlp or cnn/],
      [['train', '--model', 'pytorch-mlp', '--out', join(dir, 'r.safetensors')], /expected mlp or cnn \(pytorch-mlp is for evaluate and predict\)/],
      [['train', '--model', 'mlp', '--out', join(dir, 'r.safetensors'), '--epochs', '0'], /--epochs must be an integer in \[1, 1000\], got "0"/],
      [['train', '--model', 'mlp', '--out', join(dir, 'r.safetensors'), '--lr', 'fast'], /--lr must be a number in \(0, 10\), got "fast"/],
      [['train', '--model', 'mlp'], /train needs --out model\.safetensors/],
      [['evaluate', model, '--fast'], /evaluate: Unknown option '--fast'/],
      [['predict', model], /predict needs a model file and an input/],
    ];
    for (const [args, message] of cases) {
      const r = await inProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
    const r = cli(['evaluate', model, '--model', 'resnet']); // and once through the built CLI
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^actkit-batch: unknown model "resnet"/);
    unchanged();
  });

  it('an --out that is the input or the model: exit 2, both left as they were', () => {
    const x = readFileSync(join(dir, 'x.npy'));
    const m = readFileSync(model);
    for (const out of [join(dir, 'x.npy'), model, join(dir, '.', 'x.npy')]) {
      const r = cli(['predict', model, join(dir, 'x.npy'), '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/: the output is the input; refusing to overwrite it/);
    }
    expect(readFileSync(join(dir, 'x.npy')).equals(x)).toBe(true);
    expect(readFileSync(model).equals(m)).toBe(true);
    unchanged();
  });

  it('an unwritable --out (a path through a file, a folder): exit 1 before any work, nothing written', () => {
    const through = join(dir, 'file', 'out.npy');
    let r = cli(['predict', model, join(dir, 'x.npy'), '--out', through]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write .*file\/out\.npy: a part of the path is not a folder \(ENOTDIR\)/);
    const t0 = performance.now();
    r = cli(['train', '--model', 'mlp', '--out', join(dir, 'file', 'm.safetensors')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write .*file\/m\.safetensors: a part of the path is not a folder \(ENOTDIR\)/);
    expect(performance.now() - t0).toBeLessThan(20_000); // refused before training 60,000 images for 20 epochs
    r = cli(['predict', model, join(dir, 'x.npy'), '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write .*: is a folder, not a file \(EISDIR\)/);
    unchanged();
  });

  it('missing Fashion-MNIST data: exit 1, how to install it, and the temporary output removed', () => {
    const r = cli(['train', '--model', 'mlp', '--data', join(dir, 'no-data'), '--out', join(dir, 'm2.safetensors')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-data does not exist; install it with `apt-get install dataset-fashion-mnist`/);
    const e = cli(['evaluate', model, '--data', join(dir, 'no-data')]);
    expect(e.code).toBe(1);
    unchanged();
  });

  it('SIGINT during training: stops between two steps, exit 130, no output and no temporary file', async () => {
    const out = join(dir, 'stopped.safetensors');
    const run = start(['train', '--model', 'mlp', '--epochs', '3', '--out', out, '--progress', 'lines'], { ACTKIT_PROGRESS_MS: '50' });
    const t0 = Date.now();
    while (!/progress: epoch 1\/3/.test(run.stderr()) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    expect(ls(dir).some((n) => n.startsWith('.stopped.safetensors.actkit-') && n.endsWith('.tmp'))).toBe(true); // training, output open
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toMatch(/actkit-batch: SIGINT: stopped in epoch 1\/3 after batch \d+\/469; nothing written to .*stopped\.safetensors/);
    expect(existsSync(out)).toBe(false);
    unchanged();
  });
});

describe('help', () => {
  it('--help for each command, and the command list', async () => {
    expect(cli(['--help']).stdout).toMatch(/train --model mlp\|cnn --out model\.safetensors[\s\S]*evaluate model\.safetensors[\s\S]*predict model\.safetensors/);
    for (const [cmd, word] of [['train', '--health'], ['evaluate', 'pytorch-mlp'], ['predict', '--probs']] as const) {
      const r = cli(['help', cmd]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`usage: actkit-batch ${cmd}`));
      expect(r.stdout).toContain(word);
    }
    const h = await inProcess(['train', '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/usage: actkit-batch train/);
  });
});
