/**
 * The activation-health monitor on hand-built cases: every expected share, mean and norm is
 * computed here from the inputs with plain arithmetic, not read from the monitor.
 */
import { describe, expect, it } from 'vitest';
import { ActivationHealth, activations, gradNormRatio, Linear, monitorHealth, Sequential, tensor, type HealthReport } from '../../src/index.js';

/** Float64 mean and population std of `values`, two-pass. */
function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(v) };
}

/** ‖g‖₂ in float64. */
function norm(g: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += (g[i] as number) ** 2;
  return Math.sqrt(s);
}

/** A Linear(3, 4) whose weights and biases are `w` (row per output unit) and `b`. */
function fixedLinear(w: number[][], b: number[]): Linear {
  const fc = new Linear(3, 4, { seed: 1 });
  fc.weight.value.set(w.flat());
  fc.bias!.value.set(b);
  return fc;
}

describe('dead units', () => {
  // inputs in [0, 1]: unit 0 (all weights −1, bias −0.5) and unit 2 (bias −10) can never be positive;
  // unit 1 (x0 − 0.5) is positive only for x0 > 0.5; unit 3 (bias +1) is always positive
  const w = [
    [-1, -1, -1],
    [1, 0, 0],
    [1, 1, 1],
    [0.5, 0.5, 0.5],
  ];
  const b = [-0.5, -0.5, -10, 1];

  it('counts units at exactly 0 for every sample of the epoch; mean and std of all outputs', () => {
    const model = new Sequential(fixedLinear(w, b), new activations.ReLU!());
    const health = new ActivationHealth(model);
    const batches = [
      [0.1, 0.2, 0.3, 0.4, 0.0, 1.0], // x0 ≤ 0.5: unit 1 is 0 in this batch
      [0.9, 0.5, 0.5, 0.2, 0.2, 0.2], // x0 = 0.9 wakes unit 1 up
    ];
    health.beginEpoch(0);
    const outputs: number[] = [];
    for (const x of batches) {
      model.forward(tensor(Float32Array.from(x), [2, 3]));
      for (let r = 0; r < 2; r++) {
        for (let u = 0; u < 4; u++) {
          let z = b[u] as number;
          for (let k = 0; k < 3; k++) z += (w[u]![k] as number) * (x[r * 3 + k] as number);
          outputs.push(Math.fround(Math.max(0, z)));
        }
      }
    }
    const report = health.endEpoch(0);
    const dead = [0, 1, 2, 3].filter((u) => outputs.every((v, i) => i % 4 !== u || v === 0)).length;
    expect(dead).toBe(2); // units 0 and 2, as designed
    const layer = report.layers[0]!;
    expect(layer).toMatchObject({ name: '1', kind: 'ReLU', batches: 2, samples: 4, units: 4, deadUnits: dead });
    expect(layer.deadShare).toBe(dead / 4);
    expect(layer.saturatedShare).toBeNull(); // ReLU has no upper bound
    const { mean, std } = meanStd(outputs);
    expect(layer.mean).toBeCloseTo(mean, 6);
    expect(layer.std).toBeCloseTo(std, 6);
  });

  it('a unit zero in one epoch and alive in the next is dead only in the first', () => {
    const model = new Sequential(fixedLinear(w, b), new activations.ReLU!());
    const health = monitorHealth(model);
    health.beginEpoch(0);
    model.forward(tensor([0.1, 0.1, 0.1], [1, 3]));
    const e0 = health.endEpoch(0);
    health.beginEpoch(1);
    model.forward(tensor([0.9, 0.1, 0.1], [1, 3]));
    const e1 = health.endEpoch(1);
    expect(e0.layers[0]!.deadUnits).toBe(3); // units 0, 1, 2
    expect(e1.layers[0]!.deadUnits).toBe(2); // units 0, 2
    expect(health.reports.map((r) => r.epoch)).toEqual([0, 1]);
  });
});

describe('saturation', () => {
  it('sigmoid on ±20: every value and every unit saturated; no unit dead', () => {
    const model = new Sequential(new activations.Sigmoid!());
    const health = new ActivationHealth(model);
    health.beginEpoch(0);
    model.forward(tensor([20, -20, 20, -20, -20, 20], [3, 2]));
    const layer = health.endEpoch(0).layers[0]!;
    expect(layer.saturatedShare).toBe(1);
    expect(layer.saturatedUnitShare).toBe(1);
    expect(layer.deadUnits).toBe(0); // sigmoid(−20) ≈ 2e-9 is small, not 0
  });

  it('tanh: the share of |y| ≥ 0.98 (1% of the range [−1, 1] from a bound), counted here with Math.tanh', () => {
    // values away from the band edge (atanh(0.98) ≈ 2.298) so float32 rounding cannot move them
    const x = [-5, -3, -2, -0.5, 0, 0.5, 1, 2.2, 2.4, 3, 4, 10];
    const model = new Sequential(new activations.Tanh!());
    const health = new ActivationHealth(model);
    health.beginEpoch(0);
    model.forward(tensor(x, [4, 3]));
    const layer = health.endEpoch(0).layers[0]!;
    const y = x.map(Math.tanh);
    const sat = y.map((v) => Math.abs(v) >= 0.98);
    expect(layer.saturatedShare).toBe(sat.filter(Boolean).length / x.length);
    // unit u (column) saturated on every row
    const units = [0, 1, 2].filter((u) => [0, 1, 2, 3].every((r) => sat[r * 3 + u])).length;
    expect(layer.saturatedUnitShare).toBe(units / 3);
    const { mean, std } = meanStd(y);
    expect(layer.mean).toBeCloseTo(mean, 6);
    expect(layer.std).toBeCloseTo(std, 6);
  });

  it('sigmoid band: y ≤ 0.01 or y ≥ 0.99', () => {
    // sigmoid(x) = 0.01 at x = −ln 99 ≈ −4.595; inputs on both sides, away from the edge
    const x = [-4.7, -4.5, 4.5, 4.7];
    const model = new Sequential(new activations.Sigmoid!());
    const health = new ActivationHealth(model);
    model.forward(tensor(x, [4, 1]));
    const share = x.map((v) => 1 / (1 + Math.exp(-v))).filter((v) => v <= 0.01 || v >= 0.99).length / 4;
    expect(share).toBe(0.5);
    expect(health.endEpoch(0).layers[0]!.saturatedShare).toBe(share);
  });
});

