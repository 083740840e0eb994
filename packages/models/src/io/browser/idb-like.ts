/**
 * The part of IndexedDB the safetensors helpers use, declared here so that a TypeScript project
 * without the DOM library can use these declarations. A browser's `IDBDatabase` is an
 * {@link IDBDatabaseLike}.
 */

/** An IndexedDB key: a string, a number, a Date, an ArrayBuffer or an array of keys (`IDBValidKey` without typed-array views). */
export type IndexedDBKey = string | number | Date | ArrayBuffer | IndexedDBKey[];

/** A request: its result or error, and the events that settle it. */
export interface IDBRequestLike {
  readonly result: unknown;
  readonly error: unknown;
  onsuccess: ((event: never) => unknown) | null;
  onerror: ((event: never) => unknown) | null;
}

/** An object store: put and get by key. */
export interface IDBObjectStoreLike {
  put(value: unknown, key?: IndexedDBKey): unknown;
  get(query: IndexedDBKey): IDBRequestLike;
}

/** A transaction: its store, and the events that end it. */
export interface IDBTransactionLike {
  readonly error: unknown;
  objectStore(name: string): IDBObjectStoreLike;
  oncomplete: ((event: never) => unknown) | null;
  onerror: ((event: never) => unknown) | null;
  onabort: ((event: never) => unknown) | null;
}

/** An open database (`IDBDatabase`), as far as the helpers use it. */
export interface IDBDatabaseLike {
  transaction(storeNames: string, mode: 'readonly' | 'readwrite'): IDBTransactionLike;
}

/** Where a model is stored: an open database, an object store with out-of-line keys, and a key. */
export interface IndexedDBLocation {
  /** An open database, from `indexedDB.open(name)`. */
  readonly db: IDBDatabaseLike;
  /** The object store's name. It must use out-of-line keys (created without a `keyPath`). */
  readonly store: string;
  /** The record's key, such as `'mnist-mlp'`. */
  readonly key: IndexedDBKey;
}

/** How errors name a record: `indexeddb:<store>/<key>`. */
export function recordSource(location: IndexedDBLocation): string {
  return `indexeddb:${location.store}/${keyText(location.key)}`;
}

/** A key as text for messages: strings quoted, others as they print. */
export function keyText(key: IndexedDBKey): string {
  return typeof key === 'string' ? JSON.stringify(key) : Array.isArray(key) ? `[${key.map(keyText).join(', ')}]` : String(key);
}

/** Resolves when `tx` commits; rejects with its error when it fails or is aborted. */
export function transactionDone(tx: IDBTransactionLike): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** The result of `request`, or its error. */
export function requestResult(request: IDBRequestLike): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
