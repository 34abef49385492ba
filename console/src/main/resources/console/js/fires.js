// Scheduled fires (routine broadcasts) for the history screen: a page at a time from the hub's
// GET /fires, and exported as CSV with one row per village (the alerts' CSV comes from the hub; this one
// is built here from each listed fire's detail).
import { api, saveFile } from './api.js';
import { time } from './dom.js';
import { t } from './i18n.js';

/** One page of fires, newest first: {fires, next}; days are YYYY-MM-DD in the county zone, township optional. */
export async function loadFires({ from, to, township, before }) {
  const params = new URLSearchParams({ limit: '50' });
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (township) params.set('township', township);
  if (before) params.set('before', before);
  return api.get(`/fires?${params}`);
}

/**
 * A quoted CSV cell. A value a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe, as the hub's own exports do: a schedule or village name is typed by people.
 */
export const cell = (value) => {
  const text = String(value ?? '');
  const safe = /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d[\d .:T+-]*$/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** Saves one CSV row per village of each listed fire (UTF-8 with a BOM so spreadsheets read the Chinese). */
export async function exportFires(listed, filename, township) {
  const details = await Promise.all(listed.map((f) => api.get(`/fires/${encodeURIComponent(f.id)}`)));
  const fires = details.map((f) => ({ ...f, villages: f.villages.filter((v) => !township || v.townshipId === township) }));
  const header = ['history.time', 'history.schedule', 'history.programme', 'history.township', 'overview.village',
    'overview.state', 'progress.received'].map((k) => cell(t(k)));
  const rows = fires.flatMap((f) => f.villages.map((v) => [time(f.scheduledAt), f.scheduleName, f.programmeName,
    v.townshipName, v.villageName, t(`delivery.${v.state}`), time(v.receivedAt)].map(cell)));
  const text = [header, ...rows].map((r) => r.join(',')).join('\r\n');
  saveFile(new Blob(['\uFEFF', text, '\r\n'], { type: 'text/csv;charset=utf-8' }), filename);
}
