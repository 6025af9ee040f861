// New app (#/new-app): POST /api/v1/apps with the fields filled in (the rest take the API's defaults); every
// field's error from the 422 shows next to its input, then the app's page opens.

import { api, showError } from './api.js';

const $ = (id) => document.getElementById(id);
const fields = ['name', 'port', 'repo_url', 'branch', 'memory_mb', 'cpus', 'health_path'];
const numbers = { port: parseInt, memory_mb: parseInt, cpus: parseFloat };
let wired = false;

/** Shows each field's message (or clears them all for null) next to the inputs under `form`, prefixed `prefix`. */
export function showFieldErrors(form, prefix, errors) {
  for (const span of form.querySelectorAll('[data-error-for]')) {
    const field = span.dataset.errorFor;
    const message = errors && errors[field];
    span.textContent = message ? `${field.replaceAll('_', ' ')} ${message}` : '';
    const input = $(`${prefix}${field}`);
    if (input) {
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
    }
  }
}

/** The form's non-empty values as the API's JSON (numbers as numbers); `errors` collects unreadable numbers. */
export function readFields(prefix, names, errors) {
  const body = {};
  for (const field of names) {
    const raw = $(`${prefix}${field}`).value.trim();
    if (!raw) {
      continue;
    }
    if (numbers[field]) {
      const value = numbers[field](raw);
      if (Number.isNaN(value)) {
        errors[field] = 'must be a number';
        continue;
      }
      body[field] = value;
    } else {
      body[field] = raw;
    }
  }
  return body;
}

async function submit(event) {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector('button[type=submit]');
  showError($('new-app-error'), null);
  showFieldErrors(form, 'new-app-', null);
  const errors = {};
  const body = readFields('new-app-', fields, errors);
  if (!body.name) {
    errors.name = 'is required';
  }
  if (Object.keys(errors).length > 0) {
    showFieldErrors(form, 'new-app-', errors);
    return;
  }
  button.disabled = true;
  try {
    const app = await api('POST', '/api/v1/apps', { json: body });
    form.reset();
    window.location.hash = `#/apps/${encodeURIComponent(app.name)}`;
  } catch (e) {
    showFieldErrors(form, 'new-app-', e.errors);
    showError($('new-app-error'), e);
  } finally {
    button.disabled = false;
  }
}

export function startNewAppPage() {
  if (!wired) {
    wired = true;
    $('new-app-form').addEventListener('submit', submit);
  }
  showError($('new-app-error'), null);
  $('new-app-name').focus();
}

export function stopNewAppPage() {
  showFieldErrors($('new-app-form'), 'new-app-', null);
}
