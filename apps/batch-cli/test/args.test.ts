import { describe, expect, it } from 'vitest';
import { parseApplyArgs } from '../src/cli/args.js';
import { CliError } from '../src/cli/errors.js';
import { parseParamValue, parseShape } from '../src/cli/params.js';
import { globRegExp } from '../src/cli/inputs.js';

describe('command line', () => {
  it('--param values are JSON, with NaN and ±Infinity, arrays, and bare words as strings', () => {
    expect(parseParamValue('true')).toBe(true);
    expect(parseParamValue('false')).toBe(false);
    expect(parseParamValue('0.2')).toBe(0.2);
    expect(parseParamValue('NaN')).toBeNaN();
    expect(parseParamValue('-Infinity')).toBe(-Infinity);
    expect(parseParamValue('[0.25, 0.5, Infinity, NaN]')).toEqual([0.25, 0.5, Infinity, NaN]);
    expect(parseParamValue('tanh')).toBe('tanh');
    expect(parseParamValue('"none"')).toBe('none');
    const a = parseApplyArgs(['rrelu', 'in.npy', '-o', 'out.npy', '--param', 'training=true', '-p', 'seed=7', '--param', 'lower=0.1']);
    expect(a.params).toEqual({ training: true, seed: 7, lower: 0.1 });
  });

  it('shapes, the old positional form, and defaults', () => {
    expect(parseShape('4,10')).toEqual([4, 10]);
    expect(parseShape('2x3x4')).toEqual([2, 3, 4]);
    expect(parseShape('()')).toEqual([]);
    const a = parseApplyArgs(['softmax', 'a.f32', 'b.f32', '--shape', '4,10', '--dim', '-2']);
    expect(a).toMatchObject({ activation: 'softmax', inputs: ['a.f32'], output: 'b.f32', shape: [4, 10], params: { dim: -2 }, jobs: 2, resume: false });
  });

  it('usage errors are exit code 2', () => {
    const bad = [
      ['relu', 'a.npy', '-o', 'b.npy', '--frobnicate'],
      ['relu', 'a.npy'],
      ['relu', 'a.npy', '-o', 'b.npy', '--shape', '4,-1'],
      ['relu', 'a.npy', '-o', 'b.npy', '--param', 'novalue'],
      ['relu', 'a.npy', '-o', 'b.npy', '--dtype', 'int8'],
      ['relu', 'a.npy', '-o', 'b.npy', '--jobs', '0'],
    ];
    for (const argv of bad) {
      let caught: unknown;
      try {
        parseApplyArgs(argv);
      } catch (e) {
        caught = e;
      }
      expect(caught, argv.join(' ')).toBeInstanceOf(CliError);
      expect((caught as CliError).exitCode).toBe(2);
    }
  });

  it('globs', () => {
    expect(globRegExp('*.npy').test('a.npy')).toBe(true);
    expect(globRegExp('*.npy').test('sub/a.npy')).toBe(false);
    expect(globRegExp('**/*.npy').test('sub/deeper/a.npy')).toBe(true);
    expect(globRegExp('**/*.npy').test('a.npy')).toBe(true);
    expect(globRegExp('x?.f32').test('x1.f32')).toBe(true);
  });
});
