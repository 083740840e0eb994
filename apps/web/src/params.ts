/**
 * The parameters the playground lets you change, per activation, as data: one control each.
 * Every other parameter keeps PyTorch's default (core fills it in). Threshold has no default in
 * PyTorch (`torch.nn.Threshold(threshold, value)`), so the playground starts it at (1, −1).
 */

/** A numeric parameter shown as a slider. */
export interface RangeParam {
  readonly kind: 'range';
  readonly key: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly initial: number;
}

/** A parameter with a few string values (GELU's `approximate`), shown as a select. */
export interface ChoiceParam {
  readonly kind: 'choice';
  readonly key: string;
  readonly label: string;
  readonly choices: readonly string[];
  readonly initial: string;
}

export type ParamSpec = RangeParam | ChoiceParam;

const range = (key: string, label: string, min: number, max: number, step: number, initial: number): RangeParam =>
  ({ kind: 'range', key, label, min, max, step, initial });

/** Controls per canonical activation name (activations absent here have no parameter to tune). */
export const PARAMS: Readonly<Record<string, readonly ParamSpec[]>> = {
  leakyRelu: [range('negativeSlope', 'negativeSlope', 0, 0.5, 0.01, 0.01)],
  prelu: [range('weight', 'weight (one channel)', 0, 1, 0.01, 0.25)],
  rrelu: [range('lower', 'lower', 0, 1, 0.01, 1 / 8), range('upper', 'upper', 0, 1, 0.01, 1 / 3)],
  elu: [range('alpha', 'alpha', 0.1, 3, 0.05, 1)],
  celu: [range('alpha', 'alpha', 0.1, 3, 0.05, 1)],
  gelu: [{ kind: 'choice', key: 'approximate', label: 'approximate', choices: ['none', 'tanh'], initial: 'none' }],
  softplus: [range('beta', 'beta', 0.1, 5, 0.1, 1), range('threshold', 'threshold', 1, 30, 0.5, 20)],
  hardtanh: [range('minVal', 'minVal', -3, 0, 0.1, -1), range('maxVal', 'maxVal', 0, 3, 0.1, 1)],
  softshrink: [range('lambd', 'lambd', 0, 3, 0.05, 0.5)],
  hardshrink: [range('lambd', 'lambd', 0, 3, 0.05, 0.5)],
  threshold: [range('threshold', 'threshold', -3, 3, 0.1, 1), range('value', 'value', -3, 3, 0.1, -1)],
};

/** The controls of `name` (none for most). */
export function paramSpecs(name: string): readonly ParamSpec[] {
  return PARAMS[name] ?? [];
}

/** The options core takes for `name` with the given control values (PReLU's weight as a one-element array). */
export function toOptions(name: string, values: Readonly<Record<string, number | string>>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const spec of paramSpecs(name)) {
    const v = values[spec.key] ?? spec.initial;
    o[spec.key] = name === 'prelu' && spec.key === 'weight' ? new Float64Array([Number(v)]) : v;
  }
  return o;
}

/** The initial control values of `name`. */
export function initialValues(name: string): Record<string, number | string> {
  return Object.fromEntries(paramSpecs(name).map((s) => [s.key, s.initial]));
}

/** The options the playground's big run and the default curves use: every control at its initial value. */
export function playgroundParams(name: string): Record<string, unknown> {
  return toOptions(name, initialValues(name));
}
