/**
 * The file formats, for Node and browsers alike: safetensors (PyTorch's weights) and IDX
 * ((Fashion-)MNIST), and a module's state dict in PyTorch's safetensors layout. The file-system
 * helpers are in `./node.ts`, a separate entry; the Blob and IndexedDB helpers in `./browser.ts`.
 */
export { DatasetNotFoundError, FormatError, RecordNotFoundError, StateDictError } from './errors.js';
export type { FormatProblem, ReadContext, ShapeMismatch, StateDictProblems } from './errors.js';
export { dtypeSize, isSafetensorsDType, SAFETENSORS_DTYPES } from './dtypes.js';
export type { SafetensorsArray, SafetensorsArrays, SafetensorsDType } from './dtypes.js';
export { readSafetensorsHeader, SAFETENSORS_MAX_HEADER_LENGTH } from './safetensors-header.js';
export type { SafetensorsEntry, SafetensorsHeader } from './safetensors-header.js';
export { parseSafetensors, planSafetensors, serializeSafetensors } from './safetensors.js';
export type { SafetensorsContents, SafetensorsPlan, SafetensorsTensor, TensorsToWrite, TensorToWrite } from './safetensors.js';
export { loadStateDictFromSafetensors, stateDictToSafetensors } from './state-dict.js';
export type { LoadSafetensorsResult, LoadStateDictOptions, SafetensorsSource } from './state-dict.js';
export { parseIdx, readIdxHeader } from './idx.js';
export type { IdxArrays, IdxDType, IdxHeader, IdxTensor } from './idx.js';
export { FASHION_MNIST_CLASSES, mnistFromIdx } from './fashion-mnist.js';
export type { MnistSet } from './fashion-mnist.js';
