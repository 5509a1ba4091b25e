// Officer accounts (admins): list, create, deactivate, reset a password.
import { api } from './api.js';
import { el, flash, option, t } from './dom.js';
import { errorText, route } from './navigation.js';

const ROLES = ['officer', 'supervisor', 'viewer', 'admin'];

function createForm() {
  const message = el('p', { class: 'error', role: 'alert' });
  const input = (name, labelKey, attributes = {}) => [
    el('label', { for: `officer-${name}` }, t(labelKey)),
    el('input', { id: `officer-${name}`, name, type: 'text', ...attributes }),
  ];
  const form = el(
    'form',
    { class: 'card', id: 'officer-create' },
    el('h2', {}, t('officers.create')),
    ...input('username', 'officers.username', { required: true, pattern: '[a-z0-9._\\-]{3,40}' }),
    ...input('displayName', 'officers.displayName'),
    el('label', { for: 'officer-role' }, t('officers.role')),
    el(
      'select',
      { id: 'officer-role', name: 'role' },
      ROLES.map((role) => option(role, t(`officers.roles.${role}`), 'officer')),
    ),
    ...input('localityCode', 'officers.locality', { inputmode: 'numeric' }),
    ...input('password', 'officers.password', {
      type: 'password',
      required: true,
      minlength: 10,
      autocomplete: 'new-password',
    }),
    message,
    el('button', { type: 'submit', class: 'primary' }, t('officers.create')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name) => String(data.get(name) ?? '').trim();
    try {
      await api('POST', '/api/console/officers', {
        username: text('username'),
        displayName: text('displayName') || null,
        role: text('role'),
        localityCode: text('localityCode') || null,
        password: String(data.get('password') ?? ''),
      });
      flash(t('saved'));
      await route();
    } catch (error) {
      message.textContent = errorText(error);
    }
  });
  return form;
}

function officerRow(officer) {
  const act = (path, after) => async () => {
    try {
      const answer = await api('POST', `/api/console/officers/${officer.id}/${path}`);
      await route();
      if (after) after(answer);
    } catch (error) {
      flash(errorText(error));
    }
  };
  return el(
    'tr',
    {},
    el('td', {}, officer.username),
    el('td', {}, officer.displayName ?? ''),
    el('td', {}, t(`officers.roles.${officer.role}`)),
    el('td', {}, officer.localityCode ?? '—'),
    el('td', {}, officer.active ? t('officers.active') : t('officers.inactive')),
    el(
      'td',
      {},
      officer.active
        ? el('button', { type: 'button', class: 'secondary', onclick: act('deactivate') }, t('officers.deactivate'))
        : null,
      ' ',
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: act('reset-password', (answer) =>
            flash(t('officers.newPassword', { username: officer.username, password: answer.password })),
          ),
        },
        t('officers.resetPassword'),
      ),
    ),
  );
}

export async function renderOfficers() {
  const { officers } = await api('GET', '/api/console/officers');
  return el(
    'section',
    { id: 'officers' },
    el('h1', {}, t('officers.title')),
    el(
      'div',
      { class: 'card' },
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', {}, t('officers.username')),
            el('th', {}, t('officers.displayName')),
            el('th', {}, t('officers.role')),
            el('th', {}, t('officers.locality')),
            el('th', {}),
            el('th', {}),
          ),
        ),
        el('tbody', {}, officers.map(officerRow)),
      ),
    ),
    createForm(),
  );
}
