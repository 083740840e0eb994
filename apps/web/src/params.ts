/**
 * Parameters the playground passes: every activation runs with PyTorch's defaults, except
 * Threshold, which has none in PyTorch (`torch.nn.Threshold(threshold, value)`).
 */
export function playgroundParams(name: string): Record<string, unknown> {
  return name === 'threshold' ? { threshold: 1, value: -1 } : {};
}
