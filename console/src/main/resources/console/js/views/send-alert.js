// Send an alert: template, level, text with preview, targets within the user's scope, then a confirmation
// with the village and endpoint counts from the API, then the live progress view.
import { api } from '../api.js';
import { h, clear, field, showError, clearErrors, levelBadge, alertMarks, toast } from '../dom.js';
import { t, language, apiMessage } from '../i18n.js';
import { TEMPLATES, LEVELS } from '../templates.js';
import { targetPicker } from '../targets.js';
import { recordingPicker } from '../alert-recording.js';
import { PREFILL } from './external-warnings.js';

const LEVEL_ZH = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

export function render(main, ctx) {
  if (!ctx.me.permissions.includes('send_alerts')) {
    main.append(h('p', { class: 'card' }, t('send.noPermission')));
    return null;
  }
  const template = h('select', { id: 'alert-template' }, h('option', { value: '' }, t('send.templateNone')),
    ...TEMPLATES.map((tp) => h('option', { value: tp.id }, language() === 'en' ? tp.en : tp.zh)));
  const levels = h('fieldset', { class: 'levels', 'data-field': 'level' }, h('legend', {}, t('send.level')),
    ...LEVELS.map((level) => h('label', { class: `level-choice level-${level}` },
      h('input', { type: 'radio', name: 'level', value: level, id: `level-${level}` }), t(`level.${level}`))));
  // No maxlength: browsers count it in UTF-16 units, which cuts a title of CJK Extension B characters
  // at 50. The hub counts characters (code points) and its refusal is shown next to the field.
  const title = h('input', { id: 'alert-title', required: true });
  const text = h('textarea', { id: 'alert-text', rows: 5, required: true });
  const textCount = h('small', { class: 'count-chars' });
  const repeat = h('input', { id: 'alert-repeat', type: 'number', min: 1, max: 10, value: 1 });
  const minutes = h('input', { id: 'alert-expires', type: 'number', min: 1, max: 10080, value: 60 });
  const targets = h('fieldset', { class: 'targets', 'data-field': 'targets', id: 'alert-targets' }, h('legend', {}, t('send.targets')));
  const preview = h('div', { class: 'speech-preview', id: 'speech-preview', 'aria-live': 'polite' });
  const listen = h('button', { type: 'button', id: 'listen' }, t('send.listen'));
  const recording = recordingPicker();
  // a drill is chosen here and never changed afterwards (no route edits it)
  const exercise = h('input', { type: 'checkbox', id: 'alert-exercise' });
  const drill = h('div', { class: 'field drill-choice', 'data-field': 'exercise' },
    h('label', {}, exercise, ' ', t('send.exercise')), h('small', { class: 'note' }, t('send.exerciseNote')));
  // the emergency override: county-level users only (the hub checks it again), with a mandatory reason
  const overrideOn = h('input', { type: 'checkbox', id: 'alert-override' });
  const overrideReason = h('input', { id: 'alert-override-reason', 'data-field': 'override', hidden: true,
    placeholder: t('send.overrideReason'), 'aria-label': t('send.overrideReason') });
  overrideOn.addEventListener('change', () => { overrideReason.hidden = !overrideOn.checked; });
  const override = ctx.me.scope.kind === 'county'
    ? h('div', { class: 'field override-choice' }, h('label', {}, overrideOn, ' ', t('send.override')), overrideReason) : '';
  const form = h('form', { class: 'card send-form', novalidate: true },
    h('h1', {}, t('send.title')),
    h('div', { class: 'grid2' },
      h('div', {}, field(t('send.template'), template, 'template'), levels, field(t('send.alertTitle'), title, 'title'),
        h('div', { class: 'field' }, h('label', { for: 'alert-text' }, t('send.text')), text, textCount),
        h('div', { class: 'grid2' }, field(t('send.repeat'), repeat, 'repeat'), field(t('send.expires'), minutes, 'expiresAt')),
        drill, override),
      h('div', {}, targets)),
    h('section', { class: 'preview' }, h('h2', {}, t('send.preview')), preview, listen),
    recording.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'alert-next' }, t('send.next'))));
  const confirmBox = h('div', { id: 'alert-confirm' });
  main.append(form, confirmBox);
  text.dataset.field = 'text';

  // an external warning being edited (from the queue), or a CAP document pasted or uploaded here, fills the form
  let prefill = null;
  try { prefill = JSON.parse(sessionStorage.getItem(PREFILL) || 'null'); } catch (e) { prefill = null; }
  sessionStorage.removeItem(PREFILL);
  const capBox = capStart((mapped) => fill(mapped));
  form.querySelector('h1').after(capBox);
  let pendingTargets = null;
  let directory = null;
  let picker = null;
  function fill(mapped) {
    title.value = mapped.title || '';
    text.value = mapped.text || '';
    const radio = form.querySelector(`#level-${mapped.level}`);
    if (radio) radio.checked = true;
    if (mapped.expiresAt) minutes.value = Math.max(1, Math.ceil((Date.parse(mapped.expiresAt) - Date.now()) / 60_000));
    if (picker) picker.set(mapped.targets); else pendingTargets = mapped.targets;
    updatePreview();
  }

  const level = () => form.querySelector('input[name=level]:checked')?.value || null;

  // what the template last wrote: a level change rewrites only fields the operator has not edited since
  const filled = { title: null, text: null };
  const levelKept = h('p', { class: 'note', id: 'level-kept', role: 'status', hidden: true });
  levels.after(levelKept);
  function applyTemplate(onlyUnedited = false) {
    const tp = TEMPLATES.find((x) => x.id === template.value);
    if (!tp) return;
    const chosen = level() || tp.level;
    form.querySelector(`#level-${chosen}`).checked = true;
    const kept = [];
    for (const [control, key] of [[title, 'title'], [text, 'text']]) {
      if (onlyUnedited && filled[key] !== null && control.value !== filled[key]) { kept.push(key); continue; }
      control.value = tp[key].replaceAll('{level}', LEVEL_ZH[chosen]);
      filled[key] = control.value;
    }
    levelKept.hidden = !kept.length;
    levelKept.textContent = kept.length ? t('send.levelKept') : '';
    updatePreview();
  }
  template.addEventListener('change', () => { form.querySelectorAll('input[name=level]').forEach((r) => { r.checked = false; }); applyTemplate(); });
  levels.addEventListener('change', () => { if (template.value) applyTemplate(true); else updatePreview(); });

  // the speaker reads the headline, then the text (docs/protocol.md, "alert"); a drill begins and ends with 演练
  // (the same words as the hub's AlertVoicing)
  function spoken() {
    const said = `${title.value.trim()}。${text.value.trim()}`;
    return exercise.checked ? `演练，演练。这是一次演练。${said}。以上内容为演练。演练。` : said;
  }
  function updatePreview() {
    textCount.textContent = `${[...text.value].length} / 2000`;
    clear(preview).append(level() ? levelBadge(level()) : '', ' ', h('span', { lang: 'zh-CN' }, spoken()),
      Number(repeat.value) > 1 ? h('small', {}, ` ×${repeat.value}`) : '');
  }
  [title, text, repeat].forEach((el) => el.addEventListener('input', updatePreview));
  exercise.addEventListener('change', updatePreview);
  // the hub voices the text (espeak-ng, Mandarin) so the operator hears roughly what villagers will
  listen.addEventListener('click', async () => {
    listen.disabled = true;
    try {
      const wav = await api.post('/speech-preview', { text: spoken() });
      const old = preview.parentElement.querySelector('audio');
      if (old) { URL.revokeObjectURL(old.src); old.remove(); }
      const audio = h('audio', { controls: true, id: 'speech-audio', src: URL.createObjectURL(wav) });
      listen.after(audio);
      audio.play().catch(() => {}); // autoplay may be refused; the controls stay
    } catch (error) {
      showError(form, error.field ? error : { ...error, field: 'text', messageZh: error.messageZh, messageEn: error.messageEn });
    } finally {
      listen.disabled = false;
    }
  });

  // the target picker offers only the user's scope; the API checks it again
  (async () => {
    try { directory = await api.get('/villages'); } catch (e) { toast(apiMessage(e), 'error'); return; }
    picker = targetPicker(targets, ctx.me, directory);
    if (pendingTargets) picker.set(pendingTargets);
    form.querySelector('h1').after(presets());
  })();

  /** One-tap presets: a template at its usual level for the user's whole scope, then straight to the confirmation. */
  function presets() {
    const scopeTargets = ctx.me.scope.kind === 'county' ? { all: true }
      : ctx.me.scope.kind === 'township' ? { townships: [ctx.me.scope.id] } : { villages: [ctx.me.scope.id] };
    const where = ctx.me.scope.name || t('scope.county');
    return h('div', { class: 'presets', id: 'alert-presets', role: 'group', 'aria-label': t('send.presets') },
      h('p', { class: 'note' }, t('send.presetsNote', { where })),
      TEMPLATES.map((tp) => {
        const button = h('button', { type: 'button', class: `preset level-${tp.level}`, id: `preset-${tp.id}`, 'data-preset': tp.id },
          `${language() === 'en' ? tp.en : tp.zh} · ${t(`level.${tp.level}`)}`);
        button.addEventListener('click', () => {
          template.value = tp.id;
          form.querySelectorAll('input[name=level]').forEach((r) => { r.checked = false; });
          applyTemplate();
          picker.set(scopeTargets);
          form.requestSubmit();
        });
        return button;
      }));
  }

  function chosenTargets() {
    return picker ? picker.chosen() : {};
  }

  function request() {
    const body = { title: title.value, text: text.value, level: level(), targets: chosenTargets(),
      repeat: Number(repeat.value), expiresAt: Date.now() + Number(minutes.value) * 60_000, exercise: exercise.checked };
    if (!minutes.value || Number(minutes.value) <= 0) body.expiresAt = 'invalid';
    if (overrideOn.checked) body.override = { reason: overrideReason.value };
    return body;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    clear(confirmBox);
    const body = request();
    if (!Object.keys(body.targets).length) {
      showError(form, { field: 'targets', messageZh: t('send.chooseTarget'), messageEn: t('send.chooseTarget') });
      return;
    }
    let counts;
    try {
      counts = await api.post('/alerts/preview', body);
    } catch (error) {
      showError(form, error);
      return;
    }
    const send = h('button', { type: 'button', class: `primary level-${body.level}`, id: 'alert-send' }, t('send.confirmSend'));
    const back = h('button', { type: 'button', id: 'alert-back' }, t('common.back'));
    const panel = h('section', { class: 'card confirm', role: 'dialog', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, t('send.confirmTitle'), ' ', levelBadge(body.level),
        ...alertMarks({ exercise: body.exercise, override: body.override })),
      h('p', { class: 'big', id: 'confirm-counts' }, t('send.confirmText', counts)),
      h('ul', {}, counts.townships.map((tw) => h('li', {}, `${tw.name}：${tw.villages} ${t('overview.villages')}`))),
      h('p', { lang: 'zh-CN' }, h('b', {}, body.title), ' ', body.text),
      recording.element.querySelector('audio') ? h('p', { id: 'confirm-recording' }, t('send.confirmRecording')) : '',
      h('div', { class: 'actions' }, back, send));
    confirmBox.append(panel);
    form.querySelectorAll('input,select,textarea,button').forEach((el) => { el.dataset.wasDisabled = el.disabled; el.disabled = true; });
    send.focus();
    back.addEventListener('click', () => {
      clear(confirmBox);
      form.querySelectorAll('input,select,textarea,button').forEach((el) => { el.disabled = el.dataset.wasDisabled === 'true'; });
      form.querySelector('#alert-next').focus();
    });
    send.addEventListener('click', async () => {
      send.disabled = true;
      try {
        const media = await recording.sha256();
        // an edited external warning is sent through its queue entry, which decides it; otherwise a plain alert
        const created = prefill && prefill.queueId
          ? await api.post(`/cap/queue/${encodeURIComponent(prefill.queueId)}/send`, { alert: media ? { ...body, media } : body })
          : await api.post('/alerts', media ? { ...body, media } : body);
        toast(created.state === 'pending_approval' ? t('send.pending') : t('send.sent'));
        ctx.navigate(`#/alerts/${created.id}`);
      } catch (error) {
        back.click();
        showError(form, error);
      }
    });
  });
  // filled last: fill() uses the helpers defined above
  if (prefill) {
    form.querySelector('h1').after(h('p', { class: 'note', id: 'external-editing' }, t('external.editing', { source: prefill.sourceName || '' })));
    fill(prefill);
  }
  updatePreview();
  return null;
}

