// The JSON API over the session cookie. State-changing requests carry the anti-forgery token of the agri_csrf cookie.
// A request that never got an answer (no network, connection dropped) throws NetworkError; every answer is returned.

export class NetworkError extends Error {}

export const PROBLEM = 'urn:haiduong-agri:problem:';

export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'agri_csrf') return decodeURIComponent(rest.join('='));
  }
  return '';
}

/** @returns {Promise<{status:number, ok:boolean, body:any}>} */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new NetworkError(e && e.message);
  }
  let parsed = null;
  try {
    const text = await response.text();
    parsed = text ? JSON.parse(text) : null;
  } catch (e) {
    // A body cut off mid-way is a lost answer; a non-JSON body (a proxy's error page) is just no body.
    if (e instanceof TypeError) throw new NetworkError(e.message);
  }
  return { status: response.status, ok: response.ok, body: parsed };
}

/** The problem code of a problem+json body (`pre-harvest-interval`), or ''. */
export function problemCode(problem) {
  const type = (problem && problem.type) || '';
  return type.startsWith(PROBLEM) ? type.slice(PROBLEM.length) : '';
}
