// What the welcome page and the app page share about pushing: issuing a named token, the remote line, the webhook URL.

import { api } from './api.js';
import { origin } from './ui.js';

/** The app's git URL: the API's `git_url` when it has one, else this origin's /git/<app>.git. */
export function gitUrl(app) {
  return app.git_url || `${origin()}/git/${encodeURIComponent(app.name)}.git`;
}

/** `git remote add hiy http://hiy:<token>@host/git/<app>.git` (token null: a placeholder the user replaces). */
export function remoteLine(app, token) {
  const url = new URL(gitUrl(app));
  url.username = 'hiy';
  url.password = token || 'TOKEN';
  return `git remote add hiy ${url.href}`;
}

/** `git push hiy main` for the app's deploy branch (HEAD pushed to it, so any local branch name works). */
export function pushLine(app) {
  const branch = app.branch || 'main';
  return branch === 'main' ? 'git push hiy main' : `git push hiy HEAD:${branch}`;
}

/**
 * Issues an API token named `name` with the admin password. A hiy without token names (older than the
 * api's token routes) refuses the field; it then gets an unnamed one rather than none.
 */
export async function issueToken(password, name) {
  try {
    return await api('POST', '/api/v1/auth/token', { json: { password, name }, quiet401: true });
  } catch (e) {
    if (e.status === 400 && /\bname\b/.test(e.detail || '')) {
      return { ...(await api('POST', '/api/v1/auth/token', { json: { password }, quiet401: true })), name: null };
    }
    throw e;
  }
}

/** The GitHub webhook URL: from the settings when hiy reports one, else this origin's /hooks/github. */
export async function webhookUrl() {
  try {
    const settings = await api('GET', '/api/v1/settings');
    if (settings && settings.github_webhook && settings.github_webhook.url) {
      return settings.github_webhook.url;
    }
  } catch (e) {
    if (e.status !== 404) {
      throw e;
    }
  }
  return `${origin()}/hooks/github`;
}
