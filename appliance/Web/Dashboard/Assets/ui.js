// Small UI helpers every dashboard page shares: building elements without innerHTML (so no API text is ever
// parsed as markup), a copy button, relative times, status badges, byte sizes and an SVG sparkline.

/**
 * Creates an element. `props`: `class`, `text`, `dataset`, `attrs` (setAttribute), `on` ({event: handler}),
 * anything else is assigned as a property (id, type, href, hidden, value, …). Children may be strings.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'attrs') {
      for (const [name, v] of Object.entries(value)) {
        node.setAttribute(name, v);
      }
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else {
      node[key] = value;
    }
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/**
 * Copies text. The Clipboard API exists only in secure contexts (https, localhost); on http://hiy.local the
 * old execCommand path through a hidden textarea still works.
 */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // denied (no permission, not focused): try the old way below
    }
  }
  const area = el('textarea', { value: text, attrs: { readonly: '', 'aria-hidden': 'true' }, class: 'offscreen' });
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/**
 * A "Copy" button for the text `source()` returns (a function, so a value revealed later is what gets copied).
 * It says "Copied" (or why not) for a moment, through a live region screen readers announce.
 */
export function copyButton(source, label = 'Copy') {
  const status = el('span', { class: 'copy-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const button = el('button', {
    type: 'button',
    class: 'quiet small copy',
    text: label,
    on: {
      click: async () => {
        const text = typeof source === 'function' ? await source() : source;
        const ok = text ? await copyText(text) : false;
        status.textContent = ok ? 'Copied' : 'Select the text and copy it';
        setTimeout(() => { status.textContent = ''; }, 2500);
      },
    },
  });
  return el('span', { class: 'copy-wrap' }, button, status);
}

/** A read-only line of code with a copy button: `git remote add …`, a URL, a DNS record. */
export function codeLine(text, { id, label } = {}) {
  const code = el('code', { class: 'code-line', text, id });
  return el('div', { class: 'code-row' }, code, copyButton(() => code.textContent, label));
}

const units = [['year', 31536e6], ['month', 2592e6], ['week', 6048e5], ['day', 864e5], ['hour', 36e5], ['minute', 6e4], ['second', 1e3]];
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago", "in 2 days"; now is a parameter so a page can render a whole table against one clock. */
export function relativeTime(at, now = Date.now()) {
  if (!at) {
    return '';
  }
  const diff = new Date(at).getTime() - now;
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms || unit === 'second') {
      return relative.format(Math.round(diff / ms), unit);
    }
  }
  return '';
}

/** A <time> with the relative text and the exact local time as its tooltip. */
export function timeEl(at, now) {
  if (!at) {
    return el('span', { class: 'notice', text: '—' });
  }
  const d = new Date(at);
  return el('time', { dateTime: d.toISOString(), title: d.toLocaleString(), text: relativeTime(at, now) });
}

/** Which colour a status gets: good, busy, idle or bad. Covers app, deploy and certificate states. */
export function statusTone(status) {
  switch (status) {
    case 'running': case 'succeeded': case 'issued': case 'ok': return 'good';
    case 'building': case 'deploying': case 'queued': case 'pending': case 'starting': return 'busy';
    case 'crashed': case 'failed': case 'canceled': case 'error': return 'bad';
    default: return 'idle'; // created, stopped, unknown
  }
}

/** A status badge: its text is the status itself, so colour is never the only signal. */
export function badge(status) {
  return el('span', { class: `badge badge-${statusTone(status)}`, text: status || 'unknown', dataset: { status: status || '' } });
}

/** 1536 → "1.5 KiB"; null → "—". */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) {
    return '—';
  }
  const steps = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < steps.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(i === 0 || value >= 100 ? 0 : 1)} ${steps[i]}`;
}

const svgNs = 'http://www.w3.org/2000/svg';

/**
 * A sparkline of `values` (numbers; null breaks the line) as an inline SVG with a text alternative:
 * `label` names the series and the last value, for screen readers and for the tooltip.
 */
export function sparkline(values, { width = 160, height = 32, label = '', max } = {}) {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const title = document.createElementNS(svgNs, 'title');
  title.textContent = label;
  svg.append(title);
  const numbers = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length < 2) {
    return svg;
  }
  const top = max ?? Math.max(...numbers);
  const scale = top > 0 ? (height - 2) / top : 0;
  const step = width / (values.length - 1);
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - 1 - v * scale).toFixed(1);
    d += `${pen ? 'L' : 'M'}${x} ${y} `;
    pen = true;
  });
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', d.trim());
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.5');
  svg.append(path);
  return svg;
}

/** The origin the browser reached hiy on (what `git remote add` and webhook URLs should use). */
export function origin() {
  return window.location.origin;
}
