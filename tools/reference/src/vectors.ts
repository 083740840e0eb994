/** Where the PyTorch reference vectors of this package are on disk. */
import { fileURLToPath } from 'node:url';

/**
 * The folder of the PyTorch reference vectors (`tools/reference/vectors`): `activations.json`
 * with `activations/<Name>.json`, `softmax.json`, and the losses, optimizer and training files.
 * Its README describes the schema. Never edit the files; tests that need changed data copy them.
 * The path is the same from `src/` (tests) and from `dist/` (the build): both are one level
 * below the package root.
 */
export const REFERENCE_DIR: string = fileURLToPath(new URL('../vectors', import.meta.url));
