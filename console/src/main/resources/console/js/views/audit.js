// The audit log for administrators: who did what, when; shown a page of 50 at a time. Above it, the result of
// verifying the trail's hash chain (GET /audit/verify), run when the page opens and again on request.
import { api } from '../api.js';
import { h, clear, field, time, showError, clearErrors } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import '../coverage-texts.js';

const PAGE = 50;

export function render(main) {
  const user = h('input', { id: 'audit-user' });
  const action = h('input', { id: 'audit-action', placeholder: 'alert. / user. / login' });
  const form = h('form', { class: 'card filters', novalidate: true }, field(t('audit.user'), user, 'user'),
    field(t('audit.action'), action, 'action'), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('common.filter'))));
  const results = h('div', { class: 'table-wrap', id: 'audit-results' });
  const pager = h('nav', { class: 'pager', id: 'audit-pager', 'aria-label': t('common.pages') });
  const verifyResult = h('p', { id: 'audit-verify-result', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', id: 'audit-verify' }, t('audit.verify'));
  const verifyBox = h('section', { class: 'card audit-verify' }, h('div', { class: 'actions' }, verifyButton), verifyResult);
  main.append(h('h1', {}, t('audit.title')), verifyBox, form, results, pager);

  async function verify() {
    verifyButton.disabled = true;
    verifyResult.className = '';
    verifyResult.textContent = t('audit.verifying');
    try {
      const r = await api.get('/audit/verify');
      verifyResult.className = r.intact ? 'ok-note' : 'field-error';
      verifyResult.dataset.intact = String(r.intact);
      verifyResult.textContent = (r.intact ? t('audit.intact', { checked: r.checked, first: r.firstId || '—', last: r.lastId || '—' })
        : t('audit.broken', { id: r.brokenAt, reason: r.reason })) + (r.note ? ` · ${r.note}` : '');
    } catch (error) {
      verifyResult.className = 'field-error';
      verifyResult.textContent = apiMessage(error);
    }
    verifyButton.disabled = false;
  }
  verifyButton.addEventListener('click', verify);
  verify();
  let entries = [];
  let page = 0;

  function draw() {
    const pages = Math.max(1, Math.ceil(entries.length / PAGE));
    page = Math.min(page, pages - 1);
    const shown = entries.slice(page * PAGE, (page + 1) * PAGE);
    clear(results).append(h('table', { class: 'audit' }, h('thead', {}, h('tr', {}, ...['audit.time', 'audit.user', 'audit.action', 'audit.details']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, shown.map((e) => h('tr', {}, h('td', {}, time(e.time)), h('td', {}, e.user), h('td', {}, h('code', {}, e.action)),
      h('td', { class: 'details' }, h('code', {}, JSON.stringify(e.details))))))));
    const go = (to, key, id) => {
      const button = h('button', { type: 'button', id, disabled: to < 0 || to >= pages }, t(key));
      button.addEventListener('click', () => { page = to; draw(); results.scrollIntoView({ block: 'start' }); });
      return button;
    };
    clear(pager).append(go(page - 1, 'common.prevPage', 'audit-prev'),
      h('span', { id: 'audit-page' }, t('common.pageOf', { page: page + 1, pages, total: entries.length })),
      go(page + 1, 'common.nextPage', 'audit-next'));
  }

  async function load() {
    clearErrors(form);
    const params = new URLSearchParams({ limit: '500' });
    if (user.value.trim()) params.set('user', user.value.trim());
    if (action.value.trim()) params.set('action', action.value.trim());
    try { entries = (await api.get(`/audit?${params}`)).entries; } catch (error) { showError(form, error); return; }
    page = 0;
    draw();
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  load();
}
