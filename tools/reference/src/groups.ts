/**
 * The groups of a reference directory, one per file of vectors/README.md: the activations
 * (`activations.json` and its files, §5–§6), the softmax family (§7), the losses (§8), the
 * optimizers (§9) and the MLP training runs (§10). A directory in the schema may hold any of them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The groups, in the README's order. */
export const GROUPS = ['activations', 'softmax', 'losses', 'optimizers', 'mlp_training'] as const;

/** One group of cases. */
export type GroupName = (typeof GROUPS)[number];

/** The file each group is read from (activations: the index, which lists the per-function files). */
export const GROUP_FILES: Readonly<Record<GroupName, string>> = {
  activations: 'activations.json',
  softmax: 'softmax.json',
  losses: 'losses.json',
  optimizers: 'optimizers.json',
  mlp_training: 'mlp_training.json',
};

/** The groups whose file is in `dir`, in {@link GROUPS} order. */
export function groupsIn(dir: string): GroupName[] {
  return GROUPS.filter((g) => existsSync(join(dir, GROUP_FILES[g])));
}
