import type { Curve } from './curve.js';

const Y_COLOR = '#1565c0';
const DY_COLOR = '#c62828';

/** Draws axes, y and dy of `c` on the canvas, scaled to fit both (finite values only). */
export function plot(canvas: HTMLCanvasElement, c: Curve): void {
  const g = canvas.getContext('2d');
  if (g === null) throw new Error('no 2d canvas context');
  const { width: w, height: h } = canvas;
  const pad = 24;
  let lo = -1;
  let hi = 1;
  for (const arr of [c.y, c.dy]) {
    for (const v of arr) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  const x0 = c.x[0] as number;
  const x1 = c.x[c.x.length - 1] as number;
  const px = (x: number): number => pad + ((x - x0) / (x1 - x0)) * (w - 2 * pad);
  const py = (y: number): number => h - pad - ((y - lo) / (hi - lo)) * (h - 2 * pad);
  g.clearRect(0, 0, w, h);
  g.strokeStyle = '#999';
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(pad, py(0));
  g.lineTo(w - pad, py(0));
  g.moveTo(px(0), pad);
  g.lineTo(px(0), h - pad);
  g.stroke();
  g.fillStyle = '#666';
  g.fillText(hi.toPrecision(3), px(0) + 4, pad + 10);
  g.fillText(lo.toPrecision(3), px(0) + 4, h - pad - 2);
  g.fillText(String(x0), pad, h - 6);
  g.fillText(String(x1), w - pad - 8, h - 6);
  line(g, c.x, c.y, px, py, Y_COLOR);
  line(g, c.x, c.dy, px, py, DY_COLOR);
}

function line(
  g: CanvasRenderingContext2D,
  xs: Float64Array,
  ys: Float64Array,
  px: (x: number) => number,
  py: (y: number) => number,
  color: string,
): void {
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  let pen = false;
  for (let i = 0; i < ys.length; i++) {
    const v = ys[i] as number;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    if (pen) g.lineTo(px(xs[i] as number), py(v));
    else g.moveTo(px(xs[i] as number), py(v));
    pen = true;
  }
  g.stroke();
}
