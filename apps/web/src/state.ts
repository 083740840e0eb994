/**
 * What the page shows, as data, for tests and curious users: `window.__actkit`. Each view
 * writes its part (the plotted series, the frame meter's records, the training curves) whenever
 * it redraws, so a test can compare the plotted values with @actkit/core's own.
 */
export interface Exposed {
  activations?: unknown;
  throughput?: unknown;
  training?: unknown;
  softmax?: unknown;
}

const g = globalThis as unknown as { __actkit?: Exposed };

/** The page's exposed state (created on first use). */
export const exposed: Exposed = (g.__actkit ??= {});

/** `document.querySelector` that fails loudly when the page lacks the element. */
export function $<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T {
  const el = root.querySelector<T>(selector as never);
  if (el === null) throw new Error(`playground: no element ${selector}`);
  return el as T;
}

/** A new element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}
