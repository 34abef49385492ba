// Honest coverage (played ÷ targets) and the incident timeline: tables and lists shared by the alert view and the
// coverage page, and the printable daily report (the hub's HTML, opened in a window of its own for printing).
import { api, download, token } from './api.js';
import { h, clear, time, toast } from './dom.js';
import { t, apiMessage, language } from './i18n.js';
import './coverage-texts.js';

export const percent = (ratio) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)} %`);
export const seconds = (ms) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

const FIGURES = ['coverage.targets', 'coverage.played', 'coverage.rate', 'coverage.failed', 'coverage.unconfirmed',
  'coverage.p50', 'coverage.p90', 'coverage.p99', 'coverage.max'];

function figureCells(row) {
  const tt = row.timeToPlayed || {};
  return [row.targets, row.played, percent(row.coverage), row.failed + row.expired, row.unconfirmed,
    seconds(tt.p50Ms), seconds(tt.p90Ms), seconds(tt.p99Ms), seconds(tt.maxMs)].map((v, i) => h('td', { class: i === 2 ? 'rate' : 'num' }, v));
}

/** One row per township and a total row: {townships, total} from the coverage API. */
export function coverageTable(figures, tableId) {
  return h('div', { class: 'table-wrap' }, h('table', { id: tableId, class: 'coverage' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('coverage.township')), ...FIGURES.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, figures.townships.map((r) => h('tr', { 'data-township': r.townshipId || '' },
      h('th', { scope: 'row' }, r.townshipName || t('coverage.unknownTownship')), ...figureCells(r)))),
    h('tfoot', {}, h('tr', { class: 'total', 'data-township': 'total' }, h('th', { scope: 'row' }, t('coverage.total')), ...figureCells(figures.total)))));
}

/** One row per alert (period summary): sent, level, title (links to the alert), its figures. */
export function alertsTable(alerts, tableId, total) {
  const head = ['coverage.sent', 'coverage.level', 'coverage.alertTitle', ...FIGURES];
  return h('div', { class: 'table-wrap' }, h('table', { id: tableId, class: 'coverage' },
    h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, alerts.map((a) => h('tr', { 'data-alert': a.alertId },
      h('td', {}, time(a.sentAt || a.createdAt)), h('td', {}, t(`level.${a.level}`)),
      h('td', {}, h('a', { href: `#/alerts/${encodeURIComponent(a.alertId)}` }, a.title)), ...figureCells(a.total)))),
    total ? h('tfoot', {}, h('tr', { class: 'total' }, h('th', { scope: 'row', colspan: 3 }, t('coverage.alertsTotal', { n: alerts.length })),
      ...figureCells(total))) : ''));
}

/** The alert view's coverage section: loads GET /alerts/{id}/coverage into {@code box} (kept across redraws). */
export async function loadAlertCoverage(box, alertId) {
  let figures;
  try { figures = await api.get(`/alerts/${encodeURIComponent(alertId)}/coverage`); } catch (e) { return; }
  const exportButton = h('button', { type: 'button', id: 'export-coverage' }, t('coverage.export'));
  exportButton.addEventListener('click', () => download(`/alerts/${encodeURIComponent(alertId)}/coverage.csv`, `${alertId}-coverage.csv`)
    .catch((e) => toast(apiMessage(e), 'error')));
  clear(box).append(h('h2', {}, t('coverage.ofAlert')), h('p', { class: 'note' }, t('coverage.definition')),
    coverageTable(figures, 'alert-coverage'), h('div', { class: 'actions' }, exportButton));
}

function itemDetail(item) {
  const d = item.details || {};
  if (item.kind.startsWith('played_')) return t('timeline.playedOf', { played: d.played, targets: d.targets });
  if (item.kind === 'escalation') return [d.kind, d.channel, d.village, d.contact, d.outcome, d.error].filter(Boolean).join(' · ');
  if (d.reason) return d.reason;
  return '';
}

/** The alert view's incident timeline: loads GET /alerts/{id}/timeline into {@code box}. */
export async function loadTimeline(box, alertId) {
  let timeline;
  try { timeline = await api.get(`/alerts/${encodeURIComponent(alertId)}/timeline`); } catch (e) { return; }
  const list = h('ol', { class: 'incident-timeline', id: 'incident-timeline' }, timeline.items.map((item) => h('li', { 'data-kind': item.kind },
    h('time', { datetime: item.at || '' }, time(item.at)), ' ', h('b', {}, t(`timeline.${item.kind}`)),
    item.by ? h('span', { class: 'by' }, ` · ${t('timeline.by', { by: item.by })}`) : '',
    itemDetail(item) ? h('span', { class: 'detail' }, ` · ${itemDetail(item)}`) : '')));
  clear(box).append(h('h2', {}, t('timeline.title')), timeline.items.length ? list : h('p', { class: 'note' }, t('timeline.empty')));
}

/**
 * Opens the hub's printable daily report in a window of its own (its page has no console chrome and prints on A4).
 * The report is fetched with the session token, which never goes into a URL, and written into the new window.
 */
export async function openDailyReport(date, township) {
  const win = window.open('', '_blank'); // opened at the click, so it is not blocked as a pop-up
  if (!win) { toast(t('coverage.popupBlocked'), 'error'); return; }
  const params = new URLSearchParams({ date, lang: language() });
  if (township) params.set('township', township);
  try {
    const response = await fetch(`/api/v1/reports/daily?${params}`, { headers: { Authorization: `Bearer ${token()}` } });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = apiMessage(JSON.parse(text)); } catch (e) { /* not JSON */ }
      win.close();
      toast(message, 'error');
      return;
    }
    win.document.open();
    win.document.write(text);
    win.document.close();
  } catch (e) {
    win.close();
    toast(apiMessage(e), 'error');
  }
}
