// The app page's live log tail: the last 500 lines, then new ones as Server-Sent Events; pause holds new lines
// back (still received, so resume shows them), stderr lines are marked in text as well as colour.

import { el } from './ui.js';

const $ = (id) => document.getElementById(id);
export const maxLines = 500;
const lineShape = /^(\S+) \[(stdout|stderr|system)\] ?(.*)$/s;

let source = null;
let paused = false;
let held = [];
let lastId = 0;
let wired = false;

/** Splits a logs-API line ("<time> [stderr] text") into its parts; a line of another shape is all text. */
export function parseLogLine(data) {
  const m = lineShape.exec(data);
  return m ? { time: m[1], stream: m[2], text: m[3] } : { time: '', stream: 'stdout', text: data };
}

function lineElement(line) {
  const time = line.time ? new Date(line.time) : null;
  return el('span', { class: `log-line log-${line.stream}`, dataset: { stream: line.stream } },
    el('span', { class: 'log-time', text: time && !Number.isNaN(time.getTime()) ? `${time.toLocaleTimeString()} ` : '' }),
    line.stream === 'stdout' ? null : el('span', { class: 'log-stream', text: line.stream === 'stderr' ? 'err ' : 'sys ' }),
    el('span', { class: 'log-text', text: line.text }),
    '\n');
}

function append(lines) {
  const box = $('app-logs');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
  box.append(...lines.map(lineElement));
  while (box.childElementCount > maxLines) {
    box.firstElementChild.remove();
  }
  if (atBottom) {
    box.scrollTop = box.scrollHeight;
  }
}

function setState(text) {
  $('app-logs-state').textContent = text;
}

function togglePause() {
  paused = !paused;
  const button = $('app-logs-pause');
  button.textContent = paused ? 'Resume' : 'Pause';
  button.setAttribute('aria-pressed', String(paused));
  if (!paused && held.length > 0) {
    append(held);
    held = [];
  }
  setState(paused ? 'Paused: new lines are held until you resume.' : 'Following.');
}

/** Opens the tail of `app` (closing any other). */
export function startLogs(app) {
  if (!wired) {
    wired = true;
    $('app-logs-pause').addEventListener('click', togglePause);
    $('app-logs-clear').addEventListener('click', () => $('app-logs').replaceChildren());
  }
  stopLogs();
  $('app-logs').replaceChildren();
  setState('Connecting…');
  source = new EventSource(`/api/v1/apps/${encodeURIComponent(app)}/logs?tail=${maxLines}&follow=true`);
  source.onopen = () => setState(paused ? 'Paused: new lines are held until you resume.' : 'Following.');
  source.onerror = () => setState('The log stream dropped; reconnecting…');
  source.onmessage = (event) => {
    // A reconnect sends the tail again: skip what was already shown.
    const id = Number(event.lastEventId);
    if (id && id <= lastId) {
      return;
    }
    if (id) {
      lastId = id;
    }
    const line = parseLogLine(event.data);
    if (paused) {
      held.push(line);
      if (held.length > maxLines) {
        held.shift();
      }
    } else {
      append([line]);
    }
  };
}

export function stopLogs() {
  if (source) {
    source.close();
    source = null;
  }
  held = [];
  lastId = 0;
}
