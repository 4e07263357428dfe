// The admin API as the page uses it: the admin key (kept in sessionStorage, for this tab only),
// JSON calls with it, and the live event stream.

const STORAGE = 'wai-admin-key';

export class AuthRequired extends Error {}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function storedKey() {
  try {
    return sessionStorage.getItem(STORAGE);
  } catch {
    return null;
  }
}

export function storeKey(key) {
  if (key) sessionStorage.setItem(STORAGE, key);
  else sessionStorage.removeItem(STORAGE);
}

/** GET (or POST, PATCH, DELETE with an optional JSON body) an admin path; 401 becomes AuthRequired, other errors ApiError with the server's message. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  const key = storedKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, cache: 'no-store', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const answer = await res.json().catch(() => null);
  const message = answer?.error?.message ?? `${res.status} ${res.statusText}`;
  if (res.status === 401) throw new AuthRequired(message);
  if (!res.ok) throw new ApiError(res.status, message);
  return answer;
}

/**
 * Opens /admin/events. EventSource cannot send headers, so the key goes as ?key= (the only admin path that
 * accepts it). `onState` hears 'live', 'reconnecting' or 'closed'; a closed stream (e.g. a 401) is reported
 * so the page can check the key and open a new one.
 */
export function openEvents({ onRequest, onBreaker, onHello, onState }) {
  const key = storedKey();
  const source = new EventSource(`/admin/events${key ? `?key=${encodeURIComponent(key)}` : ''}`);
  const parse = (handler) => (event) => {
    try {
      handler(JSON.parse(event.data));
    } catch (error) {
      console.error('bad event', error);
    }
  };
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('hello', parse(onHello));
  source.addEventListener('request', parse(onRequest));
  source.addEventListener('breaker', parse(onBreaker));
  source.addEventListener('error', () => onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'));
  return source;
}