describe('gradient norms', () => {
  it('equal the L2 norms of the parameter grads after each backward, averaged over the epoch', () => {
    const model = new Sequential(new Linear(3, 5, { seed: 1 }), new activations.GELU!(), new Linear(5, 2, { seed: 2 }));
    const health = new ActivationHealth(model);
    health.beginEpoch(0);
    const seen: number[][] = [];
    for (const x of [
      [0.1, -0.2, 0.3, 1, 2, -1],
      [0.5, 0.5, -0.5, -2, 0, 1],
    ]) {
      model.zeroGrad();
      model.forward(tensor(x, [2, 3]));
      model.backward(tensor([1, -1, 0.5, 2], [2, 2]));
      seen.push(model.parameters().map((p) => norm(p.grad)));
    }
    const report = health.endEpoch(0);
    expect(report.steps).toBe(2);
    expect(report.parameters.map((p) => p.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    report.parameters.forEach((p, i) => {
      expect(p.gradNorm).toBeCloseTo(((seen[0]![i] as number) + (seen[1]![i] as number)) / 2, 6);
      expect(p.lastGradNorm).toBeCloseTo(seen[1]![i] as number, 6);
    });
    expect(gradNormRatio(report)).toBeCloseTo((report.parameters[0]!.gradNorm as number) / (report.parameters[2]!.gradNorm as number), 12);
  });

  it('report a frozen parameter as frozen, with its untouched grad', () => {
    const model = new Sequential(new Linear(2, 2, { seed: 1 }), new activations.ReLU!(), new Linear(2, 1, { seed: 2 }));
    model.at(0)!.requiresGrad(false);
    const health = new ActivationHealth(model);
    model.forward(tensor([1, 2], [1, 2]));
    model.backward(tensor([1], [1, 1]));
    const p = health.endEpoch(0).parameters;
    expect(p[0]).toMatchObject({ name: '0.weight', requiresGrad: false, gradNorm: 0 });
    expect(p[2]!.requiresGrad).toBe(true);
  });
});

describe('lifecycle', () => {
  it('records training forwards only (eval passes are validation); with includeEval, both', () => {
    const model = new Sequential(new activations.ReLU!());
    const a = new ActivationHealth(model);
    const b = new ActivationHealth(model, { includeEval: true });
    model.eval();
    model.forward(tensor([1, 2], [1, 2]));
    model.train();
    model.forward(tensor([1, 2], [1, 2]));
    expect(a.endEpoch(0).layers[0]!.batches).toBe(1);
    expect(b.endEpoch(0).layers[0]!.batches).toBe(2);
  });

  it('an epoch without data reports null statistics; beginEpoch clears what came before', () => {
    const model = new Sequential(new activations.Sigmoid!());
    const health = new ActivationHealth(model);
    model.forward(tensor([1, 2], [1, 2]));
    health.beginEpoch(3);
    const layer = health.endEpoch(3).layers[0]!;
    expect(layer).toMatchObject({ batches: 0, samples: 0, deadShare: null, saturatedShare: null, mean: null, std: null });
  });

  it('detach removes the hooks: nothing more is recorded and the modules run unwrapped', () => {
    const relu = new activations.ReLU!();
    const model = new Sequential(new Linear(2, 2, { seed: 1 }), relu);
    const health = new ActivationHealth(model);
    expect(Object.hasOwn(relu, 'forward')).toBe(true);
    expect(Object.hasOwn(model, 'backward')).toBe(true);
    health.detach();
    expect(Object.hasOwn(relu, 'forward')).toBe(false);
    expect(Object.hasOwn(model, 'backward')).toBe(false);
    health.beginEpoch(0);
    model.forward(tensor([1, 2], [1, 2]));
    model.backward(tensor([1, 1], [1, 2]));
    const r = health.endEpoch(0);
    expect(r.steps).toBe(0);
    expect(r.layers[0]!.batches).toBe(0);
  });

  it('two monitors on one model both record; detaching one leaves the other', () => {
    const model = new Sequential(new activations.ReLU!());
    const a = new ActivationHealth(model);
    const b = new ActivationHealth(model);
    a.detach();
    model.forward(tensor([0, 1], [1, 2]));
    expect(a.endEpoch(0).layers[0]!.batches).toBe(0);
    expect(b.endEpoch(0).layers[0]).toMatchObject({ batches: 1, deadUnits: 1 });
  });

  it('a report survives JSON unchanged', () => {
    const model = new Sequential(new Linear(2, 3, { seed: 1 }), new activations.Tanh!(), new Linear(3, 1, { seed: 2 }));
    const health = new ActivationHealth(model);
    health.beginEpoch(0);
    model.forward(tensor([1, -1, 0.5, 2], [2, 2]));
    model.backward(tensor([1, 1], [2, 1]));
    const report: HealthReport = health.endEpoch(0);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
