import { ActkitError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { DatasetNotFoundError, FormatError, RecordNotFoundError, StateDictError } from '../../src/io/index.js';

describe('io errors', () => {
  it('FormatError carries its code, problem and source, and names the function and file', () => {
    const e = new FormatError('loadSafetensors', '/tmp/m.safetensors', 'offset-gap', '3 trailing bytes');
    expect(e).toBeInstanceOf(ActkitError);
    expect(e).toMatchObject({ name: 'FormatError', code: 'ERR_ACTKIT_FORMAT', problem: 'offset-gap', source: '/tmp/m.safetensors' });
    expect(e.message).toBe('loadSafetensors: /tmp/m.safetensors: 3 trailing bytes');
  });

  it("StateDictError lists missing, unexpected and mismatched keys as PyTorch's load_state_dict does", () => {
    const e = new StateDictError('loadStateDict', 'Sequential', {
      missing: ['5.bias'],
      unexpected: ['6.weight'],
      mismatched: [{ key: '0.weight', expected: [256, 784], found: [128, 784] }],
    });
    expect(e).toBeInstanceOf(ActkitError);
    expect(e).toMatchObject({ name: 'StateDictError', code: 'ERR_ACTKIT_STATE_DICT', missing: ['5.bias'], unexpected: ['6.weight'] });
    expect(e.mismatched).toEqual([{ key: '0.weight', expected: [256, 784], found: [128, 784] }]);
    expect(e.message).toBe(
      'loadStateDict: error(s) in loading state_dict for Sequential: Missing key(s): "5.bias". Unexpected key(s): "6.weight". ' +
        'size mismatch for 0.weight: copying a param with shape [128, 784] from the state dict, the shape in the current model is [256, 784].',
    );
    expect(new StateDictError('f', 'Linear', { missing: ['weight'] })).toMatchObject({ unexpected: [], mismatched: [] });
  });

  it('DatasetNotFoundError names the path and the install command', () => {
    const e = new DatasetNotFoundError('loadFashionMnist', '/x', 'Fashion-MNIST directory', 'apt-get install dataset-fashion-mnist');
    expect(e).toMatchObject({ code: 'ERR_ACTKIT_DATASET_NOT_FOUND', path: '/x' });
    expect(e.message).toBe('loadFashionMnist: Fashion-MNIST directory /x does not exist; install it with `apt-get install dataset-fashion-mnist`');
  });

  it('RecordNotFoundError names the store and the key', () => {
    const e = new RecordNotFoundError('loadSafetensorsFromIndexedDB', 'models', '"mlp"');
    expect(e).toBeInstanceOf(ActkitError);
    expect(e).toMatchObject({ name: 'RecordNotFoundError', code: 'ERR_ACTKIT_RECORD_NOT_FOUND', store: 'models', key: '"mlp"' });
    expect(e.message).toBe('loadSafetensorsFromIndexedDB: no record under key "mlp" in the IndexedDB object store "models"');
  });
});
