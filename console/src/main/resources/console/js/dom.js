// Small DOM helpers: elements are built with h() (text is always text, never parsed as HTML).
import { language, t, apiMessage } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') el.className = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

let zone = 'Asia/Shanghai';
export function setZone(next) { if (next) zone = next; }

/** An ISO time from the API, shown in the county's zone. */
export function time(iso, withDate = true) {
  if (!iso) return '—';
  const options = { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  if (withDate) Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'zh-CN', options).format(new Date(iso));
}

/** Today's date in the county's zone, as YYYY-MM-DD. */
export function today(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(d);
}

/** The day of an ISO time in the county's zone, as YYYY-MM-DD. */
export function day(iso) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(iso));
}

/** The time of day in the county's zone, as HH:MM, offsetMs from now. */
export function clock(offsetMs = 0) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false })
    .format(new Date(Date.now() + offsetMs));
}

export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = `show ${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.className = ''; }, 5000);
}

/**
 * Shows an API error: next to the field it names (form controls carry data-field), otherwise at the
 * form's top. Returns true if it found the field.
 */
export function showError(form, error) {
  clearErrors(form);
  const message = apiMessage(error);
  const field = error.field ? form.querySelector(`[data-field="${CSS.escape(error.field)}"]`)
    || form.querySelector(`[data-field="${CSS.escape(error.field.split('.')[0])}"]`) : null;
  const box = h('p', { class: 'field-error', role: 'alert' }, message);
  if (field) {
    const control = field.matches('input,select,textarea,fieldset') ? field : field.querySelector('input,select,textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      box.id = `err-${Math.random().toString(36).slice(2)}`;
      control.setAttribute('aria-describedby', box.id);
    }
    (field.closest('.field') || field).append(box);
    (control || field).focus?.();
    return true;
  }
  form.prepend(box);
  return false;
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
}

/** A labelled form field; the control gets data-field so API errors land next to it. */
export function field(label, control, fieldName) {
  if (fieldName) control.dataset.field = fieldName;
  if (!control.id) control.id = `f-${fieldName || Math.random().toString(36).slice(2)}`;
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

/** The drill and emergency-override marks of an alert, shown wherever the alert appears. */
export function alertMarks(alert) {
  const marks = [];
  if (alert.exercise) marks.push(' ', h('span', { class: 'badge exercise', title: t('mark.exerciseTitle') }, t('mark.exercise')));
  if (alert.override) marks.push(' ', h('span', { class: 'badge override', title: t('mark.overrideTitle') }, t('mark.override')));
  return marks;
}

export function levelBadge(level) {
  return h('span', { class: `badge level-${level}` }, `${t(`level.${level}`)}${language() === 'en' ? '' : '预警'}`);
}
