// External warnings: CAP documents from the configured feeds that a rule holds for an operator. Each can be sent as
// received, edited first (the alert form opens pre-filled and sending it decides the warning), or dismissed with a
// reason. The list follows the hub's events: a new one appears at once (main.js plays the sound), a decided one goes.
import { api, events } from '../api.js';
import { h, clear, time, levelBadge, toast, showError } from '../dom.js';
import { t, apiMessage } from '../i18n.js';

/** Where the alert form finds a warning to edit (send-alert.js reads and removes it). */
export const PREFILL = 'dalaba.prefill';

export function render(main, ctx) {
  const list = h('div', { class: 'table-wrap', id: 'external-list', 'aria-live': 'polite' });
  const sources = h('div', { class: 'table-wrap', id: 'external-sources' });
  main.append(h('h1', {}, t('external.title')), h('p', { class: 'note' }, t('external.note')), list,
    h('h2', {}, t('external.sources')), sources);

  async function load() {
    let items;
    try { items = (await api.get('/cap/queue')).items; } catch (e) { clear(list).append(h('p', { class: 'field-error' }, apiMessage(e))); return; }
    clear(list);
    if (!items.length) { list.append(h('p', { id: 'external-empty' }, t('external.empty'))); return; }
    list.append(h('table', { class: 'external' },
      h('thead', {}, h('tr', {}, ...['external.source', 'external.level', 'external.headline', 'external.areas', 'external.received', 'progress.actions']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, items.map(row))));
  }

  function row(item) {
    const send = h('button', { type: 'button', class: `primary level-${item.level}`, 'data-action': 'send', disabled: !item.mayDecide }, t('external.send'));
    const edit = h('button', { type: 'button', 'data-action': 'edit', disabled: !item.mayDecide }, t('external.edit'));
    const dismiss = h('button', { type: 'button', 'data-action': 'dismiss', disabled: !item.mayDecide }, t('external.dismiss'));
    const actions = h('td', { class: 'actions' }, send, ' ', edit, ' ', dismiss);
    const tr = h('tr', { 'data-id': item.id, class: 'external-item' },
      h('td', {}, item.sourceName), h('td', {}, levelBadge(item.level), item.exercise ? h('small', { class: 'exercise' }, ` ${t('external.exercise')}`) : ''),
      h('td', { lang: 'zh-CN', class: 'headline' }, item.headline), h('td', {}, (item.areas || []).join('、')),
      h('td', {}, time(item.receivedAt)), actions);
    send.addEventListener('click', async () => {
      send.disabled = true;
      try {
        const sent = await api.post(`/cap/queue/${encodeURIComponent(item.id)}/send`, {});
        toast(t('send.sent'));
        ctx.navigate(`#/alerts/${sent.id}`);
      } catch (e) { send.disabled = false; toast(apiMessage(e), 'error'); }
    });
    edit.addEventListener('click', () => {
      sessionStorage.setItem(PREFILL, JSON.stringify({ queueId: item.id, title: item.title, text: item.text, level: item.level,
        targets: item.targets, expiresAt: item.expiresAt, sourceName: item.sourceName }));
      ctx.navigate('#/send');
    });
    dismiss.addEventListener('click', () => {
      const reason = h('input', { class: 'dismiss-reason', 'aria-label': t('external.reason'), placeholder: t('external.reason') });
      const confirm = h('button', { type: 'button', 'data-action': 'dismiss-confirm' }, t('external.dismissConfirm'));
      const form = h('form', { class: 'inline' }, reason, ' ', confirm);
      clear(actions).append(form);
      reason.focus();
      const go = async (e) => {
        e.preventDefault();
        try {
          await api.post(`/cap/queue/${encodeURIComponent(item.id)}/dismiss`, { reason: reason.value });
          toast(t('external.dismissed'));
          load();
        } catch (error) { showError(form, error); }
      };
      confirm.addEventListener('click', go);
      form.addEventListener('submit', go);
    });
    return tr;
  }

  async function loadSources() {
    let list;
    try { list = (await api.get('/cap/sources')).sources; } catch (e) { return; }
    clear(sources).append(!list.length ? h('p', {}, t('external.noSources')) : h('table', {},
      h('thead', {}, h('tr', {}, ...['external.source', 'external.lastPoll', 'external.state', 'external.lastError']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, list.map((s) => h('tr', { 'data-source': s.id }, h('td', {}, s.name), h('td', {}, time(s.lastPollAt)),
        h('td', {}, s.up === null ? '—' : s.up ? t('external.up') : t('external.down')),
        h('td', {}, s.lastError ? `${time(s.lastError.at)} ${s.lastError.message}` : '—'))))));
  }

  load();
  loadSources();
  const close = events((event) => { if (event.type === 'cap.queued' || event.type === 'cap.decided') load(); });
  return close;
}