/** Paste or choose a CAP document, see what the hub reads in it, then fill the form with it (nothing is sent yet). */
function capStart(onUse) {
  const xml = h('textarea', { id: 'cap-xml', rows: 4, spellcheck: false });
  const file = h('input', { type: 'file', id: 'cap-file', accept: '.xml,.cap,application/xml,application/cap+xml' });
  const previewButton = h('button', { type: 'button', id: 'cap-preview' }, t('cap.preview'));
  const result = h('div', { id: 'cap-preview-result', 'aria-live': 'polite' });
  const box = h('details', { class: 'card cap-start', id: 'cap-start' }, h('summary', {}, t('cap.start')),
    h('div', { class: 'field' }, h('label', { for: 'cap-xml' }, t('cap.paste')), xml),
    h('div', { class: 'field' }, h('label', { for: 'cap-file' }, t('cap.file')), file),
    h('div', { class: 'actions' }, previewButton), result);
  file.addEventListener('change', async () => { if (file.files[0]) xml.value = await file.files[0].text(); });
  previewButton.addEventListener('click', async () => {
    clear(result);
    let mapped;
    try { mapped = await api.upload('/cap/preview', xml.value, 'application/cap+xml'); } catch (error) {
      result.append(h('p', { class: 'field-error', role: 'alert' }, apiMessage(error)));
      return;
    }
    const use = h('button', { type: 'button', class: 'primary', id: 'cap-use' }, t('cap.use'));
    use.addEventListener('click', () => { onUse(mapped); box.open = false; });
    result.append(h('p', { id: 'cap-preview-text' }, levelBadge(mapped.level), ' ',
      t('cap.previewText', { title: mapped.title, areas: (mapped.areas || []).join('、') })),
    h('p', { lang: 'zh-CN' }, mapped.text), use);
  });
  return box;
}
