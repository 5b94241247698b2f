// The REST API as the page uses it. The API key lives in this tab's sessionStorage only: it is
// sent as an Authorization header on fetch calls and never as a cookie, so a page navigation or a
// request another site makes carries no key, and retry or cancel cannot be forged cross-site.

const KEY = 'taskfleet.api-key';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An answer other than 2xx: its status and the problem document (RFC 9457) the API sent. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API with the tab's key; throws ApiError for a non-2xx answer. */
export async function call(path, { method = 'GET', body, contentType, accept = 'application/json', signal, key } = {}) {
  const headers = { Accept: accept + ', application/problem+json', Authorization: 'Bearer ' + (key ?? session.key()) };
  if (contentType) {
    headers['Content-Type'] = contentType;
  }
  const response = await fetch(path, { method, headers, body, signal, cache: 'no-store', credentials: 'omit' });
  if (!response.ok) {
    let problem;
    try {
      problem = await response.json();
    } catch {
      problem = { status: response.status, title: response.statusText || 'HTTP ' + response.status };
    }
    if (response.status === 401 && key === undefined) {
      // The key stopped working (revoked, or the producer's keys changed): ask for it again.
      window.dispatchEvent(new CustomEvent('taskfleet:unauthorized'));
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function json(path, options) {
  return (await call(path, options)).json();
}

/** An NDJSON answer as an array of objects. */
export async function ndjson(path, options) {
  const text = await (await call(path, { ...options, accept: 'application/x-ndjson' })).text();
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
}

/**
 * Follows a server-sent event stream with fetch, because EventSource cannot send the
 * Authorization header (and a key in the URL would end up in logs). Calls onEvent(name, data) per
 * event; resolves when the server ends the stream, rejects when the signal aborts it.
 */
export async function follow(path, onEvent, signal) {
  const response = await call(path, { accept: 'text/event-stream', signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let boundary;
    while ((boundary = /\r?\n\r?\n/.exec(buffer)) !== null) {
      const block = buffer.slice(0, boundary.index);
      buffer = buffer.slice(boundary.index + boundary[0].length);
      dispatch(block, onEvent);
    }
  }
}

function dispatch(block, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('event:')) {
      name = line.slice(6).trim();
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }
  if (data.length > 0) {
    onEvent(name, JSON.parse(data.join('\n')));
  }
}

export const paths = {
  batches: (query) => '/api/v1/batches' + (query ? '?' + new URLSearchParams(query) : ''),
  batch: (id) => '/api/v1/batches/' + encodeURIComponent(id),
  events: (id) => paths.batch(id) + '/events',
  results: (id, query) => paths.batch(id) + '/results' + (query ? '?' + new URLSearchParams(query) : ''),
  timeline: (id) => paths.batch(id) + '/timeline',
  task: (id, taskId) => paths.batch(id) + '/tasks/' + encodeURIComponent(taskId),
  retry: (id) => paths.batch(id) + '/retry',
  cancel: (id) => paths.batch(id) + '/cancel',
  preview: () => '/api/v1/routing/preview',
};

/** The media type of a batch file, by its name: JSON for .json, one task per line otherwise. */
export function batchMediaType(fileName) {
  return /\.json$/i.test(fileName) ? 'application/json' : 'application/x-ndjson';
}
