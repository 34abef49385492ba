// User management for administrators: role and scope per user; the API checks every rule again.
import { api } from '../api.js';
import { h, clear, field, toast, showError, clearErrors } from '../dom.js';
import { t, apiMessage } from '../i18n.js';

const ROLES = ['county_operator', 'township_operator', 'village_operator', 'emergency_staff', 'viewer', 'admin'];
const SCOPE_KINDS = { admin: ['county'], county_operator: ['county'], township_operator: ['township'], village_operator: ['village'],
  emergency_staff: ['county', 'township', 'village'], viewer: ['county', 'township', 'village'] };

export function render(main, ctx) {
  const list = h('div', { class: 'table-wrap', id: 'user-list' });
  const formBox = h('div', { id: 'user-form-box' });
  const newButton = h('button', { type: 'button', class: 'primary', id: 'user-new' }, t('users.create'));
  main.append(h('div', { class: 'title-row' }, h('h1', {}, t('users.title')), newButton), formBox, list);
  let directory = null;

  async function load() {
    let users;
    try { users = (await api.get('/users')).users; } catch (e) { list.textContent = e.message; return; }
    clear(list).append(h('table', {}, h('thead', {}, h('tr', {}, ...['users.username', 'users.displayName', 'users.role', 'users.scope', '']
      .map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
    h('tbody', {}, users.map((u) => {
      const edit = h('button', { type: 'button', class: 'link' }, t('common.edit'));
      edit.addEventListener('click', () => showForm(u));
      const del = h('button', { type: 'button', class: 'link danger', hidden: u.username === ctx.me.username }, t('common.delete'));
      del.addEventListener('click', async () => {
        if (!window.confirm(t('users.deleteConfirm', { name: u.username }))) return;
        try { await api.del(`/users/${encodeURIComponent(u.username)}`); load(); } catch (e) { toast(apiMessage(e), 'error'); }
      });
      return h('tr', { 'data-user': u.username }, h('th', { scope: 'row' }, u.username), h('td', {}, u.displayName),
        h('td', {}, t(`role.${u.role}`)), h('td', {}, u.scope.name || t('scope.county')), h('td', {}, edit, ' ', del));
    }))));
  }

  function showForm(user) {
    const username = h('input', { id: 'user-username', value: user?.username || '', disabled: !!user, autocapitalize: 'none' });
    const displayName = h('input', { id: 'user-display', value: user?.displayName || '' });
    const role = h('select', { id: 'user-role' }, ROLES.map((r) => h('option', { value: r, selected: user?.role === r }, t(`role.${r}`))));
    const scope = h('select', { id: 'user-scope' });
    const password = h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password' });
    const cancel = h('button', { type: 'button' }, t('common.cancel'));
    const form = h('form', { class: 'card', novalidate: true },
      field(t('users.username'), username, 'username'), field(t('users.displayName'), displayName, 'displayName'),
      field(t('users.role'), role, 'role'), field(t('users.scope'), scope, 'scope'),
      field(user ? t('users.newPassword') : t('users.password'), password, 'password'),
      h('div', { class: 'actions' }, cancel, h('button', { type: 'submit', class: 'primary', id: 'user-save' }, t('common.save'))));
    function fillScopes() {
      const kinds = SCOPE_KINDS[role.value];
      clear(scope);
      if (kinds.includes('county')) scope.append(h('option', { value: 'county' }, t('scope.county')));
      for (const tw of directory.townships) {
        if (kinds.includes('township')) scope.append(h('option', { value: `township:${tw.id}` }, tw.name));
        if (kinds.includes('village')) {
          scope.append(h('optgroup', { label: tw.name }, tw.villages.map((v) => h('option', { value: `village:${v.id}` }, `${tw.name} · ${v.name}`))));
        }
      }
      const current = user ? (user.scope.kind === 'county' ? 'county' : `${user.scope.kind}:${user.scope.id}`) : null;
      if (current && [...scope.options].some((o) => o.value === current)) scope.value = current;
    }
    role.addEventListener('change', fillScopes);
    fillScopes();
    cancel.addEventListener('click', () => clear(formBox));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const [kind, id] = scope.value.split(':');
      const body = { displayName: displayName.value, role: role.value, scope: id ? { kind, id } : { kind } };
      if (password.value || !user) body.password = password.value;
      try {
        if (user) await api.put(`/users/${encodeURIComponent(user.username)}`, body);
        else await api.post('/users', { ...body, username: username.value.trim() });
        toast(t('users.saved'));
        clear(formBox);
        load();
      } catch (error) { showError(form, error); }
    });
    clear(formBox).append(form);
    (user ? displayName : username).focus();
  }

  newButton.addEventListener('click', () => showForm(null));
  api.get('/villages').then((d) => { directory = d; }).catch(() => {});
  load();
}
