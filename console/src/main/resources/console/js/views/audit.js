// The audit log for administrators: who did what, when.
import { api } from '../api.js';
import { h, clear, field, time, showError, clearErrors } from '../dom.js';
import { t } from '../i18n.js';

export function render(main) {
  const user = h('input', { id: 'audit-user' });
  const action = h('input', { id: 'audit-action', placeholder: 'alert. / user. / login' });
  const form = h('form', { class: 'card filters', novalidate: true }, field(t('audit.user'), user, 'user'),
    field(t('audit.action'), action, 'action'), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('common.filter'))));
  const results = h('div', { class: 'table-wrap', id: 'audit-results' });
  main.append(h('h1', {}, t('audit.title')), form, results);
  async function load() {
    clearErrors(form);
    const params = new URLSearchParams({ limit: '500' });
    if (user.value.trim()) params.set('user', user.value.trim());
    if (action.value.trim()) params.set('action', action.value.trim());
    let entries;
    try { entries = (await api.get(`/audit?${params}`)).entries; } catch (error) { showError(form, error); return; }
    clear(results).append(h('table', {}, h('thead', {}, h('tr', {}, ...['audit.time', 'audit.user', 'audit.action', 'audit.details']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, entries.map((e) => h('tr', {}, h('td', {}, time(e.time)), h('td', {}, e.user), h('td', {}, h('code', {}, e.action)),
      h('td', { class: 'details' }, h('code', {}, JSON.stringify(e.details))))))));
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  load();
}
