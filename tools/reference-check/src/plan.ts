/**
 * What a run checks: every group whose file is in the directory (vectors/README.md §5–§10),
 * loaded by @actkit/reference and narrowed by `--only`. The activation and softmax cases go
 * through a runtime; the losses, optimizers and MLP-training cases run on @actkit/models inline.
 */
import {
  groupsIn,
  GROUP_FILES,
  GROUPS,
  loadCases,
  loadLossCases,
  loadOptimizerCases,
  loadTrainingRuns,
  ReferenceFormatError,
  UnknownFunctionError,
  type GroupName,
  type LossCase,
  type OptimizerCase,
  type ReferenceCase,
  type TrainingRun,
} from '@actkit/reference';
import { MLP_FUNCTION } from './groups/training.js';

/** The groups that run on @actkit/models on the calling thread, whatever the runtime. */
export const MODEL_GROUPS: readonly GroupName[] = ['losses', 'optimizers', 'mlp_training'];

/** The cases of one run, by group. */
export interface Plan {
  /** The groups whose file is in the directory, in README order. */
  readonly groups: readonly GroupName[];
  /** Activation and softmax-family cases: they run through the runtime. */
  readonly activations: readonly ReferenceCase[];
  /** losses.json cases: they run inline on @actkit/models. */
  readonly losses: readonly LossCase[];
  /** optimizers.json cases: they run inline on @actkit/models. */
  readonly optimizers: readonly OptimizerCase[];
  /** mlp_training.json runs: they run inline on @actkit/models. */
  readonly training: readonly TrainingRun[];
}

/** Options of {@link loadPlan}. */
export interface PlanOptions {
  /**
   * Only these, case-insensitive: activation functions (torch or actkit names, as
   * `loadCases`), losses (`MSELoss`), optimizers (`Adam`), `MLP` for the training runs, or a
   * whole group (`losses`, `optimizers`, `mlp_training`). A name matching nothing is an
   * {@link UnknownFunctionError} listing the valid ones.
   */
  readonly only?: readonly string[];
}

/** The cases of a model group with the name each is selected by (`function`). */
interface ModelGroup<T> {
  readonly group: GroupName;
  readonly cases: readonly T[];
  readonly nameOf: (c: T) => string;
}

/** The cases of `g` that `only` selects: all of them for the group's name, else by function name. */
function select<T>(g: ModelGroup<T>, only: ReadonlySet<string> | undefined): T[] {
  if (only === undefined || only.has(g.group)) return [...g.cases];
  return g.cases.filter((c) => only.has(g.nameOf(c).toLowerCase()));
}

/** The names `--only` accepts for a model group: its functions, then the group itself. */
function namesOf<T>(g: ModelGroup<T>): string[] {
  return [...new Set(g.cases.map(g.nameOf)), g.group];
}

/**
 * Every case of every group in `dir`, narrowed by `only`. At least one group's file must be
 * there (a {@link ReferenceFormatError} otherwise); bad data is a ReferenceFormatError naming
 * the file and case.
 */
export function loadPlan(dir: string, options: PlanOptions = {}): Plan {
  const groups = groupsIn(dir);
  if (groups.length === 0) {
    throw new ReferenceFormatError(`${dir} holds none of ${GROUPS.map((g) => GROUP_FILES[g]).join(', ')}`);
  }
  const has = (g: GroupName): boolean => groups.includes(g);
  const models = [
    { group: 'losses', cases: has('losses') ? loadLossCases(dir) : [], nameOf: (c: LossCase) => c.loss } satisfies ModelGroup<LossCase>,
    { group: 'optimizers', cases: has('optimizers') ? loadOptimizerCases(dir) : [], nameOf: (c: OptimizerCase) => c.optimizer } satisfies ModelGroup<OptimizerCase>,
    { group: 'mlp_training', cases: has('mlp_training') ? loadTrainingRuns(dir) : [], nameOf: () => MLP_FUNCTION } satisfies ModelGroup<TrainingRun>,
  ] as const;
  const [losses, optimizers, training] = models;
  const present = MODEL_GROUPS.filter(has);
  const presentNames = [
    ...(has('losses') ? namesOf(losses) : []),
    ...(has('optimizers') ? namesOf(optimizers) : []),
    ...(has('mlp_training') ? namesOf(training) : []),
  ];

  const only = options.only === undefined ? undefined : new Set(options.only.map((s) => s.toLowerCase()));
  const forModels = new Set(presentNames.map((n) => n.toLowerCase()));
  const forActivations = only === undefined ? undefined : [...only].filter((n) => !forModels.has(n));
  const otherGroups = present.length === 0 ? '' : `; in ${present.join(', ')}: ${presentNames.join(', ')}`;

  let activations: ReferenceCase[] = [];
  if (has('activations') || has('softmax')) {
    if (forActivations === undefined || forActivations.length > 0) {
      try {
        activations = loadCases(dir, forActivations === undefined ? {} : { only: forActivations });
      } catch (e) {
        if (e instanceof UnknownFunctionError) throw new UnknownFunctionError(`${e.message}${otherGroups}`);
        throw e;
      }
    }
  } else if (forActivations !== undefined && forActivations.length > 0) {
    throw new UnknownFunctionError(`no function named ${forActivations.join(', ')} in ${dir}; valid names: ${presentNames.join(', ')}`);
  }
  return {
    groups,
    activations,
    losses: select(losses, only),
    optimizers: select(optimizers, only),
    training: select(training, only),
  };
}
