// Directory import with a preview of what changes, and endpoint credentials (download, rotate).
import { api, download } from '../api.js';
import { h, clear, field, toast, showError, clearErrors } from '../dom.js';
import { t, language, apiMessage } from '../i18n.js';

const COUNT_NAMES = {
  townshipsAdded: ['新增乡镇', 'townships added'], townshipsRemoved: ['删除乡镇', 'townships removed'],
  townshipsRenamed: ['乡镇改名', 'townships renamed'], villagesAdded: ['新增村', 'villages added'],
  villagesRemoved: ['删除村', 'villages removed'], villagesRenamed: ['村改名', 'villages renamed'],
  villagesChanged: ['村信息变更', 'villages changed'], endpointsAdded: ['新增终端', 'endpoints added'],
  endpointsRemoved: ['删除终端', 'endpoints removed'],
};

export function render(main) {
  const file = h('input', { type: 'file', id: 'directory-file', accept: '.csv,.json,text/csv,application/json' });
  const previewBox = h('div', { id: 'directory-preview' });
  const importForm = h('form', { class: 'card', novalidate: true }, h('h2', {}, t('directory.title')),
    field(t('directory.file'), file, 'file'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'directory-preview-button' }, t('directory.preview'))),
    previewBox);

  const endpoint = h('select', { id: 'credential-endpoint' });
  const downloadButton = h('button', { type: 'button', id: 'credential-download' }, t('directory.download'));
  const rotateButton = h('button', { type: 'button', class: 'danger', id: 'credential-rotate' }, t('directory.rotate'));
  const credentialForm = h('form', { class: 'card', novalidate: true }, h('h2', {}, t('directory.credentials')),
    field(t('directory.endpoint'), endpoint, 'endpoint'), h('div', { class: 'actions' }, downloadButton, rotateButton));
  main.append(h('h1', {}, t('nav.directory')), importForm, credentialForm);

  api.get('/villages').then((d) => {
    for (const tw of d.townships) {
      const group = h('optgroup', { label: tw.name });
      tw.villages.forEach((v) => v.endpoints.forEach((e) => group.append(h('option', { value: e.id }, `${v.name} · ${e.id}`))));
      endpoint.append(group);
    }
  }).catch((e) => toast(apiMessage(e), 'error'));

  let pending = null;
  importForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(importForm);
    clear(previewBox);
    const chosen = file.files[0];
    if (!chosen) { showError(importForm, { field: 'file', messageZh: '请选择文件', messageEn: 'choose a file' }); return; }
    const text = await chosen.text();
    const type = chosen.name.toLowerCase().endsWith('.json') ? 'application/json' : 'text/csv';
    try {
      const result = await api.upload('/directory?dryRun=true', text, type);
      pending = { text, type };
      showPreview(result);
    } catch (error) {
      showProblems(error);
    }
  });

  function showPreview(result) {
    const counts = result.diff.counts;
    const en = language() === 'en';
    const changed = Object.entries(counts).filter(([, n]) => n > 0);
    const apply = h('button', { type: 'button', class: 'primary', id: 'directory-apply', disabled: result.diff.empty }, t('directory.apply'));
    clear(previewBox).append(h('h3', {}, t('directory.changes')),
      changed.length ? h('ul', {}, changed.map(([k, n]) => h('li', {}, `${COUNT_NAMES[k]?.[en ? 1 : 0] || k}：${n}`))) : h('p', {}, t('common.none')),
      h('p', {}, `${result.totals.townships} ${t('overview.townships')} / ${result.totals.villages} ${t('overview.villages')} / ${result.totals.endpoints} ${t('overview.endpoints')}`),
      apply);
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      try {
        await api.upload('/directory', pending.text, pending.type);
        toast(t('directory.imported'));
        clear(previewBox);
      } catch (error) { showProblems(error); }
    });
  }

  function showProblems(error) {
    const problems = error.body?.problems || [];
    if (!problems.length) { showError(importForm, error); return; }
    const en = language() === 'en';
    clear(previewBox).append(h('p', { class: 'field-error', role: 'alert' }, t('directory.problems')),
      h('ul', { class: 'problems' }, problems.slice(0, 50).map((p) => h('li', {}, `${JSON.stringify(p.where)}：${en ? p.messageEn : p.messageZh}`))));
  }

  downloadButton.addEventListener('click', async () => {
    clearErrors(credentialForm);
    try {
      const credentials = await api.get(`/endpoints/${encodeURIComponent(endpoint.value)}/credentials`);
      await download(credentials, `${endpoint.value}.json`);
    } catch (error) { showError(credentialForm, error); }
  });
  rotateButton.addEventListener('click', async () => {
    clearErrors(credentialForm);
    if (!window.confirm(t('directory.rotateConfirm'))) return;
    try {
      const credentials = await api.post(`/endpoints/${encodeURIComponent(endpoint.value)}/credentials/rotate`);
      await download(credentials, `${endpoint.value}.json`);
      toast(t('directory.rotated'));
    } catch (error) { showError(credentialForm, error); }
  });
}
