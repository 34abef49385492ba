import { api, ApiFailure } from '../api.js';
import { h, field, showError, clearErrors } from '../dom.js';
import { t } from '../i18n.js';

export function render(main, { onLoggedIn }) {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card login', novalidate: true },
    h('h1', {}, t('login.title')),
    field(t('login.username'), username, 'username'),
    field(t('login.password'), password, 'password'),
    h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, t('login.submit')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const session = await api.post('/session', { username: username.value.trim(), password: password.value });
      onLoggedIn(session);
    } catch (error) {
      if (error instanceof ApiFailure && !error.field && error.status === 401) error.field = 'password';
      showError(form, error);
    }
  });
  main.append(form);
  username.focus();
}
