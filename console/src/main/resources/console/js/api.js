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

async function request(method, path, body, contentType = 'application/json') {
  const headers = { 'Accept-Language': language() === 'en' ? 'en' : 'zh-CN' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = contentType === 'application/json' ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  } catch (e) {
    throw new ApiFailure(0, { messageZh: '无法连接服务器', messageEn: 'cannot reach the hub' });
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : type.startsWith('audio/') ? await response.blob() : await response.text();
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
  upload: (path, text, contentType) => request('POST', path, text, contentType),
};

/** Downloads an API export (CSV) or a JSON object as a file, keeping the token out of the URL. */
export async function download(pathOrObject, filename) {
  let blob;
  if (typeof pathOrObject === 'string') {
    const text = await request('GET', `${pathOrObject}${pathOrObject.includes('?') ? '&' : '?'}lang=${language()}`);
    blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
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
    for (const type of ['endpoint.status', 'delivery', 'alert']) {
      source.addEventListener(type, (e) => onEvent(JSON.parse(e.data)));
    }
    source.onopen = () => onState(true);
    source.onerror = () => {
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
