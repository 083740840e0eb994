import type { PackedPackage } from './pack.js';

/** What the global set-up hands every packaging test file. */
export interface PackagingContext {
  /** Folder holding the tarballs. */
  packDir: string;
  /** Every publishable package, packed. */
  packed: PackedPackage[];
  /** The fresh npm project the tarballs are installed in. */
  consumerDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packaging: PackagingContext;
  }
}
