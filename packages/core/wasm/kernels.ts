// float32 SIMD activation kernels (AssemblyScript, fixed-width simd128: no relaxed SIMD, no FMA).
// ABI: memory imported as env.memory; every pointer is a byte offset into it; n is an element
// count. A kernel runs 16 elements (4 x f32x4; sigmoid and silu 32) per iteration, then 4-element steps, then a
// masked tail (tail.ts) with the same vector code, so results do not depend on n or alignment.
// gemm.ts adds the float32 matrix multiply (gemm_nn_f32, gemm_nt_f32; its ABI is described there).
//
// This file is the module's entry: it exports every kernel. wasm/build.mjs (assemblyscript
// 0.28.20) builds it into src/backends/wasm/binary.ts; the core test wasm-build.test.ts rebuilds
// it and compares. src/backends/wasm/ops/*.ts maps each op onto these exports.
export * from './clamp';
export * from './sigmoid';
export * from './piecewise';
export * from './exp';
export * from './softmax';
export * from './extra';
export * from './glu';
export * from './prelu';
export * from './gelu';
export * from './gemm';
