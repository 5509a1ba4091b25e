// The console API client: JSON in and out, the CSRF token on every mutation.
let csrfToken = sessionStorage.getItem('cutri.csrf') ?? '';

export function setCsrfToken(token) {
  csrfToken = token ?? '';
  sessionStorage.setItem('cutri.csrf', csrfToken);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.error ?? 'error', data.message ?? response.statusText);
  return data;
}
