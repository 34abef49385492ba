// The target picker (whole county, townships, villages) offering only the user's scope; the API checks
// it again. Used by the alert form and the schedule form.
import { h } from './dom.js';
import { t } from './i18n.js';

/** Fills the fieldset with checkboxes; returns {chosen(), set(targets)} in the API's targets shape. */
export function targetPicker(fieldset, me, directory) {
  const scope = me.scope.kind;
  if (scope === 'county') {
    fieldset.append(h('label', { class: 'check strong' }, h('input', { type: 'checkbox', id: 'target-all' }), t('send.wholeCounty')));
  }
  for (const tw of directory.townships) {
    const whole = h('input', { type: 'checkbox', class: 'target-township', value: tw.id, id: `target-township-${tw.id}` });
    const villageBoxes = tw.villages.map((v) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', class: 'target-village', value: v.id, 'data-township': tw.id }), v.name));
    const group = h('details', { class: 'township-targets' },
      h('summary', {}, scope === 'village' ? tw.name
        : h('label', { class: 'check' }, whole, `${tw.name}（${t('send.wholeTownship')}，${tw.villages.length}）`)),
      h('div', { class: 'village-checks' }, villageBoxes));
    if (scope === 'village') { group.open = true; villageBoxes[0].querySelector('input').checked = true; }
    whole.addEventListener('change', () => group.querySelectorAll('.target-village').forEach((c) => { c.checked = whole.checked; }));
    group.addEventListener('change', (e) => {
      if (e.target.classList.contains('target-village')) {
        whole.checked = [...group.querySelectorAll('.target-village')].every((c) => c.checked);
      }
    });
    fieldset.append(group);
  }
  const all = fieldset.querySelector('#target-all');
  const setAll = (on) => {
    fieldset.querySelectorAll('.target-township, .target-village').forEach((c) => { c.checked = on; c.disabled = on; });
  };
  all?.addEventListener('change', () => setAll(all.checked));

  return {
    chosen() {
      if (all?.checked) return { all: true };
      const townships = [...fieldset.querySelectorAll('.target-township:checked')].map((c) => c.value);
      const villages = [...fieldset.querySelectorAll('.target-village:checked')].filter((c) => !townships.includes(c.dataset.township))
        .map((c) => c.value);
      const chosen = {};
      if (townships.length) chosen.townships = townships;
      if (villages.length) chosen.villages = villages;
      return chosen;
    },
    set(targets) {
      if (all) { all.checked = !!targets.all; setAll(!!targets.all); }
      if (targets.all) return;
      fieldset.querySelectorAll('.target-township, .target-village').forEach((c) => { c.checked = false; });
      for (const id of targets.townships || []) {
        fieldset.querySelectorAll(`[data-township="${CSS.escape(id)}"], #target-township-${CSS.escape(id)}`).forEach((c) => { c.checked = true; });
      }
      for (const id of targets.villages || []) {
        const box = fieldset.querySelector(`.target-village[value="${CSS.escape(id)}"]`);
        if (box) { box.checked = true; box.closest('details').open = true; }
      }
    },
  };
}
