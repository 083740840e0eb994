/**
 * Safetensors in a real browser (Chromium): a trained Sequential (Linear, BatchNorm1d, ReLU,
 * Linear) saved to IndexedDB and reloaded into a fresh model over a new connection, with
 * bit-identical outputs; a File built in the page, and an object URL fetched back, loaded the
 * same way; malformed and missing records refused with typed errors.
 */
import { ShapeError } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FormatError,
  loadSafetensorsFromBlob,
  loadSafetensorsFromIndexedDB,
  readSafetensorsBlob,
  readSafetensorsFromIndexedDB,
  RecordNotFoundError,
  safetensorsToBlob,
  saveSafetensorsToIndexedDB,
  type Sequential,
} from '../../src/index.js';
import { evalOutput, makeModel, stateBytes, trainedModel } from '../io/model-fixture.js';

const DB = `actkit-models-${Date.now()}`;
const STORE = 'models';

/** Opens the test database, creating its object store (out-of-line keys) the first time. */
function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Stores `value` under `key` directly, as another program might have. */
async function putRaw(key: string, value: unknown): Promise<void> {
  const db = await openDb();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** The raw record under `key`. */
async function getRaw(key: string): Promise<unknown> {
  const db = await openDb();
  const value = await new Promise((resolve, reject) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return value;
}

let trained: Sequential;
beforeAll(() => {
  trained = trainedModel();
});
afterAll(async () => {
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
});

describe('IndexedDB', () => {
  it('runs in a real browser page', () => {
    expect(typeof window).toBe('object');
    expect(typeof indexedDB.open).toBe('function');
    expect(navigator.userAgent).toMatch(/Chrome\//);
  });

  for (const as of ['blob', 'arraybuffer'] as const) {
    it(`saves a trained model as ${as === 'blob' ? 'a Blob' : 'an ArrayBuffer'} and reloads it in a fresh model, bit for bit`, async () => {
      const key = `mlp-${as}`;
      const db = await openDb();
      await saveSafetensorsToIndexedDB(trained, { db, store: STORE, key, metadata: { epoch: '5' }, as });
      db.close();
      const stored = await getRaw(key);
      expect(stored).toBeInstanceOf(as === 'blob' ? Blob : ArrayBuffer);

      // a new connection, a fresh model with other weights
      const db2 = await openDb();
      const fresh = makeModel(42);
      expect(stateBytes(fresh)).not.toEqual(stateBytes(trained));
      const result = await loadSafetensorsFromIndexedDB(fresh, { db: db2, store: STORE, key });
      db2.close();
      expect(result).toEqual({ metadata: { epoch: '5' }, missingKeys: [], unexpectedKeys: [] });
      expect(stateBytes(fresh)).toEqual(stateBytes(trained));
      expect((fresh.stateDict()['1.num_batches_tracked']!.data as Float64Array)[0]).toBe(5);
      expect(Array.from(evalOutput(fresh))).toEqual(Array.from(evalOutput(trained)));
    });
  }

  it("stores PyTorch's layout: the record is the bytes of safetensorsToBlob, num_batches_tracked an I64 scalar", async () => {
    const stored = (await getRaw('mlp-blob')) as Blob;
    const expected = safetensorsToBlob(trained, { epoch: '5' });
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(new Uint8Array(await expected.arrayBuffer()));
    const db = await openDb();
    const contents = await readSafetensorsFromIndexedDB({ db, store: STORE, key: 'mlp-blob' });
    db.close();
    expect(contents.get('1.num_batches_tracked')).toEqual({ dtype: 'I64', shape: [], data: BigInt64Array.from([5n]) });
  });

  it('replaces a record whole, and leaves it untouched when the new tensors cannot be written', async () => {
    const db = await openDb();
    const other = trainedModel(2);
    await saveSafetensorsToIndexedDB(other, { db, store: STORE, key: 'replace' });
    await saveSafetensorsToIndexedDB(trained, { db, store: STORE, key: 'replace' });
    const bad = { x: { shape: [3, 3], data: new Float32Array(4) } };
    await expect(saveSafetensorsToIndexedDB(bad, { db, store: STORE, key: 'replace' })).rejects.toThrow(ShapeError);
    const fresh = makeModel(42);
    await loadSafetensorsFromIndexedDB(fresh, { db, store: STORE, key: 'replace' });
    db.close();
    expect(stateBytes(fresh)).toEqual(stateBytes(trained));
  });

  it('refuses a missing key, a record that is not bytes, and a malformed file, with typed errors', async () => {
    await putRaw('text', 'not a file');
    await putRaw('short', new Uint8Array(5).buffer);
    const db = await openDb();
    const model = makeModel(3);
    const before = stateBytes(model);
    const missing = await loadSafetensorsFromIndexedDB(model, { db, store: STORE, key: 'nothing' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RecordNotFoundError);
    expect(missing).toMatchObject({ code: 'ERR_ACTKIT_RECORD_NOT_FOUND', store: STORE, key: '"nothing"' });
    const text = await loadSafetensorsFromIndexedDB(model, { db, store: STORE, key: 'text' }).catch((e: unknown) => e);
    expect(text).toBeInstanceOf(FormatError);
    expect(text).toMatchObject({ problem: 'unexpected-contents', source: 'indexeddb:models/"text"' });
    const short = await loadSafetensorsFromIndexedDB(model, { db, store: STORE, key: 'short' }).catch((e: unknown) => e);
    expect(short).toMatchObject({ problem: 'too-short' });
    db.close();
    expect(stateBytes(model)).toEqual(before);
  });
});

describe('Blob and File', () => {
  it('loads a File built in the page into a fresh model, bit for bit', async () => {
    const file = new File([safetensorsToBlob(trained)], 'model.safetensors', { type: 'application/octet-stream' });
    const fresh = makeModel(42);
    await loadSafetensorsFromBlob(fresh, file);
    expect(stateBytes(fresh)).toEqual(stateBytes(trained));
    expect(Array.from(evalOutput(fresh))).toEqual(Array.from(evalOutput(trained)));
  });

  it('loads through an object URL fetched back, as a download link would hand it out', async () => {
    const url = URL.createObjectURL(safetensorsToBlob(trained));
    try {
      const fresh = makeModel(42);
      await loadSafetensorsFromBlob(fresh, await (await fetch(url)).blob());
      expect(Array.from(evalOutput(fresh))).toEqual(Array.from(evalOutput(trained)));
    } finally {
      URL.revokeObjectURL(url);
    }
  });

  it("refuses a File whose header is oversized, naming the file, before reading its body", async () => {
    const head = new Uint8Array(8);
    new DataView(head.buffer).setBigUint64(0, 2n ** 40n, true);
    const file = new File([head, new Uint8Array(1 << 20)], 'huge-header.safetensors');
    const e = await readSafetensorsBlob(file).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(FormatError);
    expect(e).toMatchObject({ problem: 'header-too-large', source: 'huge-header.safetensors' });
  });
});
