// Media library: upload a recording, play it back in the browser (fetched with the operator's token),
// delete it when no programme uses it (the API's 409 names the programmes).
import { api, ApiFailure } from '../api.js';
import { h, clear, field, time, toast, showError, clearErrors } from '../dom.js';
import { t, apiMessage } from '../i18n.js';

export function duration(ms) {
  const s = Math.round((ms || 0) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function render(main) {
  const name = h('input', { id: 'media-name', maxlength: 200 });
  const file = h('input', { id: 'media-file', type: 'file', accept: 'audio/*,.wav,.mp3,.ogg,.opus' });
  const form = h('form', { class: 'card', novalidate: true }, h('h2', {}, t('media.upload')),
    h('div', { class: 'grid2' }, field(t('media.name'), name, 'name'), field(t('media.file'), file, 'file')),
    h('p', { class: 'note' }, t('media.formats')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'media-upload' }, t('media.uploadButton'))));
  const player = h('audio', { id: 'media-player', controls: true, preload: 'auto' });
  const nowPlaying = h('p', { id: 'media-now', class: 'meta', 'aria-live': 'polite' });
  const list = h('div', { class: 'table-wrap', id: 'media-list' });
  main.append(form, h('section', { class: 'card player' }, h('h2', {}, t('media.player')), nowPlaying, player), list);
  let objectUrl = null;

  file.addEventListener('change', () => {
    if (!name.value && file.files[0]) name.value = file.files[0].name.replace(/\.[^.]+$/, '');
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const chosen = file.files[0];
    if (!chosen) { showError(form, { field: 'file', messageZh: t('media.chooseFile'), messageEn: t('media.chooseFile') }); return; }
    try {
      await api.upload(`/media?name=${encodeURIComponent(name.value.trim())}`, chosen, chosen.type || 'application/octet-stream');
      toast(t('media.uploaded'));
      form.reset();
      load();
    } catch (error) { showError(form, error); }
  });

  async function play(item) {
    try {
      const blob = await api.get(`/media/${item.sha256}/audio`);
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = URL.createObjectURL(blob);
      player.src = objectUrl;
      nowPlaying.textContent = `${t('media.playing')}：${item.name}`;
      await player.play();
    } catch (error) { toast(error instanceof ApiFailure ? apiMessage(error) : String(error), 'error'); }
  }

  async function load() {
    let items;
    try { items = (await api.get('/media')).media; } catch (e) { list.textContent = apiMessage(e); return; }
    clear(list);
    if (!items.length) { list.append(h('p', {}, t('media.empty'))); return; }
    list.append(h('table', {}, h('thead', {}, h('tr', {}, ...['media.name', 'media.format', 'media.duration', 'media.size',
      'media.createdAt', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
    h('tbody', {}, items.map((item) => {
      const playButton = h('button', { type: 'button', class: 'media-play' }, `▶ ${t('media.play')}`);
      playButton.addEventListener('click', () => play(item));
      const del = h('button', { type: 'button', class: 'link danger' }, t('common.delete'));
      del.addEventListener('click', async () => {
        if (!window.confirm(t('media.deleteConfirm', { name: item.name }))) return;
        try { await api.del(`/media/${item.sha256}`); load(); } catch (error) { toast(apiMessage(error), 'error'); }
      });
      return h('tr', { 'data-media': item.sha256 }, h('th', { scope: 'row' }, item.name), h('td', {}, item.format),
        h('td', {}, duration(item.durationMs)), h('td', {}, `${Math.ceil(item.bytes / 1024)} KiB`), h('td', {}, time(item.createdAt)),
        h('td', {}, playButton, ...(item.mayChange ? [' ', del] : [])));
    }))));
  }
  load();
  return () => { player.pause(); if (objectUrl) URL.revokeObjectURL(objectUrl); };
}
