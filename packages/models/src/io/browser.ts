/**
 * The browser helpers of the safetensors format, on the same bytes as Node's files: Blobs and
 * Files read in ranges (header first), and IndexedDB records written in one transaction. They
 * touch the `Blob` and `indexedDB` globals only when called, so importing them is free anywhere.
 */
export type { BlobLike } from './browser/blob-like.js';
export { loadSafetensorsFromBlob, readSafetensorsBlob } from './browser/blob-read.js';
export { safetensorsToBlob } from './browser/blob-write.js';
export type { IDBDatabaseLike, IDBObjectStoreLike, IDBRequestLike, IDBTransactionLike, IndexedDBKey, IndexedDBLocation } from './browser/idb-like.js';
export { loadSafetensorsFromIndexedDB, readSafetensorsFromIndexedDB, saveSafetensorsToIndexedDB, type SaveToIndexedDBOptions } from './browser/indexeddb.js';
