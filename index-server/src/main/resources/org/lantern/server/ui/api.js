// The /v1 API as the page uses it: the key lives in this tab's session storage and goes out as a
// Bearer header on same-origin requests only. No cookie is ever set or sent (credentials: 'omit').

const KEY = 'lantern.apiKey';

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY);
}

export function rememberKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

let onUnauthorized = () => {};

/** What to do when the server says the key is no longer good (401). */
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

/**
 * Calls the API. body: an object (sent as JSON) or a Blob/File (sent raw with its type).
 * Resolves to the parsed JSON answer; rejects with ApiError carrying the server's error fields.
 */
export async function api(method, path, body, key = storedKey()) {
  const headers = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: payload, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', `the server could not be reached (${e.message})`, null);
  }
  const type = response.headers.get('content-type') || '';
  const answer = type.startsWith('application/json') ? await response.json() : null;
  if (!response.ok) {
    const err = answer && answer.error ? answer.error : {};
    if (response.status === 401 && key) onUnauthorized();
    throw new ApiError(response.status, err.code || 'http_' + response.status,
      err.message || `HTTP ${response.status}`, err.field || null);
  }
  return answer;
}

/** Builds a query string from the set, non-empty entries of params. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
