// History: alerts or scheduled fires (routine broadcasts), with filters (kind, date, level, township) and CSV export.
import { api, download } from '../api.js';
import { h, clear, field, time, showError, clearErrors, levelBadge, today } from '../dom.js';
import { t } from '../i18n.js';
import { LEVELS } from '../templates.js';
import { loadFires, exportFires } from '../fires.js';

export function render(main) {
  const kind = h('select', { id: 'history-kind' }, h('option', { value: 'alerts' }, t('history.kindAlerts')),
    h('option', { value: 'fires' }, t('history.kindFires')));
  const from = h('input', { type: 'date', id: 'history-from', value: today(-30) });
  const to = h('input', { type: 'date', id: 'history-to', value: today() });
  const level = h('select', { id: 'history-level' }, h('option', { value: '' }, t('common.all')),
    ...LEVELS.map((l) => h('option', { value: l }, t(`level.${l}`))));
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

  api.get('/villages').then((d) => d.townships.forEach((tw) => township.append(h('option', { value: tw.id }, tw.name)))).catch(() => {});

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
    if (kind.value === 'fires') { searchFires(); return; }
    let list;
    try { list = (await api.get(`/alerts?${query()}`)).alerts; } catch (error) { showError(form, error); return; }
    clear(results);
    if (!list.length) { results.append(h('p', { id: 'history-empty' }, t('history.empty'))); return; }
    results.append(h('table', {}, h('thead', {}, h('tr', {}, ...['history.time', 'history.level', 'history.alert', 'history.state',
      'history.outcome', 'progress.createdBy', 'history.source', 'history.cap'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map((a) => h('tr', { 'data-alert': a.id },
      h('td', {}, time(a.createdAt)), h('td', {}, levelBadge(a.level)),
      h('th', { scope: 'row' }, h('a', { href: `#/alerts/${a.id}` }, a.title),
        a.exercise ? h('span', { class: 'badge exercise' }, t('history.exercise')) : ''),
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
