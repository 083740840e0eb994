/**
 * The Node file helpers of the file formats: safetensors files (atomic save, validated load),
 * IDX files (gunzipped as streams) and Fashion-MNIST. A separate entry (`@actkit/models/node`),
 * so that browser bundles never import `node:fs`.
 */
export { loadSafetensors, saveSafetensors } from './node/safetensors-file.js';
export { readIdxFile } from './node/idx-file.js';
export { FASHION_MNIST_DIR, loadFashionMnist, type FashionMnistSplit } from './node/fashion-mnist-files.js';
