// The System page's machine half: GET /api/v1/system (board, uptime, CPU, memory, disk, SoC temperature, the
// firmware's throttling flags, the UPS card through ups.js, each app container, certificates) and GET /api/v1/system/history (the 24 h and 7 d
// charts). system.js owns the page and its timers; this module only reads and renders.

import { api, showError } from './api.js';
import { lineChart } from './chart.js';
import { el, formatBytes, timeEl } from './ui.js';
import { renderUps } from './ups.js';

const $ = (id) => document.getElementById(id);
let range = '24h';

/** 93784 → "1 d 2 h 3 min". */
export function formatUptime(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return '—';
  }
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [d ? `${d} d` : '', d || h ? `${h} h` : '', `${m} min`].filter(Boolean).join(' ');
}

const percent = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} %` : '—');
const celsius = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(1)} °C` : '—');

/** "1.2 GiB of 3.7 GiB (32 %)" from a used and a total. */
function share(used, total) {
  if (typeof used !== 'number' || typeof total !== 'number' || total <= 0) {
    return '—';
  }
  return `${formatBytes(used)} of ${formatBytes(total)} (${Math.round((used / total) * 100)} %)`;
}

function memoryText(m) {
  if (!m) {
    return '—';
  }
  const used = m.used_bytes ?? (m.total_bytes - m.available_bytes);
  return share(used, m.total_bytes);
}

function diskText(d) {
  if (!d) {
    return '—';
  }
  const used = d.used_bytes ?? (d.total_bytes - d.free_bytes);
  const free = d.free_bytes ?? (d.total_bytes - d.used_bytes);
  return `${share(used, d.total_bytes)}, ${formatBytes(free)} free`;
}

function loadText(load) {
  if (Array.isArray(load)) {
    return load.map((v) => v.toFixed(2)).join(' · ');
  }
  if (load && typeof load === 'object') {
    return Object.values(load).map((v) => (typeof v === 'number' ? v.toFixed(2) : String(v))).join(' · ');
  }
  return typeof load === 'number' ? load.toFixed(2) : '—';
}

/**
 * Pure: what the firmware's throttling bits say, worst first; null when this board cannot tell
 * (not a Pi, no vcgencmd). `_now` flags are happening, `_seen` ones happened since boot.
 */
export function throttlingText(t) {
  if (!t || !t.available) {
    return null;
  }
  const now = [];
  const seen = [];
  for (const [key, value] of Object.entries(t)) {
    if (value !== true) {
      continue;
    }
    const what = key.replace(/_(now|seen)$/, '').replaceAll('_', ' ');
    if (key.endsWith('_now')) {
      now.push(what);
    } else if (key.endsWith('_seen')) {
      seen.push(what);
    }
  }
  if (now.length === 0 && seen.length === 0) {
    return { bad: false, text: 'Power and temperature are fine: no under-voltage or throttling since boot.' };
  }
  const parts = [];
  if (now.length) {
    parts.push(`Now: ${now.join(', ')}.`);
  }
  if (seen.length) {
    parts.push(`Since boot: ${seen.join(', ')}.`);
  }
  if (now.includes('under voltage') || seen.includes('under voltage')) {
    parts.push('Use a stronger power supply (5 V, 3 A or more).');
  }
  return { bad: now.length > 0, text: parts.join(' ') };
}

function fact(term, value, key) {
  return [el('dt', { text: term }), el('dd', { text: value, dataset: { fact: key } })];
}

function renderMachine(s) {
  const facts = [
    ...fact('Board', s.board || 'unknown', 'board'),
    ...fact('Up', formatUptime(s.uptime_s), 'uptime'),
    ...fact('CPU', percent(s.cpu_percent), 'cpu'),
    ...fact('Load', loadText(s.load), 'load'),
    ...fact('Memory', memoryText(s.memory), 'memory'),
    ...fact('Disk', diskText(s.disk), 'disk'),
    ...fact('SoC temperature', celsius(s.soc_temp_c), 'temperature'),
  ];
  if (Array.isArray(s.addresses) && s.addresses.length) {
    facts.push(...fact('Addresses', s.addresses.map((a) => (typeof a === 'string' ? a : a.address || JSON.stringify(a))).join(', '), 'addresses'));
  }
  $('machine').replaceChildren(...facts);
  const throttle = throttlingText(s.throttling);
  const p = $('throttling');
  p.textContent = throttle ? throttle.text : 'This board does not report throttling or under-voltage.';
  p.className = throttle && throttle.bad ? 'error' : (throttle && /Since boot/.test(throttle.text) ? 'warn' : 'notice');
}

