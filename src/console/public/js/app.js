/* global URLSearchParams */
// The console's shell: language, sign-in steps, navigation between views (hash routes).
import { api, ApiError, setCsrfToken } from './api.js';
import { el, flash, loadLocale, locale, preferredLocale, t } from './dom.js';
import { renderQueue } from './queue.js';
import { renderTicket } from './ticket.js';
import { renderAudit, renderDashboard } from './oversight.js';
import { renderUnanswered } from './unanswered.js';
import { renderOfficers } from './officers.js';
import { renderBroadcasts } from './broadcasts.js';
import { errorText, onRoute } from './navigation.js';

const view = document.getElementById('view');
let me = null;

function show(...nodes) {
  view.replaceChildren(...nodes);
}

function updateNav() {
  const nav = document.getElementById('nav');
  nav.hidden = !me || me.next !== null;
  if (!me) return;
  for (const link of nav.querySelectorAll('[data-role]'))
    link.hidden = !link.dataset.role.split(' ').includes(me.officer.role);
  document.getElementById('whoami').textContent =
    `${me.officer.displayName ?? me.officer.username} · ${t(`officers.roles.${me.officer.role}`)}`;
}

async function refreshMe() {
  try {
    me = await api('GET', '/api/console/me');
    setCsrfToken(me.csrfToken);
  } catch {
    me = null;
  }
  updateNav();
}

function form(titleKey, fields, submitKey, onSubmit, ...extra) {
  const message = el('p', { class: 'error', role: 'alert' });
  const node = el(
    'form',
    { class: 'card narrow', id: `form-${titleKey.split('.')[0]}` },
    el('h1', {}, t(titleKey)),
    ...extra,
    ...fields,
    message,
    el('button', { class: 'primary', type: 'submit' }, t(submitKey)),
  );
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      await onSubmit(new FormData(node));
    } catch (error) {
      message.textContent = error instanceof Error && error.uiMessage ? error.uiMessage : errorText(error);
    }
  });
  return node;
}

function field(name, labelKey, type = 'text', attributes = {}) {
  return [
    el('label', { for: `f-${name}` }, t(labelKey)),
    el('input', { id: `f-${name}`, name, type, required: true, ...attributes }),
  ];
}

function uiError(message) {
  const error = new Error(message);
  error.uiMessage = message;
  return error;
}

function loginView() {
  show(
    form(
      'login.title',
      [
        ...field('username', 'login.username', 'text', { autocomplete: 'username' }),
        ...field('password', 'login.password', 'password', { autocomplete: 'current-password' }),
      ],
      'login.submit',
      async (data) => {
        try {
          const answer = await api('POST', '/api/console/login', {
            username: data.get('username'),
            password: data.get('password'),
          });
          setCsrfToken(answer.csrfToken);
        } catch (error) {
          if (error instanceof ApiError && error.status === 429) throw uiError(t('login.throttled'));
          if (error instanceof ApiError && error.status === 401) throw uiError(t('login.badCredentials'));
          throw error;
        }
        await refreshMe();
        route();
      },
    ),
  );
}

function passwordView() {
  show(
    form(
      'password.title',
      [
        ...field('current', 'password.current', 'password', { autocomplete: 'current-password' }),
        ...field('new', 'password.new', 'password', { autocomplete: 'new-password', minlength: 10 }),
      ],
      'password.submit',
      async (data) => {
        try {
          await api('POST', '/api/console/password', {
            currentPassword: data.get('current'),
            newPassword: data.get('new'),
          });
        } catch (error) {
          if (error instanceof ApiError && error.code === 'auth.totp_required')
            throw uiError(t('password.secondFactorFirst'));
          if (error instanceof ApiError && error.status === 403) throw uiError(t('password.badCurrent'));
          if (error instanceof ApiError && error.status === 429) throw uiError(t('login.throttled'));
          if (error instanceof ApiError && error.code === 'auth.password_weak') throw uiError(t('password.weak'));
          if (error instanceof ApiError && error.status === 400) throw uiError(t('password.tooShort'));
          throw error;
        }
        await refreshMe();
        route();
      },
      el('p', {}, t('password.intro')),
    ),
  );
}

function totpView(enrol) {
  const secretBox = el('p', { class: 'secret' });
  const extra = enrol
    ? [
        el('p', {}, t('totp.enrolIntro')),
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            id: 'totp-enrol',
            onclick: async () => {
              const secret = await api('POST', '/api/console/totp/enrol');
              secretBox.replaceChildren(
                el('strong', {}, `${t('totp.secret')}: `),
                el('code', { id: 'totp-secret' }, secret.secret),
              );
            },
          },
          t('totp.enrolStart'),
        ),
        secretBox,
      ]
    : [];
  show(
    form(
      'totp.title',
      field('code', 'totp.code', 'text', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 }),
      'totp.submit',
      async (data) => {
        try {
          await api('POST', '/api/console/totp/verify', { code: data.get('code') });
        } catch (error) {
          if (error instanceof ApiError && error.code === 'auth.totp_session_ended') {
            me = null;
            updateNav();
            loginView();
            flash(t('totp.sessionEnded'));
            return;
          }
          if (error instanceof ApiError && error.code === 'auth.totp_locked') throw uiError(t('totp.locked'));
          if (error instanceof ApiError && error.code === 'auth.totp_reused') throw uiError(t('totp.reused'));
          if (error instanceof ApiError && (error.status === 401 || error.status === 400))
            throw uiError(t('totp.badCode'));
          throw error;
        }
        await refreshMe();
        route();
      },
      ...extra,
    ),
  );
}

async function route() {
  flash('');
  if (!me) return loginView();
  if (me.next === 'password_change') return passwordView();
  if (me.next === 'totp_enrol' || me.next === 'totp') return totpView(me.next === 'totp_enrol');
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  try {
    if (path.startsWith('/ticket/'))
      return show(await renderTicket(decodeURIComponent(path.slice('/ticket/'.length)), me));
    // viewers see statistics only
    if (path === '/dashboard' || me.officer.role === 'viewer') return show(await renderDashboard());
    if (path === '/unanswered') return show(await renderUnanswered(me));
    if (path === '/audit') return show(await renderAudit());
    if (path === '/officers') return show(await renderOfficers());
    if (path === '/broadcasts') return show(await renderBroadcasts(me, params));
    return show(await renderQueue(params));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      me = null;
      updateNav();
      flash(t('errors.sessionExpired'));
      return loginView();
    }
    show(el('p', { class: 'card error', role: 'alert' }, errorText(error)));
  }
}

document.getElementById('language').addEventListener('click', async () => {
  await loadLocale(locale() === 'vi' ? 'en' : 'vi');
  route();
});
document.getElementById('logout').addEventListener('click', async () => {
  await api('POST', '/api/console/logout').catch(() => undefined);
  me = null;
  setCsrfToken('');
  updateNav();
  location.hash = '';
  loginView();
});
onRoute(route);
window.addEventListener('hashchange', () => route());

await loadLocale(preferredLocale());
await refreshMe();
route();
