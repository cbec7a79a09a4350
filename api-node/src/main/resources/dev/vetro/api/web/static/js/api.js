// The public API, same origin, session cookie. Every state-changing call carries X-Vetro-Request,
// which the server requires of cookie-authenticated writes (cross-site forms cannot send it).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || ('HTTP ' + status));
    this.status = status;
    this.code = code;
  }
  // The field a validation message names ("field 'name' must …", "rules.VETRO-050.action …").
  get field() {
    const m = /field '([^']+)'/.exec(this.message) || /^([a-z_]+(?:\.[A-Za-z0-9_-]+)*)[: ]/.exec(this.message);
    return m ? m[1] : null;
  }
}

export async function api(method, path, body) {
  const opts = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') opts.headers['X-Vetro-Request'] = 'dashboard';
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch('/api/v1/' + path, opts);
  } catch (e) {
    throw new ApiError(0, 'network', 'The control plane did not answer (' + e.message + ')');
  }
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('auth/')) {
      window.dispatchEvent(new CustomEvent('vetro:unauthorized'));
    }
    throw new ApiError(res.status, data && data.error, (data && data.message) || res.statusText);
  }
  return data;
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b === undefined ? {} : b);
export const patch = (p, b) => api('PATCH', p, b);
export const put = (p, b) => api('PUT', p, b);
export const del = (p) => api('DELETE', p);

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
}
