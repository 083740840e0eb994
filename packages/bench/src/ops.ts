/**
 * The operations the benchmark measures, declared once. Every implementation module, the
 * reference, the report and the CLI are driven by this list: add an op here and it is measured
 * everywhere that can run it (the others report "not available" with their reason).
 */

/** How an op walks its input. */
export type OpShape =
  /** y[i] = f(x[i]). */
  | { readonly kind: 'elementwise' }
  /** Softmax over contiguous rows of `rowLength` (input shape `[rows, rowLength]`, dim −1). */
  | { readonly kind: 'rows'; readonly rowLength: number };

/** One benchmarked operation. */
export interface OpSpec {
  /** Name used on the command line and in reports: `'gelu-tanh'`. */
  readonly id: string;
  /** The formula, as the report prints it. */
  readonly formula: string;
  /** The @actkit/core activation (a registry name) and its options, PyTorch defaults spelled out. */
  readonly actkit: { readonly name: string; readonly options: Readonly<Record<string, unknown>> };
  readonly shape: OpShape;
}

const elementwise = { kind: 'elementwise' } as const;

/** Every op, in report order. Parameters are PyTorch's defaults. */
export const OPS: readonly OpSpec[] = [
  { id: 'relu', formula: 'max(0, x)', actkit: { name: 'relu', options: {} }, shape: elementwise },
  {
    id: 'leakyRelu',
    formula: 'x > 0 ? x : 0.01·x  (negative slope 0.01)',
    actkit: { name: 'leakyRelu', options: {} },
    shape: elementwise,
  },
  {
    id: 'hardtanh',
    formula: 'min(max(x, −1), 1)  (min_val −1, max_val 1)',
    actkit: { name: 'hardtanh', options: {} },
    shape: elementwise,
  },
  { id: 'elu', formula: 'x > 0 ? x : expm1(x)  (alpha 1)', actkit: { name: 'elu', options: {} }, shape: elementwise },
  { id: 'sigmoid', formula: '1 / (1 + exp(−x))', actkit: { name: 'sigmoid', options: {} }, shape: elementwise },
  { id: 'tanh', formula: 'tanh(x)', actkit: { name: 'tanh', options: {} }, shape: elementwise },
  { id: 'gelu', formula: 'x · Φ(x) = x/2 · erfc(−x/√2)', actkit: { name: 'gelu', options: {} }, shape: elementwise },
  {
    id: 'gelu-tanh',
    formula: 'x/2 · (1 + tanh(√(2/π)·(x + 0.044715·x³)))',
    actkit: { name: 'gelu', options: { approximate: 'tanh' } },
    shape: elementwise,
  },
  { id: 'silu', formula: 'x / (1 + exp(−x))', actkit: { name: 'silu', options: {} }, shape: elementwise },
  {
    id: 'softplus',
    formula: 'x > 20 ? x : log1p(exp(x))  (beta 1, threshold 20)',
    actkit: { name: 'softplus', options: {} },
    shape: elementwise,
  },
  { id: 'mish', formula: 'x · tanh(log1p(exp(x)))', actkit: { name: 'mish', options: {} }, shape: elementwise },
  { id: 'hardswish', formula: 'x · min(max(x + 3, 0), 6) / 6', actkit: { name: 'hardswish', options: {} }, shape: elementwise },
  {
    id: 'softmax',
    formula: 'exp(x − max) / Σ exp(x − max), rows of 1000',
    actkit: { name: 'softmax', options: { dim: -1 } },
    shape: { kind: 'rows', rowLength: 1000 },
  },
];

/** The op named `id`; throws listing the valid names otherwise. */
export function getOp(id: string): OpSpec {
  const op = OPS.find((o) => o.id === id);
  if (op === undefined) throw new Error(`unknown op '${id}'; expected one of ${OPS.map((o) => o.id).join(', ')}`);
  return op;
}

/**
 * How many elements an op runs on for a requested size `n`: `n` for elementwise ops, whole rows
 * for row ops (`max(1, round(n / rowLength))` rows), so softmax at 2^20 runs on 1049 × 1000.
 */
export function elementCount(op: OpSpec, n: number): number {
  if (op.shape.kind === 'elementwise') return n;
  return rowCount(op, n) * op.shape.rowLength;
}

/** The number of rows of a row op at requested size `n` (1 for elementwise ops: one flat row). */
export function rowCount(op: OpSpec, n: number): number {
  if (op.shape.kind === 'elementwise') return 1;
  return Math.max(1, Math.round(n / op.shape.rowLength));
}

/** The input's shape at requested size `n`: `[n]` or `[rows, rowLength]`. */
export function inputShape(op: OpSpec, n: number): number[] {
  return op.shape.kind === 'elementwise' ? [n] : [rowCount(op, n), op.shape.rowLength];
}

/** Bytes one pass moves: each float32 element read once and written once. */
export function bytesMoved(elements: number): number {
  return elements * 8;
}
