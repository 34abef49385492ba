// The approval screen (#/approve/{id}): exactly what will be sent (title, text, level, repeat, expiry, the voiced
// text) and where (townships and villages by name, the endpoint count), then approve, or reject with a reason.
import { api } from '../api.js';
import { h, clear, time, toast, levelBadge, alertMarks, showError, clearErrors } from '../dom.js';
import { t, apiMessage } from '../i18n.js';

export function render(main, ctx, id) {
  const box = h('section', { class: 'card approval-panel', id: 'approval' }, h('p', {}, t('common.loading')));
  main.append(box);
  load();

  async function load() {
    let item;
    try {
      item = (await api.get('/approvals')).items.find((i) => i.id === id);
    } catch (error) {
      clear(box).append(h('p', { class: 'field-error' }, apiMessage(error)));
      return;
    }
    if (!item) {
      clear(box).append(h('h1', {}, t('approvals.title')), h('p', { id: 'approval-gone' }, t('approvals.gone')),
        h('a', { href: `#/alerts/${id}` }, t('progress.title')));
      return;
    }
    draw(item);
  }

  function draw(item) {
    const approve = h('button', { type: 'button', class: `primary level-${item.level}`, id: 'approve-alert', disabled: !item.mayApprove },
      t('approvals.approve'));
    const reason = h('textarea', { id: 'reject-reason', rows: 2, 'data-field': 'reason' });
    const reject = h('button', { type: 'button', class: 'danger', id: 'reject-alert', disabled: !item.mayApprove }, t('approvals.reject'));
    const form = h('div', { class: 'actions' },
      h('div', { class: 'field' }, h('label', { for: 'reject-reason' }, t('approvals.reason')), reason), reject, approve);
    clear(box).append(
      h('h1', {}, t('approvals.title'), ' ', levelBadge(item.level), ...alertMarks(item)),
      item.own ? h('p', { class: 'approval-note', id: 'approval-own' }, t('approvals.own'))
        : !item.mayApprove ? h('p', { class: 'approval-note' }, t('approvals.notYours')) : '',
      h('h2', {}, t('approvals.what')),
      h('dl', { id: 'approval-what', class: item.exercise ? 'is-exercise' : '' },
        h('dt', {}, t('send.alertTitle')), h('dd', { id: 'approval-title', lang: 'zh-CN' }, item.title),
        h('dt', {}, t('send.text')), h('dd', { id: 'approval-text', lang: 'zh-CN' }, item.text),
        h('dt', {}, t('send.level')), h('dd', {}, levelBadge(item.level), ...alertMarks(item)),
        h('dt', {}, t('approvals.repeat')), h('dd', { id: 'approval-repeat' }, String(item.repeat)),
        h('dt', {}, t('progress.expiresAt')), h('dd', {}, time(item.expiresAt)),
        h('dt', {}, t('approvals.voiced')), h('dd', { id: 'approval-voiced', lang: 'zh-CN' }, item.voicedText),
        h('dt', {}, t('progress.createdBy')), h('dd', {}, `${item.createdBy} · ${time(item.createdAt)}`),
        h('dt', {}, t('approvals.deadline')), h('dd', {}, time(item.approval.deadlineAt))),
      h('h2', {}, t('approvals.where')),
      h('ul', { id: 'approval-places' }, item.places.map((p) => h('li', {}, p.name))),
      h('p', { class: 'big', id: 'approval-endpoints' }, t('approvals.endpoints', { n: item.endpointCount })),
      form);
    approve.addEventListener('click', async () => {
      approve.disabled = true;
      try {
        await api.post(`/alerts/${encodeURIComponent(id)}/approve`, {});
        toast(t('approvals.approved'));
        ctx.navigate(`#/alerts/${id}`);
      } catch (error) {
        toast(apiMessage(error), 'error');
        load();
      }
    });
    reject.addEventListener('click', async () => {
      clearErrors(box);
      try {
        await api.post(`/alerts/${encodeURIComponent(id)}/reject`, { reason: reason.value });
        toast(t('approvals.rejected'));
        ctx.navigate(`#/alerts/${id}`);
      } catch (error) {
        if (error.field) showError(box, error); else { toast(apiMessage(error), 'error'); load(); }
      }
    });
  }
  return null;
}
