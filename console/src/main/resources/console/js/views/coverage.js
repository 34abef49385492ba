// The coverage page (到达率): over a period, the alerts the user may see with played ÷ targets per alert, per
// township and in total (exercises listed apart, never counted), a CSV export, and the printable daily report.
import { api, download } from '../api.js';
import { h, clear, field, showError, clearErrors, today } from '../dom.js';
import { t } from '../i18n.js';
import { coverageTable, alertsTable, openDailyReport } from '../coverage.js';

export function render(main) {
  const from = h('input', { type: 'date', id: 'coverage-from', value: today(-7) });
  const to = h('input', { type: 'date', id: 'coverage-to', value: today() });
  const township = h('select', { id: 'coverage-township' }, h('option', { value: '' }, t('common.all')));
  const exportButton = h('button', { type: 'button', id: 'coverage-export' }, t('common.exportCsv'));
  const form = h('form', { class: 'card filters', novalidate: true }, field(t('history.from'), from, 'from'),
    field(t('history.to'), to, 'to'), field(t('history.township'), township, 'township'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'coverage-search' }, t('common.filter')), exportButton));
  const reportDate = h('input', { type: 'date', id: 'report-date', value: today() });
  const reportTownship = h('select', { id: 'report-township' }, h('option', { value: '' }, t('coverage.wholeScope')));
  const reportButton = h('button', { type: 'button', id: 'report-open' }, t('coverage.report'));
  const report = h('form', { class: 'card filters', novalidate: true, id: 'report-form' }, field(t('coverage.reportDate'), reportDate, 'date'),
    field(t('coverage.reportTownship'), reportTownship, 'township'), h('div', { class: 'actions' }, reportButton));
  const results = h('div', { id: 'coverage-results' });
  main.append(h('h1', {}, t('coverage.title')), h('p', { class: 'note' }, t('coverage.definition')), form, report, results);

  api.get('/villages').then((d) => d.townships.forEach((tw) => {
    township.append(h('option', { value: tw.id }, tw.name));
    reportTownship.append(h('option', { value: tw.id }, tw.name));
  })).catch(() => {});

  const query = () => {
    const params = new URLSearchParams({ limit: '500' });
    if (from.value) params.set('from', from.value);
    if (to.value) params.set('to', to.value);
    if (township.value) params.set('township', township.value);
    return params.toString();
  };

  async function search() {
    clearErrors(form);
    let summary;
    try { summary = await api.get(`/coverage?${query()}`); } catch (error) { showError(form, error); return; }
    clear(results).append(
      h('section', { class: 'card' }, h('h2', {}, t('coverage.ofAlert')), coverageTable(summary, 'coverage-townships')),
      h('section', { class: 'card' }, h('h2', {}, t('coverage.alerts'), ` (${summary.alerts.length})`),
        summary.alerts.length ? alertsTable(summary.alerts, 'coverage-alerts', summary.total) : h('p', { class: 'note' }, t('coverage.noAlerts'))),
      summary.exercises.length ? h('section', { class: 'card exercises' }, h('h2', {}, t('coverage.exercises'), ` (${summary.exercises.length})`),
        alertsTable(summary.exercises, 'coverage-exercises')) : '');
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  exportButton.addEventListener('click', () => download(`/coverage.csv?${query()}`, `coverage-${from.value || 'all'}-${to.value || today()}.csv`)
    .catch((error) => showError(form, error)));
  reportButton.addEventListener('click', () => openDailyReport(reportDate.value || today(), reportTownship.value));
  report.addEventListener('submit', (e) => e.preventDefault());
  search();
}
