/** The .wasm bytes built from wasm/kernels.ts. */
export function buildWasm(): Buffer;
/** The TypeScript module (src/backends/wasm/binary.ts) that carries `bytes`. */
export function binaryModule(bytes: Uint8Array): string;
