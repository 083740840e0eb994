/**
 * Every runtime the checker can run cases through, by name. Adding one is a module next to
 * inline.ts exporting a RuntimeFactory, plus one line here.
 */
import type { Runtime, RuntimeFactory, RuntimeOptions } from '../runtime.js';
import { browserPoolRuntime, browserPoolTransferRuntime } from './browser-pool.js';
import { inlineRuntime } from './inline.js';
import { nodePoolMemoryRuntime, nodePoolRuntime, nodePoolTransferRuntime } from './node-pool.js';

/** The registered runtimes. */
export const runtimes: Readonly<Record<string, RuntimeFactory>> = {
  inline: inlineRuntime,
  'node-pool': nodePoolRuntime,
  'node-pool-transfer': nodePoolTransferRuntime,
  'node-pool-memory': nodePoolMemoryRuntime,
  'browser-pool': browserPoolRuntime,
  'browser-pool-transfer': browserPoolTransferRuntime,
};

/** A runtime name that is not registered; the message lists the valid ones. */
export class UnknownRuntimeError extends Error {
  readonly requested: string;
  readonly validNames: readonly string[];
  constructor(requested: string, validNames: readonly string[]) {
    super(`unknown runtime ${JSON.stringify(requested)}; valid runtimes: ${validNames.join(', ')}`);
    this.name = 'UnknownRuntimeError';
    this.requested = requested;
    this.validNames = validNames;
  }
}

/** The registered runtime names. */
export function runtimeNames(): string[] {
  return Object.keys(runtimes);
}

/** Creates the runtime registered as `name`; throws an {@link UnknownRuntimeError} for others. */
export async function createRuntime(name: string, options: RuntimeOptions = {}): Promise<Runtime> {
  const factory = Object.hasOwn(runtimes, name) ? runtimes[name] : undefined;
  if (factory === undefined) throw new UnknownRuntimeError(name, runtimeNames());
  return factory.create(options);
}
