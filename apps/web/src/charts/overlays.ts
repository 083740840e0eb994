/**
 * uPlot plugins for the activation chart: shaded x-intervals (the vanishing region, where the
 * derivative is near 0) and marked points with their values (f at x = −2, 0, 2).
 */
import type uPlot from 'uplot';

/** Shades each [from, to] interval of x across the plot, under the lines. */
export function shadeX(intervals: () => ReadonlyArray<readonly [number, number]>, fill = 'rgba(255, 160, 0, 0.15)'): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u: uPlot) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.fillStyle = fill;
        for (const [a, b] of intervals()) {
          const x0 = u.valToPos(a, 'x', true);
          const x1 = u.valToPos(b, 'x', true);
          ctx.fillRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
        }
        ctx.restore();
      },
    },
  };
}

/** A marked point: a dot at (x, y) with a label. */
export interface Mark {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

/** Draws each mark as a dot with its label, over the lines. */
export function markPoints(marks: () => readonly Mark[], color = '#111'): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { ctx } = u;
        const px = devicePixelRatio || 1;
        ctx.save();
        ctx.fillStyle = color;
        ctx.font = `${12 * px}px system-ui, sans-serif`;
        for (const m of marks()) {
          if (!Number.isFinite(m.y)) continue;
          const cx = u.valToPos(m.x, 'x', true);
          const cy = u.valToPos(m.y, 'y', true);
          ctx.beginPath();
          ctx.arc(cx, cy, 4 * px, 0, 2 * Math.PI);
          ctx.fill();
          ctx.fillText(m.label, cx + 6 * px, cy - 6 * px);
        }
        ctx.restore();
      },
    },
  };
}
