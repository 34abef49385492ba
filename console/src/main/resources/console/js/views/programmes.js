// Programmes: an ordered list of recordings and texts (the hub speaks texts with espeak-ng).
import { api } from '../api.js';
import { h, clear, field, time, toast, showError, clearErrors } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import { duration } from './media.js';

export function render(main) {
  const list = h('div', { class: 'table-wrap', id: 'programme-list' });
  const formBox = h('div', { id: 'programme-form-box' });
  const newButton = h('button', { type: 'button', class: 'primary', id: 'programme-new' }, t('programme.create'));
  main.append(h('div', { class: 'actions' }, newButton), formBox, list);
  newButton.addEventListener('click', () => showForm(null));

  async function load() {
    let programmes;
    let names = {};
    try {
      const [found, library] = await Promise.all([api.get('/programmes'), api.get('/media').catch(() => ({ media: [] }))]);
      programmes = found.programmes;
      names = Object.fromEntries(library.media.map((m) => [m.sha256, m.name])); // recordings by name, not by hash
    } catch (e) { list.textContent = apiMessage(e); return; }
    clear(list);
    if (!programmes.length) { list.append(h('p', {}, t('programme.empty'))); return; }
    list.append(h('table', {}, h('thead', {}, h('tr', {}, ...['programme.name', 'programme.items', 'media.duration', 'media.createdAt', '']
      .map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
    h('tbody', {}, programmes.map((p) => {
      const del = h('button', { type: 'button', class: 'link danger' }, t('common.delete'));
      del.addEventListener('click', async () => {
        if (!window.confirm(t('programme.deleteConfirm', { name: p.name }))) return;
        try { await api.del(`/programmes/${p.id}`); load(); } catch (error) { toast(apiMessage(error), 'error'); }
      });
      const edit = h('button', { type: 'button', class: 'link', id: `programme-edit-${p.id}` }, t('common.edit'));
      edit.addEventListener('click', () => showForm(p));
      return h('tr', { 'data-programme': p.id }, h('th', { scope: 'row' }, p.name),
        h('td', {}, h('ol', { class: 'items' }, p.items.map((i) => h('li', {}, i.text ? `「${i.text}」` : `♪ ${i.name || names[i.media] || t('programme.unknownRecording')}`)))),
        h('td', {}, duration(p.durationMs)), h('td', {}, time(p.createdAt)),
        h('td', {}, p.mayChange ? h('span', { class: 'row-actions' }, edit, ' ', del) : h('span', { class: 'meta' }, t('routine.viewOnly'))));
    }))));
  }

  /** The form for a new programme, or (with {@code existing}) to edit one: the same checks, saved with PUT. */
  async function showForm(existing) {
    let media = [];
    try { media = (await api.get('/media')).media; } catch (e) { toast(apiMessage(e), 'error'); }
    const name = h('input', { id: 'programme-name', maxlength: 100, value: existing ? existing.name : '' });
    const items = h('ol', { class: 'programme-items', id: 'programme-items' });
    const addMedia = h('button', { type: 'button', id: 'programme-add-media', disabled: !media.length }, t('programme.addMedia'));
    const addText = h('button', { type: 'button', id: 'programme-add-text' }, t('programme.addText'));
    const cancel = h('button', { type: 'button' }, t('common.cancel'));
    const itemsBox = h('fieldset', { 'data-field': 'items' }, h('legend', {}, t('programme.items')), items, h('div', { class: 'actions' }, addMedia, addText));
    const form = h('form', { class: 'card', novalidate: true, id: 'programme-form' },
      h('h2', {}, existing ? t('programme.editing', { name: existing.name }) : t('programme.create')),
      field(t('programme.name'), name, 'name'), itemsBox,
      h('div', { class: 'actions' }, cancel, h('button', { type: 'submit', class: 'primary', id: 'programme-save' }, t('common.save'))));

    function renumber() {
      [...items.children].forEach((li, i) => {
        const control = li.querySelector('select,textarea');
        control.dataset.field = control.tagName === 'SELECT' ? `items[${i}].media` : `items[${i}]`;
        control.id = `programme-item-${i}`;
        li.querySelector('label').htmlFor = control.id;
      });
    }
    function addItem(control, label) {
      const remove = h('button', { type: 'button', class: 'link danger' }, t('programme.remove'));
      const li = h('li', { class: 'field' }, h('label', {}, label), control, remove);
      remove.addEventListener('click', () => { li.remove(); renumber(); });
      items.append(li);
      renumber();
      control.focus();
    }
    const mediaItem = (sha) => {
      const select = h('select', { class: 'item-media' }, media.map((m) => h('option', { value: m.sha256 }, `${m.name}（${duration(m.durationMs)}）`)));
      if (sha && !media.some((m) => m.sha256 === sha)) select.append(h('option', { value: sha }, t('programme.unknownRecording')));
      if (sha) select.value = sha;
      return select;
    };
    const textItem = (text) => {
      const area = h('textarea', { class: 'item-text', rows: 2, maxlength: 2000 });
      area.value = text || '';
      return area;
    };
    addMedia.addEventListener('click', () => addItem(mediaItem(null), t('programme.mediaItem')));
    addText.addEventListener('click', () => addItem(textItem(''), t('programme.textItem')));
    cancel.addEventListener('click', () => clear(formBox));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const body = { name: name.value.trim(), items: [...items.querySelectorAll('select,textarea')]
        .map((c) => (c.tagName === 'SELECT' ? { media: c.value } : { text: c.value })) };
      try {
        if (existing) await api.put(`/programmes/${encodeURIComponent(existing.id)}`, body); else await api.post('/programmes', body);
        toast(t('programme.saved'));
        clear(formBox);
        load();
      } catch (error) { showError(form, error); }
    });
    clear(formBox).append(form);
    // a spoken text stays a text item (the hub speaks it again); a recording stays the same recording
    (existing ? existing.items : []).forEach((i) => (i.text ? addItem(textItem(i.text), t('programme.textItem'))
      : addItem(mediaItem(i.media), t('programme.mediaItem'))));
    name.focus();
  }
  load();
}
