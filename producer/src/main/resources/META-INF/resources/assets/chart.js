// Completions over time per tier: cumulative finished tasks, from the timeline endpoint when the
// batch is opened, then extended by each live progress event. uPlot is served by the producer from
// its webjar; it draws on a canvas, so the figure also carries the numbers as its accessible name.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { el } from './dom.js';
import { tierRows } from './progress.js';

const COLOURS = ['#1b6ac9', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e'];

export class CompletionChart {
  constructor(container) {
    this.container = container;
    this.series = new Map(); // tier -> [[seconds, cumulative], ...]
    this.plot = null;
  }

  /** Starts over from a CompletionTimeline. */
  load(timeline) {
    this.series.clear();
    const start = timeline.start ? Date.parse(timeline.start) / 1000 : null;
    for (const [tier, buckets] of Object.entries(timeline.completed)) {
      const points = [];
      if (start !== null) {
        let total = 0;
        points.push([start, 0]);
        buckets.forEach((n, i) => {
          total += n;
          points.push([start + (i + 1) * timeline.bucketSeconds, total]);
        });
      }
      this.series.set(tier, points);
    }
    this.draw();
  }

  /** Adds the finished counts of a progress event at the time of its latest result. */
  extend(status) {
    if (!status.lastResultAt) {
      return;
    }
    const at = Date.parse(status.lastResultAt) / 1000;
    for (const row of tierRows(status)) {
      const points = this.series.get(row.tier) ?? [];
      const last = points[points.length - 1];
      if (!last || at > last[0] || row.finished !== last[1]) {
        points.push([Math.max(at, last ? last[0] : at), row.finished]);
      }
      this.series.set(row.tier, points);
    }
    this.draw();
  }

  draw() {
    const tiers = [...this.series.keys()];
    const times = [...new Set(tiers.flatMap((t) => this.series.get(t).map((p) => p[0])))].sort((a, b) => a - b);
    const label = 'Completions over time per tier: ' + tiers.map((t) => {
      const points = this.series.get(t);
      return t + ' ' + (points.length ? points[points.length - 1][1] : 0);
    }).join(', ');
    this.container.setAttribute('aria-label', label);
    if (times.length < 2) {
      this.container.replaceChildren(el('p', { class: 'help' }, 'The chart starts with the first results.'));
      this.plot = null;
      return;
    }
    // Each tier's cumulative count carried forward to every time on the axis.
    const data = [times, ...tiers.map((t) => {
      const points = this.series.get(t);
      let j = -1;
      return times.map((x) => {
        while (j + 1 < points.length && points[j + 1][0] <= x) {
          j++;
        }
        return j < 0 ? 0 : points[j][1];
      });
    })];
    const options = {
      width: Math.max(320, this.container.clientWidth || 640),
      height: 240,
      series: [{}, ...tiers.map((t, i) => ({ label: t, stroke: COLOURS[i % COLOURS.length], width: 2 }))],
      axes: [{}, { label: 'finished tasks' }],
    };
    if (this.plot && this.plot.series.length === data.length) {
      this.plot.setData(data);
    } else {
      this.plot?.destroy();
      this.container.replaceChildren();
      this.plot = new uPlot(options, data, this.container);
    }
  }

  destroy() {
    this.plot?.destroy();
  }
}