/** The disk card: how much is free, and while hiy refuses writes (507) what to do about it. */
function renderSpace(d) {
  if (!d) {
    return;
  }
  $('space-text').textContent = `${formatBytes(d.free_bytes)} free of ${formatBytes(d.total_bytes)} on ${d.path}.`;
  const full = $('space-full');
  full.hidden = !d.full;
  full.textContent = d.full
    ? `The data disk is full: hiy refuses changes until at least ${formatBytes(d.min_free_bytes)} is free. Free up space below, or delete old site versions on the Sites page.`
    : '';
}

function renderContainers(list) {
  const rows = (list || []).slice().sort((a, b) => a.app.localeCompare(b.app)).map((c) => el('tr', { dataset: { app: c.app } },
    el('td', {}, el('a', { href: `#/apps/${encodeURIComponent(c.app)}`, text: c.app })),
    el('td', { text: percent(c.cpu_percent), dataset: { label: 'CPU' } }),
    el('td', { text: formatBytes(c.memory_bytes), dataset: { label: 'Memory' } }),
    el('td', { text: c.memory_limit_bytes ? formatBytes(c.memory_limit_bytes) : 'none', dataset: { label: 'Limit' } })));
  $('containers-rows').replaceChildren(...rows);
  $('containers-table').hidden = rows.length === 0;
  $('containers-empty').hidden = rows.length > 0;
}

function renderCertificates(list) {
  const now = Date.now();
  const rows = (list || []).map((c) => {
    const days = c.expires_at ? (new Date(c.expires_at).getTime() - now) / 864e5 : null;
    const result = c.last_renewal_result || '—';
    return el('tr', { dataset: { domain: c.domain } },
      el('td', { class: 'mono', text: c.domain }),
      el('td', { class: days !== null && days < 14 ? 'warn' : '', dataset: { label: 'Expires' } }, timeEl(c.expires_at, now)),
      el('td', { dataset: { label: 'Renewed' } }, timeEl(c.last_renewal_at, now)),
      el('td', { text: result, dataset: { label: 'Result' }, class: /fail|error/i.test(result) ? 'state-failed' : '' }));
  });
  $('certs-rows').replaceChildren(...rows);
  $('certs-table').hidden = rows.length === 0;
  $('certs-empty').hidden = rows.length > 0;
}

/** Reads GET /api/v1/system and renders its cards; errors show in the machine card, never throw. */
export async function refreshMachine(isRunning) {
  try {
    const s = await api('GET', '/api/v1/system');
    if (!isRunning()) {
      return;
    }
    renderMachine(s);
    renderSpace(s.disk);
    renderUps(s.ups);
    renderContainers(s.containers);
    renderCertificates(s.certificates);
    showError($('machine-error'), null);
  } catch (e) {
    if (isRunning() && e.status !== 401) {
      showError($('machine-error'), e);
    }
  }
}

/** Reads the samples of the chosen range and draws one chart per measure. */
export async function refreshHistory(isRunning) {
  const asked = range;
  try {
    const h = await api('GET', `/api/v1/system/history?range=${asked}`);
    if (!isRunning() || asked !== range) {
      return;
    }
    const to = Date.now();
    const from = to - (asked === '7d' ? 7 * 864e5 : 864e5);
    const points = h.points.map((p) => ({ ...p, t: new Date(p.at).getTime() }));
    // The server averages its 5-minute samples into at most 300 buckets: a gap of more than 3 buckets is the machine being off.
    const step = points.length > 1 ? (points[points.length - 1].t - points[0].t) / (points.length - 1) : 6e4;
    const gapMs = Math.max(3 * step, 3 * 6e4);
    const series = (key) => points.map((p) => ({ t: p.t, v: p[key] }));
    $('history-empty').hidden = points.length > 0;
    $('history-charts').replaceChildren(...(points.length === 0 ? [] : [
      lineChart(series('cpu_percent'), { title: 'CPU', format: percent, max: 100, from, to, gapMs, id: 'chart-cpu' }),
      lineChart(series('memory_used_bytes'), { title: 'Memory used', format: formatBytes, from, to, gapMs, id: 'chart-memory' }),
      lineChart(series('disk_free_bytes'), { title: 'Disk free', format: formatBytes, from, to, gapMs, id: 'chart-disk' }),
      lineChart(series('soc_temp_c'), { title: 'SoC temperature', format: celsius, from, to, gapMs, id: 'chart-temperature' }),
    ]));
    showError($('history-error'), null);
  } catch (e) {
    if (isRunning() && e.status !== 401) {
      showError($('history-error'), e);
    }
  }
}

/** Wires the 24 h / 7 d buttons once; `onChange` redraws. */
export function wireHistory(onChange) {
  for (const button of document.querySelectorAll('#history-card [data-range]')) {
    button.addEventListener('click', () => {
      range = button.dataset.range;
      for (const b of document.querySelectorAll('#history-card [data-range]')) {
        const on = b.dataset.range === range;
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
        b.classList.toggle('quiet', !on);
      }
      onChange();
    });
  }
}
