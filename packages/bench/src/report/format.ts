/** Number formatting for the report. */

/** `n` as a power of two when it is one: `2^20`; else the plain number. */
export function sizeLabel(n: number): string {
  const e = Math.log2(n);
  return Number.isInteger(e) && e >= 4 ? `2^${e}` : String(n);
}

/** Three significant digits, no exponent for ordinary magnitudes. */
export function sig3(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toString();
  if (a >= 0.01) return Number(v.toPrecision(3)).toString();
  return v.toExponential(1);
}

/** Elements/s as Melem/s. */
export const melem = (eps: number): string => sig3(eps / 1e6);

/** Elements/s as GB/s moved (4 bytes read + 4 written per element). */
export const gbps = (eps: number): string => sig3((eps * 8) / 1e9);

/** A ratio: `1.23×`. */
export const times = (q: number | undefined): string => (q === undefined ? '—' : `${q >= 10 ? q.toFixed(1) : q.toFixed(2)}×`);

/** An ulp count, capped for display. */
export function ulps(u: number): string {
  if (!Number.isFinite(u)) return String(u);
  if (u >= 1e6) return `${u.toExponential(1)}`;
  return u < 10 ? u.toFixed(2) : Math.round(u).toString();
}

/** A markdown table cell: pipes escaped, newlines flattened. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
