// The portal talks to the same JSON API as every other client, with the key the person signed in with.
const KeyName = 'knowledgehub.apiKey';

export const session = {
  get key() { return localStorage.getItem(KeyName); },
  set key(value) { if (value) localStorage.setItem(KeyName, value); else localStorage.removeItem(KeyName); },
};

/** Raised for any non-2xx answer; `status` and the ProblemDetails text let the caller say what went wrong. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
  }
}

const listeners = new Set();

/** Called with the ApiError of every 401, so the page can drop the key and ask for another one. */
export function onUnauthorized(listener) { listeners.add(listener); }

function headers(extra = {}) {
  const key = session.key;
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function toError(response) {
  let title = response.statusText;
  let detail = '';
  try {
    const problem = await response.json();
    title = problem.title || title;
    detail = problem.detail || '';
  } catch {
    // Not a ProblemDetails body (a proxy, a crash page): the status line is all there is.
  }
  return failure(response.status, title, detail);
}

function failure(status, title, detail) {
  const error = new ApiError(status, title, detail);
  if (status === 401) listeners.forEach((listener) => listener(error));
  return error;
}

/** Explains a failed call in words; 401 and 403 get their own sentences because the fix is a different key. */
export function describe(error) {
  if (!(error instanceof ApiError)) return `The server could not be reached (${error.message}).`;
  if (error.status === 401) return `The API key was not accepted (401${error.message ? `: ${error.message}` : ''}). Sign in with a valid key.`;
  if (error.status === 403) return `This key is not allowed to do that (403${error.message ? `: ${error.message}` : ''}). Use a key with the right role or tenant.`;
  return `${error.title || 'Error'} (${error.status})${error.message && error.message !== error.title ? `: ${error.message}` : ''}`;
}

export async function getJson(path) {
  const response = await fetch(path, { headers: headers({ Accept: 'application/json' }) });
  if (!response.ok) throw await toError(response);
  return response.json();
}

export async function send(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await toError(response);
  return response.status === 204 ? null : response.json();
}

/** Uploads one file with XMLHttpRequest, the only browser API that reports upload progress. */
export function upload(file, collection, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/documents');
    for (const [name, value] of Object.entries(headers({ Accept: 'application/json' }))) request.setRequestHeader(name, value);
    request.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    request.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch { /* an empty or non-JSON body */ }
      if (request.status >= 200 && request.status < 300) resolve(body);
      else reject(failure(request.status, body?.title || request.statusText, body?.detail || ''));
    });
    request.addEventListener('error', () => reject(new Error('network error during upload')));
    const form = new FormData();
    form.append('file', file, file.name);
    if (collection) form.append('collection', collection);
    request.send(form);
  });
}

/** POSTs and reads a Server-Sent Events answer; calls onEvent(name, data) for each event. */
export async function stream(path, body, onEvent, signal) {
  const response = await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await toError(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value ?? new Uint8Array(), { stream: !done });
    buffer = buffer.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
    if (done) break;
  }
  if (buffer.trim()) dispatch(buffer, onEvent);
}

function dispatch(block, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return;
  const text = data.join('\n');
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = text; }
  onEvent(name, parsed);
}
