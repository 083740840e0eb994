/** Module hooks: called after forward and backward with the module's tensors; removable. */
import { describe, expect, it } from 'vitest';
import { activations, Linear, Sequential, tensor, type Module, type Tensor } from '../../src/index.js';

describe('registerForwardHook / registerBackwardHook', () => {
  it('see the input and output of every call, in call order, on nested and root modules', () => {
    const fc = new Linear(2, 2, { seed: 1 });
    const model = new Sequential(fc, new activations.ReLU!());
    const calls: string[] = [];
    let seen: [Module, Tensor, Tensor] | undefined;
    fc.registerForwardHook((m, x, y) => {
      calls.push('fc.forward');
      seen = [m, x, y];
    });
    model.registerForwardHook(() => calls.push('model.forward'));
    model.registerBackwardHook(() => calls.push('model.backward'));
    fc.registerBackwardHook(() => calls.push('fc.backward'));
    const x = tensor([1, 2], [1, 2]);
    const y = model.forward(x);
    model.backward(tensor([1, 1], [1, 2]));
    expect(calls).toEqual(['fc.forward', 'model.forward', 'fc.backward', 'model.backward']);
    expect(seen![0]).toBe(fc);
    expect(seen![1]).toBe(x);
    // y = x·Wᵀ + b, computed here
    const w = fc.weight.value;
    const b = fc.bias!.value;
    expect(Array.from(seen![2].data)).toEqual([1 * w[0]! + 2 * w[1]! + b[0]!, 1 * w[2]! + 2 * w[3]! + b[1]!].map(Math.fround));
    expect(y.shape).toEqual([1, 2]);
  });

  it('the backward hook runs after the grads hold the call', () => {
    const fc = new Linear(1, 1, { seed: 1 });
    let gradSeen = Number.NaN;
    fc.registerBackwardHook(() => (gradSeen = fc.weight.grad[0]!));
    fc.forward(tensor([3], [1, 1]));
    fc.backward(tensor([2], [1, 1]));
    expect(gradSeen).toBe(6); // dW = dy·x
  });

  it('remove() stops one hook and leaves the others; the last removal unwraps the module', () => {
    const relu = new activations.ReLU!();
    const hits = { a: 0, b: 0 };
    const ha = relu.registerForwardHook(() => hits.a++);
    const hb = relu.registerForwardHook(() => hits.b++);
    relu.forward(tensor([1]));
    ha.remove();
    relu.forward(tensor([1]));
    expect(hits).toEqual({ a: 1, b: 2 });
    hb.remove();
    expect(Object.hasOwn(relu, 'forward')).toBe(false);
    relu.forward(tensor([1]));
    expect(hits).toEqual({ a: 1, b: 2 });
  });
});
