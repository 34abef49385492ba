// Keeps what the user typed when the page is drawn again (a language switch redraws every screen):
// the values of the form controls on the page before, put back into the same controls after.

/** A selector that finds the same control again in a redrawn page, or null if it cannot be named. */
function selectorOf(control) {
  if (control.id) return `#${CSS.escape(control.id)}`;
  if ((control.type === 'checkbox' || control.type === 'radio') && control.value && control.className) {
    return `input.${CSS.escape(control.className.split(' ')[0])}[value="${CSS.escape(control.value)}"]`;
  }
  return null;
}

/** What the user entered on the page: [{selector, value, checked}]; files and passwords are left out. */
export function capture(root) {
  const kept = [];
  root.querySelectorAll('input, select, textarea').forEach((control) => {
    if (control.type === 'file' || control.type === 'password' || control.disabled && control.type !== 'checkbox') return;
    const selector = selectorOf(control);
    if (selector) kept.push({ selector, value: control.value, checked: control.checked, open: control.closest('details')?.open });
  });
  return kept;
}

/**
 * Puts the values back as the redrawn page's controls appear (a view may build parts of its form after
 * loading data), for up to five seconds; a control the user has touched since is left alone.
 */
export function restore(root, kept) {
  if (!kept.length) return;
  let left = kept;
  const touched = new Set();
  const onInput = (e) => touched.add(e.target);
  root.addEventListener('input', onInput, true);
  const apply = () => {
    left = left.filter((k) => {
      const control = root.querySelector(k.selector);
      if (!control) return true;
      if (touched.has(control)) return false;
      if (control.type === 'checkbox' || control.type === 'radio') control.checked = k.checked;
      else control.value = k.value;
      if (k.open && control.closest('details')) control.closest('details').open = true;
      control.dispatchEvent(new Event('input', { bubbles: true }));
      return false;
    });
    return !left.length;
  };
  if (apply()) { root.removeEventListener('input', onInput, true); return; }
  const observer = new MutationObserver(() => {
    if (apply()) stop();
  });
  const stop = () => { observer.disconnect(); root.removeEventListener('input', onInput, true); clearTimeout(timer); };
  const timer = setTimeout(stop, 5000);
  observer.observe(root, { childList: true, subtree: true });
}
