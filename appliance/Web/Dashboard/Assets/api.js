// The dashboard's one way to call /api/v1: same-origin fetch with the session cookie, the CSRF token on
// every unsafe request, and every failure turned into an ApiError that carries the problem's detail.

let csrfToken = null;
let unauthorizedHandler = null;

export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called with the error when a signed-in call answers 401 (the session ran out or was signed out). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export class ApiError extends Error {
  constructor(status, title, detail, errors) {
    super(title ? `${title}: ${detail}` : detail);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors || null;
  }
}

/**
 * Calls the API. `json` sends a JSON body, `text` a text/plain one, `body` anything else (a File) as octet-stream.
 * Resolves to the parsed JSON (null for 204), or with `withResponse` to `{ data, status, headers }`; rejects with an ApiError.
 */
export async function api(method, path, { json, text, body, quiet401 = false, withResponse = false } = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  } else if (text !== undefined) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    payload = text;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/octet-stream';
    payload = body;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'No answer', `hiy did not answer ${method} ${path} (${e.message}); is the appliance up?`);
  }
  const type = response.headers.get('Content-Type') || '';
  if (response.ok) {
    const data = response.status === 204 ? null : await (type.includes('json') ? response.json() : response.text());
    return withResponse ? { data, status: response.status, headers: response.headers } : data;
  }
  let error;
  if (type.includes('json')) {
    const problem = await response.json().catch(() => null);
    error = problem
      ? new ApiError(response.status, problem.title || `HTTP ${response.status}`, problem.detail || `${method} ${path} failed`, problem.errors)
      : new ApiError(response.status, `HTTP ${response.status}`, `${method} ${path} answered an unreadable problem`);
  } else {
    const text = (await response.text().catch(() => '')).trim();
    error = new ApiError(response.status, `HTTP ${response.status}`, text || `${method} ${path} failed with ${response.statusText || response.status}`);
  }
  if (response.status === 401 && !quiet401 && unauthorizedHandler) {
    unauthorizedHandler(error);
  }
  throw error;
}

/** Shows an error's text in `element` (a role=alert paragraph), or hides it for null. */
export function showError(element, error) {
  if (!error) {
    element.textContent = '';
    element.hidden = true;
    return;
  }
  element.textContent = error instanceof ApiError ? error.message : `Unexpected error: ${error.message || error}`;
  element.hidden = false;
}

/**
 * A page's list read: the newest call wins, a stopped page (`isRunning()` false) ignores its answer, and an error other
 * than 401 (which signs out) shows in `errorElement()`. `load.cancel()` drops the answers of calls in flight.
 */
export function listLoader(path, isRunning, errorElement, render) {
  let generation = 0;
  const load = async () => {
    const mine = ++generation;
    try {
      const list = await api('GET', path);
      if (isRunning() && mine === generation) {
        render(list);
        showError(errorElement(), null);
      }
    } catch (e) {
      if (isRunning() && e.status !== 401) {
        showError(errorElement(), e);
      }
    }
  };
  load.cancel = () => { generation++; };
  return load;
}

/** Runs a row's action with its button disabled; its error shows in `errorElement`, then `then()` runs either way. */
export async function rowAction(button, errorElement, action, then) {
  button.disabled = true;
  showError(errorElement, null);
  try {
    await action();
  } catch (e) {
    showError(errorElement, e);
  } finally {
    button.disabled = false;
    await then();
  }
}
