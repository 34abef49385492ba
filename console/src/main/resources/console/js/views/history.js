// History: alerts with filters (date, level, township) and CSV export. Scheduled programme runs join
// this list when the routine-broadcast module exists.
import { api, download } from '../api.js';
import { h, clear, field, time, showError, clearErrors, levelBadge, today } from '../dom.js';
import { t } from '../i18n.js';
import { LEVELS } from '../templates.js';

export function render(main) {
  const from = h('input', { type: 'date', id: 'history-from', value: today(-30) });
  const to = h('input', { type: 'date', id: 'history-to', value: today() });
  const level = h('select', { id: 'history-level' }, h('option', { value: '' }, t('common.all')),
    ...LEVELS.map((l) => h('option', { value: l }, t(`level.${l}`))));
  const township = h('select', { id: 'history-township' }, h('option', { value: '' }, t('common.all')));
  const exportButton = h('button', { type: 'button', id: 'history-export' }, t('common.exportCsv'));
  const form = h('form', { class: 'card filters', novalidate: true },
    field(t('history.from'), from, 'from'), field(t('history.to'), to, 'to'), field(t('history.level'), level, 'level'),
    field(t('history.township'), township, 'township'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'history-search' }, t('common.filter')), exportButton));
  const results = h('div', { class: 'table-wrap', id: 'history-results' });
  main.append(h('h1', {}, t('history.title')), form, results, h('p', { class: 'note' }, t('history.scheduledNote')));

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
    let list;
    try { list = (await api.get(`/alerts?${query()}`)).alerts; } catch (error) { showError(form, error); return; }
    clear(results);
    if (!list.length) { results.append(h('p', { id: 'history-empty' }, t('history.empty'))); return; }
    results.append(h('table', {}, h('thead', {}, h('tr', {}, ...['history.time', 'history.level', 'history.alert', 'history.state',
      'history.outcome', 'progress.createdBy'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map((a) => h('tr', { 'data-alert': a.id },
      h('td', {}, time(a.createdAt)), h('td', {}, levelBadge(a.level)),
      h('th', { scope: 'row' }, h('a', { href: `#/alerts/${a.id}` }, a.title)),
      h('td', {}, t(`alertState.${a.state}`)),
      h('td', {}, `${a.counts.played}/${a.counts.targets}`, a.counts.failed + a.counts.expired ? h('span', { class: 'bad' }, ` ✕${a.counts.failed + a.counts.expired}`) : ''),
      h('td', {}, a.createdBy))))));
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  exportButton.addEventListener('click', async () => {
    clearErrors(form);
    try { await download(`/alerts.csv?${query()}`, `alerts-${from.value || 'all'}-${to.value || today()}.csv`); } catch (error) { showError(form, error); }
  });
  search();
}
