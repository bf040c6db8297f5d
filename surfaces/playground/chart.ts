// The chart over the fault timeline (uPlot): flows routed, dropped and rejected, and the
// cross-zone bytes, at every step; the step shown is marked.
import uPlot from 'uplot';
import type { Step } from '../../emulator/document.js';

export class TimelineChart {
  private plot: uPlot | null = null;
  private key = '';
  /** The step shown, marked by a vertical line (drawn by the plot's draw hook). */
  private current = 0;

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    this.key = '';
  }

  draw(steps: readonly Step[], current: number, parent: HTMLElement): void {
    const moved = current !== this.current;
    this.current = current;
    const data: uPlot.AlignedData = [
      steps.map((s) => s.atMs / 1000),
      steps.map((s) => s.summary.route),
      steps.map((s) => s.summary.drop),
      steps.map((s) => s.summary.reject),
      steps.map((s) => s.summary.bytesPerSecond.crossZone / 1024),
    ];
    const key = JSON.stringify(data);
    const width = Math.max(280, parent.clientWidth - 8);
    if (!this.plot || key !== this.key || Math.abs(this.plot.width - width) > 4) {
      this.clear();
      this.key = key;
      this.plot = new uPlot(
        {
          width,
          height: 150,
          title: 'Over the timeline (seconds)',
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false } },
          series: [
            { label: 't (s)' },
            { label: 'routed', stroke: '#2f7d32', width: 2, paths: uPlot.paths.stepped!({ align: 1 }) },
            { label: 'dropped', stroke: '#c62828', width: 2, dash: [6, 3], paths: uPlot.paths.stepped!({ align: 1 }) },
            { label: 'rejected', stroke: '#6a1b9a', width: 2, dash: [2, 3], paths: uPlot.paths.stepped!({ align: 1 }) },
            { label: 'cross-zone KiB/s', stroke: '#e65100', width: 1.5, scale: 'bytes', paths: uPlot.paths.stepped!({ align: 1 }) },
          ],
          axes: [{}, { label: 'flows' }, { side: 1, scale: 'bytes', label: 'KiB/s', grid: { show: false } }],
          hooks: {
            draw: [
              (u) => {
                const x = u.valToPos(u.data[0][this.current] ?? 0, 'x', true);
                const ctx = u.ctx;
                ctx.save();
                ctx.strokeStyle = '#1d4ed8';
                ctx.lineWidth = 2 * devicePixelRatio;
                ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
                ctx.restore();
              },
            ],
          },
        },
        data,
        parent,
      );
    } else if (moved) this.plot.redraw(false, false);
  }
}
