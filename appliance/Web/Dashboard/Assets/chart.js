// A small time-series line chart as inline SVG (no library, no inline style: colours come from style.css classes).
// The points' gaps (a missing sample, an hour the machine was off) break the line instead of bridging it, and the
// figure carries a text summary, so the numbers are readable without the picture.

const svgNs = 'http://www.w3.org/2000/svg';

function node(tag, attrs = {}, text) {
  const n = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) {
    n.setAttribute(k, String(v));
  }
  if (text !== undefined) {
    n.textContent = text;
  }
  return n;
}

/**
 * Pure: the SVG path for `series` ([{ t, v }], t in ms, v a number or null) inside width × height, scaled to
 * [from, to] × [0, max]. A gap longer than `gapMs` between two samples, or a null value, lifts the pen.
 */
export function linePath(series, { width, height, from, to, max, gapMs }) {
  const span = Math.max(1, to - from);
  const scale = max > 0 ? height / max : 0;
  let d = '';
  let last = null;
  for (const { t, v } of series) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      last = null;
      continue;
    }
    const x = (((t - from) / span) * width).toFixed(1);
    const y = (height - Math.min(v, max) * scale).toFixed(1);
    const pen = last !== null && t - last <= gapMs;
    d += `${pen ? 'L' : 'M'}${x} ${y} `;
    last = t;
  }
  return d.trim();
}

/** A "nice" axis top at or above `value`: 1, 2 or 5 times a power of ten. */
export function niceMax(value) {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) {
      return step * power;
    }
  }
  return 10 * power;
}

/**
 * A <figure> with a titled line chart. `series`: [{ t, v }]; `format(v)` renders a value; `max` fixes the axis
 * top (100 for percentages), else it is the series' nice maximum.
 */
export function lineChart(series, { title, format, max, from, to, gapMs, id }) {
  const width = 600;
  const height = 120;
  const values = series.map((p) => p.v).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const top = max ?? niceMax(values.length ? Math.max(...values) : 0);
  const svg = node('svg', { viewBox: `0 0 ${width} ${height + 18}`, class: 'chart', role: 'img'});
  const summary = values.length
    ? `${title}: now ${format(values[values.length - 1])}, lowest ${format(Math.min(...values))}, highest ${format(Math.max(...values))}`
    : `${title}: no samples`;
  svg.setAttribute('aria-label', summary);
  svg.append(node('title', {}, summary));
  for (const f of [0, 0.5, 1]) {
    svg.append(node('line', { x1: 0, x2: width, y1: height * f, y2: height * f, class: 'chart-grid' }));
  }
  svg.append(node('path', { d: linePath(series, { width, height, from, to, max: top, gapMs }), class: 'chart-line' }));
  // A sample with no neighbour draws no line: mark the last one, so a fresh machine's first sample shows.
  const last = [...series].reverse().find((p) => typeof p.v === 'number' && Number.isFinite(p.v));
  if (last) {
    const span = Math.max(1, to - from);
    svg.append(node('circle', { cx: (((last.t - from) / span) * width).toFixed(1), cy: (height - Math.min(last.v, top) * (top > 0 ? height / top : 0)).toFixed(1), r: 3, class: 'chart-dot' }));
  }
  const fmtTime = (t) => new Date(t).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  svg.append(node('text', { x: 2, y: height + 14, class: 'chart-label' }, fmtTime(from)));
  svg.append(node('text', { x: width - 2, y: height + 14, class: 'chart-label', 'text-anchor': 'end' }, fmtTime(to)));
  const figure = document.createElement('figure');
  figure.className = 'chart-figure';
  if (id) {
    figure.id = id;
  }
  const caption = document.createElement('figcaption');
  const name = document.createElement('strong');
  name.textContent = title;
  const scale = document.createElement('span');
  scale.className = 'notice';
  scale.textContent = ` (axis top ${format(top)})`;
  const now = document.createElement('span');
  now.className = 'chart-now';
  now.textContent = values.length ? ` now ${format(values[values.length - 1])}` : ' no samples';
  caption.append(name, now, scale);
  figure.append(caption, svg);
  return figure;
}
