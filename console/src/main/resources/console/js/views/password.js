// Changing one's own password; the hub ends every other session of the user and hands back a new token.
import { api, setToken } from '../api.js';
import { h, field, showError, clearErrors, toast } from '../dom.js';
import { t } from '../i18n.js';

export function render(main) {
  const current = h('input', { type: 'password', id: 'password-current', autocomplete: 'current-password' });
  const next = h('input', { type: 'password', id: 'password-new', autocomplete: 'new-password' });
  const form = h('form', { class: 'card login', novalidate: true }, h('h1', {}, t('password.title')),
    field(t('password.current'), current, 'currentPassword'), field(t('password.new'), next, 'newPassword'),
    h('button', { type: 'submit', class: 'primary', id: 'password-save' }, t('common.save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const session = await api.post('/me/password', { currentPassword: current.value, newPassword: next.value });
      setToken(session.token);
      toast(t('password.changed'));
      form.reset();
    } catch (error) { showError(form, error); }
  });
  main.append(form);
  current.focus();
}
