// The hub's HTTP API: bearer token in sessionStorage (never a cookie, so no CSRF), errors as ApiFailure.
import { language } from './i18n.js';

const TOKEN = 'dalaba.token';
let onUnauthorized = () => {};

export class ApiFailure extends Error {
  constructor(status, body) {
    super(body.messageEn || body.message || `HTTP ${status}`);
    this.status = status;
    this.field = body.field || null;
    this.messageZh = body.messageZh || body.message;
    this.messageEn = body.messageEn || body.message;
    this.body = body;
  }
}

export function whenUnauthorized(handler) { onUnauthorized = handler; }
export function token() { return sessionStorage.getItem(TOKEN); }
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN, value); else sessionStorage.removeItem(TOKEN);
}

let reachable = true;
const reachListeners = new Set();

/** Calls handler(true|false) whenever the hub becomes reachable or unreachable (API or event stream). */
export function whenReachable(handler) { reachListeners.add(handler); handler(reachable); return () => reachListeners.delete(handler); }
export function hubReachable() { return reachable; }
function setReachable(up) {
  if (up === reachable) return;
  reachable = up;
  reachListeners.forEach((handler) => handler(up));
}

/**
 * One API call. A JSON body is encoded here; any other content type (a CSV or JSON file's text) is sent
 * as it is. With blob set the answer is read as bytes, so a CSV's byte-order mark survives.
 */
async function request(method, path, body, contentType = 'application/json', { raw = false, blob = false } = {}) {
  const headers = { 'Accept-Language': language() === 'en' ? 'en' : 'zh-CN' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = contentType === 'application/json' && !raw ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  } catch (e) {
    setReachable(false);
    throw new ApiFailure(0, { messageZh: '无法连接服务器', messageEn: 'cannot reach the hub' });
  }
  // a proxy in front of a stopped hub answers 502/503/504: the hub is as unreachable as with no answer at all
  setReachable(![502, 503, 504].includes(response.status) || (response.headers.get('Content-Type') || '').includes('json'));
  const type = response.headers.get('Content-Type') || '';
  const data = blob && response.ok ? await response.blob() : type.includes('json') ? await response.json() : type.startsWith('audio/') ? await response.blob() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && path !== '/session') onUnauthorized();
    throw new ApiFailure(response.status, typeof data === 'object' ? data : { message: data });
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
  put: (path, body) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
  upload: (path, text, contentType) => request('POST', path, text, contentType, { raw: true }),
};

/** Downloads an API export (CSV) or a JSON object as a file, keeping the token out of the URL. */
export async function download(pathOrObject, filename) {
  let blob;
  if (typeof pathOrObject === 'string') {
    // as bytes, not text: reading it as text would drop the UTF-8 byte-order mark spreadsheets need
    blob = await request('GET', `${pathOrObject}${pathOrObject.includes('?') ? '&' : '?'}lang=${language()}`, undefined,
      undefined, { blob: true });
  } else {
    blob = new Blob([JSON.stringify(pathOrObject, null, 2)], { type: 'application/json' });
  }
  saveFile(blob, filename);
}

/** Hands a blob to the browser as a downloaded file. */
export function saveFile(blob, filename) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * The live event stream. It opens with a single-use ticket (POST /events/ticket), never the session
 * token in the URL; when the hub ends the stream or it breaks, a new ticket opens the next one.
 * Returns a function that closes it.
 */
export function events(onEvent, onState = () => {}) {
  let source = null;
  let closed = false;
  let retry = null;
  const connect = async () => {
    if (closed || !token()) return;
    let ticket;
    try { ticket = (await request('POST', '/events/ticket', {})).ticket; } catch (e) { onState(false); schedule(); return; }
    if (closed) return;
    source = new EventSource(`/api/v1/events?ticket=${encodeURIComponent(ticket)}`);
    for (const type of ['endpoint.status', 'delivery', 'alert', 'alert.phoned', 'alert.pending', 'alert.approved', 'alert.rejected', 'alert.escalation', 'cap.queued', 'cap.decided']) {
      source.addEventListener(type, (e) => onEvent(JSON.parse(e.data)));
    }
    source.onopen = () => { setReachable(true); onState(true); };
    source.onerror = () => {
      setReachable(false);
      onState(false);
      // a used ticket cannot reconnect: close this source and open a new one with a fresh ticket
      source.close();
      schedule();
    };
  };
  const schedule = () => { if (!closed && !retry) retry = setTimeout(() => { retry = null; connect(); }, 3000); };
  connect();
  return () => { closed = true; clearTimeout(retry); if (source) source.close(); };
}
