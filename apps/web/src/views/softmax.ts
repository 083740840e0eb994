/**
 * The softmax view: type logits, see the probabilities, the effect of the temperature T
 * (softmax(z / T)), and of one huge logit: the naive formula exp(zᵢ) / Σ exp(zⱼ) overflows to
 * Infinity / Infinity = NaN, while @actkit/core's softmax subtracts the maximum first and stays
 * exact.
 *
 * Exposes `window.__actkit.softmax`: the logits, T, and both sets of probabilities.
 */
import { activate } from '@actkit/core';
import { $, exposed, h } from '../state.js';

/** The huge logit the checkbox adds: exp overflows float64 above 709.78, even at T = 5 (10000 / 5 = 2000). */
export const HUGE = 10000;

/** exp(zᵢ) / Σ exp(zⱼ), as a textbook writes it (no max subtracted). */
export function naiveSoftmax(z: readonly number[]): number[] {
  const e = z.map((v) => Math.exp(v));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Numbers in a comma- or space-separated list; anything else is an error naming it. */
export function parseLogits(text: string): number[] {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const out = parts.map((p) => Number(p));
  const bad = parts.filter((_, i) => !Number.isFinite(out[i]));
  if (bad.length > 0) throw new Error(`not a number: ${bad.join(', ')}`);
  if (out.length === 0) throw new Error('type at least one logit');
  return out;
}

export function mountSoftmax(root: HTMLElement): void {
  const input = $<HTMLInputElement>('#logits', root);
  const temp = $<HTMLInputElement>('#temperature', root);
  const tempOut = $<HTMLOutputElement>('#temperature-out', root);
  const huge = $<HTMLInputElement>('#huge', root);
  const body = $<HTMLTableSectionElement>('#softmax-table tbody', root);
  const note = $('#softmax-note', root);

  function draw(): void {
    let logits: number[];
    try {
      logits = parseLogits(input.value);
      input.removeAttribute('aria-invalid');
    } catch (e) {
      input.setAttribute('aria-invalid', 'true');
      note.textContent = (e as Error).message;
      return;
    }
    if (huge.checked) logits = [...logits, HUGE];
    const t = Number(temp.value);
    tempOut.textContent = t.toFixed(2);
    temp.setAttribute('aria-valuetext', t.toFixed(2));
    const z = logits.map((v) => v / t);
    const naive = naiveSoftmax(z);
    const stable = Array.from(activate('softmax', Float64Array.from(z)) as Float64Array);
    const bar = (p: number, cls: string): HTMLElement => {
      const b = h('span', { class: `bar ${cls}` });
      b.style.width = `${Number.isFinite(p) ? Math.max(0.5, 100 * p) : 0}%`;
      return b;
    };
    body.replaceChildren(...logits.map((l, i) => h('tr', {},
      h('td', {}, String(l)), h('td', {}, fmt(z[i] as number)),
      h('td', {}, fmt(naive[i] as number)), h('td', { class: 'barcell' }, bar(naive[i] as number, 'naive')),
      h('td', {}, fmt(stable[i] as number)), h('td', { class: 'barcell' }, bar(stable[i] as number, 'stable')))));
    const broken = naive.some((p) => !Number.isFinite(p));
    note.textContent = broken
      ? `The naive formula broke: exp(${fmt(Math.max(...z))}) overflows to Infinity (float64 overflows above 709.78), and Infinity / Infinity is NaN. ` +
        'actkit computes exp(zᵢ − max z) / Σ exp(zⱼ − max z): the same function, with every exponent ≤ 0.'
      : `T = ${t.toFixed(2)}: ${t < 1 ? 'below 1 sharpens the distribution towards the largest logit' : t > 1 ? 'above 1 flattens it towards uniform' : 'the plain softmax'}. ` +
        `Σ p = ${fmt(stable.reduce((a, b) => a + b, 0))}.`;
    exposed.softmax = { logits, temperature: t, naive, actkit: stable };
    document.body.dataset['softmax'] = broken ? 'naive-nan' : 'ok';
  }

  for (const el of [input, temp, huge]) el.addEventListener('input', draw);
  draw();
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}
