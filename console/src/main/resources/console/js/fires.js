// Scheduled fires (routine broadcasts) for the history screen: gathered from each schedule's fire list,
// and exported as CSV with one row per village (the alerts' CSV comes from the hub; this one is built here).
import { api, saveFile } from './api.js';
import { day, time } from './dom.js';
import { t } from './i18n.js';

const MAX_FIRES = 100;

/** Fires with their counts and villages, newest first; days are YYYY-MM-DD in the county zone, township optional. */
export async function loadFires({ from, to, township }) {
  const { schedules } = await api.get('/schedules');
  const lists = await Promise.all(schedules.map((s) => api.get(`/schedules/${encodeURIComponent(s.id)}/fires`)));
  const summaries = lists.flatMap((l) => l.fires)
    .filter((f) => (!from || day(f.scheduledAt) >= from) && (!to || day(f.scheduledAt) <= to))
    .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt))
    .slice(0, MAX_FIRES);
  const fires = await Promise.all(summaries.map((f) => api.get(`/fires/${encodeURIComponent(f.id)}`)));
  if (!township) return fires;
  return fires.map((f) => ({ ...f, villages: f.villages.filter((v) => v.townshipId === township) }))
    .filter((f) => f.villages.length);
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

/** Saves one CSV row per village of each fire (UTF-8 with a BOM so spreadsheets read the Chinese). */
export function exportFires(fires, filename) {
  const header = ['history.time', 'history.schedule', 'history.programme', 'history.township', 'overview.village',
    'overview.state', 'progress.received'].map((k) => cell(t(k)));
  const rows = fires.flatMap((f) => f.villages.map((v) => [time(f.scheduledAt), f.scheduleName, f.programmeName,
    v.townshipName, v.villageName, t(`delivery.${v.state}`), time(v.receivedAt)].map(cell)));
  const text = [header, ...rows].map((r) => r.join(',')).join('\r\n');
  saveFile(new Blob(['\uFEFF', text, '\r\n'], { type: 'text/csv;charset=utf-8' }), filename);
}
