// History: alerts, scheduled fires (routine broadcasts) or live sessions (喊话记录), with filters (kind, date, level,
// township) and CSV export (alerts and fires). #/history/live opens on the live sessions.
import { api, download } from '../api.js';
import { h, clear, field, time, showError, clearErrors, levelBadge, alertMarks, today } from '../dom.js';
import { t } from '../i18n.js';
import { LEVELS } from '../templates.js';
import { loadFires, exportFires } from '../fires.js';
import { loadLive, liveTable, matches } from '../live-history.js';

export function render(main, ctx, arg) {
  const kind = h('select', { id: 'history-kind' }, h('option', { value: 'alerts' }, t('history.kindAlerts')),
    h('option', { value: 'fires' }, t('history.kindFires')), h('option', { value: 'live' }, t('history.kindLive')));
  if (arg === 'live') kind.value = 'live';
  const routine = h('option', { value: 'routine', hidden: true }, t('live.routine')); // live sessions only
  const from = h('input', { type: 'date', id: 'history-from', value: today(-30) });
  const to = h('input', { type: 'date', id: 'history-to', value: today() });
  const level = h('select', { id: 'history-level' }, h('option', { value: '' }, t('common.all')),
    routine, ...LEVELS.map((l) => h('option', { value: l }, t(`level.${l}`))));
  const township = h('select', { id: 'history-township' }, h('option', { value: '' }, t('common.all')));
  const exportButton = h('button', { type: 'button', id: 'history-export' }, t('common.exportCsv'));
  const form = h('form', { class: 'card filters', novalidate: true },
    field(t('history.kind'), kind, 'kind'), field(t('history.from'), from, 'from'), field(t('history.to'), to, 'to'), field(t('history.level'), level, 'level'),
    field(t('history.township'), township, 'township'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'history-search' }, t('common.filter')), exportButton));
  const results = h('div', { class: 'table-wrap', id: 'history-results' });
  main.append(h('h1', {}, t('history.title')), form, results);
  const levelField = level.closest('.field') || level.parentElement;
  let fires = [];
  const villageTownship = new Map(); // village id → township id, for the live sessions' township filter

  api.get('/villages').then((d) => d.townships.forEach((tw) => {
    township.append(h('option', { value: tw.id }, tw.name));
    (tw.villages || []).forEach((v) => villageTownship.set(v.id, tw.id));
  })).catch(() => {});

  const query = () => {
    const params = new URLSearchParams({ limit: '200' });
    if (from.value) params.set('from', from.value);
    if (to.value) params.set('to', to.value);
    if (level.value) params.set('level', level.value);
    if (township.value) params.set('township', township.value);
    return params.toString();
  };

  async function search() {
    clearErrors(form);
    levelField.hidden = kind.value === 'fires'; // programmes have no warning level
    routine.hidden = kind.value !== 'live';
    if (kind.value !== 'live' && level.value === 'routine') level.value = '';
    exportButton.hidden = kind.value === 'live';
    if (kind.value === 'fires') { searchFires(); return; }
    if (kind.value === 'live') { searchLive(); return; }
    let list;
    try { list = (await api.get(`/alerts?${query()}`)).alerts; } catch (error) { showError(form, error); return; }
    clear(results);
    if (!list.length) { results.append(h('p', { id: 'history-empty' }, t('history.empty'))); return; }
    results.append(h('table', {}, h('thead', {}, h('tr', {}, ...['history.time', 'history.level', 'history.alert', 'history.state',
      'history.outcome', 'progress.createdBy', 'history.source', 'history.cap'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map((a) => h('tr', { 'data-alert': a.id, class: a.exercise ? 'is-exercise' : null },
      h('td', {}, time(a.createdAt)), h('td', {}, levelBadge(a.level), ...alertMarks(a)),
      h('th', { scope: 'row' }, h('a', { href: `#/alerts/${a.id}` }, a.title)),
      h('td', {}, t(`alertState.${a.state}`)),
      h('td', {}, `${a.counts.played}/${a.counts.targets}`, a.counts.failed + a.counts.expired ? h('span', { class: 'bad' }, ` ✕${a.counts.failed + a.counts.expired}`) : ''),
      h('td', {}, a.createdBy),
      h('td', { class: 'source' }, source(a.source)),
      h('td', {}, capLink(a.id)))))));
  }
  /** Typed in, CAP import (its sender) or a feed (its id). */
  function source(s) {
    const kind = (s && s.kind) || 'console';
    const detail = kind === 'feed' ? s.feedId : kind === 'cap' ? s.sender : null;
    return detail ? `${t(`source.${kind}`)}（${detail}）` : t(`source.${kind}`);
  }
  /** The alert as CAP 1.2: fetched with the session (a plain link would carry no token), saved as a file. */
  function capLink(id) {
    const button = h('button', { type: 'button', class: 'link cap-export', 'data-cap': id }, 'CAP');
    button.addEventListener('click', () => download(`/alerts/${id}/cap`, `${id}.cap.xml`).catch((error) => showError(form, error)));
    return button;
  }
  /** The hub lists the latest live sessions of the caller's scope; the filters apply here. */
  async function searchLive() {
    let list;
    try { list = await loadLive(); } catch (error) { showError(form, error); return; }
    const shown = list.filter((s) => matches(s, { from: from.value, to: to.value, level: level.value, township: township.value,
      villages: villageTownship }));
    clear(results);
    results.append(shown.length ? liveTable(shown) : h('p', { id: 'history-empty' }, t('history.empty')));
  }
  let next = null;
  async function searchFires(more = false) {
    let page;
    try {
      page = await loadFires({ from: from.value, to: to.value, township: township.value, before: more ? next : null });
    } catch (error) { showError(form, error); return; }
    fires = more ? fires.concat(page.fires) : page.fires;
    next = page.next;
    clear(results);
    if (!fires.length) { results.append(h('p', { id: 'history-empty' }, t('history.empty'))); return; }
    const older = h('button', { type: 'button', id: 'history-more', hidden: !next }, t('history.older'));
    older.addEventListener('click', () => searchFires(true));
    results.append(h('table', { id: 'history-fires' }, h('thead', {}, h('tr', {}, ...['fire.scheduledAt', 'history.schedule', 'history.programme',
      'history.state', 'history.outcome'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, fires.map((f) => {
      const failed = f.counts.failed + f.counts.expired;
      return h('tr', { 'data-fire': f.id },
        h('td', {}, time(f.scheduledAt)),
        h('th', { scope: 'row' }, h('a', { href: `#/fires/${f.id}` }, f.scheduleName)),
        h('td', {}, f.programmeName),
        h('td', {}, t(`fireState.${f.state}`)),
        h('td', {}, `${f.counts.played}/${f.counts.targets}`, failed ? h('span', { class: 'bad' }, ` ✕${failed}`) : ''));
    }))), older);
  }
  kind.addEventListener('change', search);
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  exportButton.addEventListener('click', async () => {
    clearErrors(form);
    if (kind.value === 'fires') {
      try { await exportFires(fires, `fires-${from.value || 'all'}-${to.value || today()}.csv`, township.value); } catch (error) { showError(form, error); }
      return;
    }
    try { await download(`/alerts.csv?${query()}`, `alerts-${from.value || 'all'}-${to.value || today()}.csv`); } catch (error) { showError(form, error); }
  });
  search();
}
