// The System page's UPS card, from GET /api/v1/system's `ups`: battery, voltage, current, on battery or charging and
// the estimate the chip gives; "No UPS HAT detected" without one. machine.js calls renderUps with each reading.

import { el } from './ui.js';

const $ = (id) => document.getElementById(id);
const num = (v) => typeof v === 'number' && Number.isFinite(v);

/** Pure: the card's facts as [term, text, key] rows, or null when there is no UPS. */
export function upsFacts(u) {
  if (!u || !u.present) {
    return null;
  }
  const rows = [['Battery', num(u.battery_percent) ? `${u.battery_percent.toFixed(0)} %` : '—', 'battery']];
  let power = 'unknown';
  if (u.on_battery === true) {
    power = 'on battery';
  } else if (u.on_battery === false) {
    power = num(u.current_a) && u.current_a > 0 ? 'on mains, charging' : 'on mains';
  }
  rows.push(['Power', power, 'power']);
  rows.push(['Voltage', num(u.voltage_v) ? `${u.voltage_v.toFixed(2)} V` : '—', 'voltage']);
  rows.push(['Current', num(u.current_a) ? `${u.current_a.toFixed(2)} A` : '—', 'current']);
  if (u.on_battery === true) {
    rows.push(['Time left', num(u.estimated_minutes) ? `about ${Math.round(u.estimated_minutes)} min` : 'unknown', 'minutes']);
  }
  rows.push(['Chip', [u.chip, u.source].filter(Boolean).join(' via ') || '—', 'chip']);
  return rows;
}

export function renderUps(u) {
  const rows = upsFacts(u);
  $('ups-absent').hidden = rows !== null;
  $('ups').hidden = rows === null;
  const warn = (key) => (key === 'power' && u.on_battery ? 'warn' : '');
  $('ups').replaceChildren(...(rows || []).flatMap(([term, text, key]) =>
    [el('dt', { text: term }), el('dd', { text, class: warn(key), dataset: { ups: key } })]));
}
