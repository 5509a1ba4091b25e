// One ticket: details, timeline, reply (with canned replies), note, status, assignment,
// delivery retry and the supervisor's identity reveal. Citizen text goes in as text nodes only.
import { api } from './api.js';
import { el, flash, formatDateTime, option, t } from './dom.js';
import { deadlineBadges } from './queue.js';
import { errorText, route } from './navigation.js';

const STATUSES = ['received', 'acknowledged', 'in_progress', 'resolved', 'rejected', 'forwarded', 'closed'];
const NEEDS_REASON = ['rejected', 'forwarded'];

function duration(ms) {
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  return hours >= 48 ? t('ticket.days', { count: Math.floor(hours / 24) }) : t('ticket.hours', { count: hours });
}

function actionForm(id, children, onSubmit) {
  const message = el('p', { class: 'error', role: 'alert' });
  const node = el('form', { id }, ...children, message);
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      await onSubmit(new FormData(node));
      flash(t('saved'));
      await route();
    } catch (error) {
      message.textContent = error instanceof Error && error.uiMessage ? error.uiMessage : errorText(error);
    }
  });
  return node;
}

function eventItem(code, event) {
  const author =
    event.authorType === 'citizen'
      ? t('ticket.citizen')
      : event.authorType === 'system'
        ? t('ticket.system')
        : (event.officerName ?? '');
  const parts = [
    el(
      'div',
      { class: 'meta' },
      `${t(`ticket.events.${event.type}`)} · ${author} · ${formatDateTime(event.createdAt)}`,
    ),
  ];
  if (event.type === 'status_change')
    parts.push(
      el(
        'p',
        { class: 'text' },
        `${event.fromStatus ? t(`statuses.${event.fromStatus}`) : ''} → ${event.toStatus ? t(`statuses.${event.toStatus}`) : ''}`,
      ),
    );
  if (event.text) parts.push(el('p', { class: 'text' }, event.text));
  if (event.reason) parts.push(el('p', { class: 'text meta' }, `${t('ticket.reason')}: ${event.reason}`));
  if (event.deliveryStatus) {
    // the outbox's report: sent, retrying or failed with the platform's reason, unreachable
    const reason = event.deliveryError && event.deliveryStatus !== 'sent' ? ` (${event.deliveryError})` : '';
    parts.push(
      el(
        'div',
        { class: 'meta delivery', dataset: { delivery: event.deliveryStatus } },
        `${t(`ticket.delivery.${event.deliveryStatus}`)}${reason}`,
      ),
    );
    if (event.deliveryStatus === 'failed' || event.deliveryStatus === 'unreachable') {
      parts.push(
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              try {
                await api('POST', `/api/console/tickets/${encodeURIComponent(code)}/retry-delivery`, {
                  eventId: event.id,
                });
                await route();
              } catch (error) {
                flash(errorText(error));
              }
            },
          },
          t('ticket.retry'),
        ),
      );
    }
  }
  return el('li', { class: event.type, dataset: { eventId: String(event.id) } }, ...parts);
}

function replyCard(ticket, path) {
  const textarea = el('textarea', { name: 'text', id: 'reply-text', required: true, maxlength: 4000 });
  const cannedSelect = el(
    'select',
    {
      id: 'canned',
      'aria-label': t('ticket.cannedReplies'),
      onchange: (event) => {
        if (event.target.value) textarea.value = event.target.value;
      },
    },
    option('', t('ticket.cannedReplies'), ''),
    ticket.cannedReplies.map((text) => option(text, text.length > 70 ? `${text.slice(0, 70)}…` : text, '')),
  );
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, t('ticket.reply')),
    el('p', { class: 'meta' }, t('ticket.replyHint')),
    actionForm(
      'reply-form',
      [cannedSelect, textarea, el('button', { type: 'submit', class: 'primary' }, t('ticket.send'))],
      (data) => api('POST', `${path}/replies`, { text: data.get('text') }),
    ),
  );
}

function noteCard(path) {
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, t('ticket.note')),
    el('p', { class: 'meta' }, t('ticket.noteHint')),
    actionForm(
      'note-form',
      [
        el('textarea', { name: 'text', required: true, maxlength: 4000 }),
        el('button', { type: 'submit', class: 'secondary' }, t('ticket.addNote')),
      ],
      (data) => api('POST', `${path}/notes`, { text: data.get('text') }),
    ),
  );
}

function statusCard(ticket, path) {
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, t('ticket.statusChange')),
    actionForm(
      'status-form',
      [
        el(
          'select',
          { name: 'status', id: 'status-select', 'aria-label': t('ticket.statusChange') },
          STATUSES.map((status) => option(status, t(`statuses.${status}`), ticket.status)),
        ),
        el('label', { for: 'status-reason' }, t('ticket.reason')),
        el('input', { type: 'text', name: 'reason', id: 'status-reason', maxlength: 1000 }),
        el('button', { type: 'submit', class: 'primary' }, t('ticket.changeStatus')),
      ],
      (data) => {
        const status = data.get('status');
        const reason = String(data.get('reason') ?? '').trim();
        if (NEEDS_REASON.includes(status) && !reason) {
          const error = new Error(t('ticket.reasonRequired'));
          error.uiMessage = error.message;
          throw error;
        }
        return api('POST', `${path}/status`, reason ? { status, reason } : { status });
      },
    ),
  );
}

async function assignCard(ticket, path) {
  const { officers } = await api('GET', '/api/console/officers/assignable');
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, t('ticket.assignee')),
    el('p', { id: 'assignee' }, ticket.assignee ? ticket.assignee.name : t('ticket.unassigned')),
    actionForm('claim-form', [el('button', { type: 'submit', class: 'secondary' }, t('ticket.claim'))], () =>
      api('POST', `${path}/assign`, { officerId: 'me' }),
    ),
    actionForm(
      'assign-form',
      [
        el(
          'select',
          { name: 'officerId', 'aria-label': t('ticket.assignTo') },
          option('', t('ticket.unassigned'), ticket.assignee?.id ?? ''),
          officers.map((officer) => option(officer.id, officer.name, ticket.assignee?.id ?? '')),
        ),
        el('button', { type: 'submit', class: 'secondary' }, t('ticket.assign')),
      ],
      (data) => api('POST', `${path}/assign`, { officerId: data.get('officerId') || null }),
    ),
  );
}

function identityCard(ticket, path) {
  if (!ticket.hasIdentity)
    return el('section', { class: 'card' }, el('h2', {}, t('ticket.identity')), el('p', {}, t('ticket.noIdentity')));
  const shown = el('dl', { class: 'identity', id: 'identity' });
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el(
    'form',
    { id: 'reveal-form' },
    el('label', { for: 'reveal-reason' }, t('ticket.revealReason')),
    el('input', { type: 'text', id: 'reveal-reason', name: 'reason', required: true, minlength: 5, maxlength: 500 }),
    el('button', { type: 'submit', class: 'secondary' }, t('ticket.reveal')),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { identity } = await api('POST', `${path}/reveal`, { reason: new FormData(form).get('reason') });
      if (identity)
        shown.replaceChildren(
          el('dt', {}, t('ticket.fullName')),
          el('dd', {}, identity.fullName),
          el('dt', {}, t('ticket.address')),
          el('dd', {}, identity.address),
          el('dt', {}, t('ticket.phone')),
          el('dd', {}, identity.phone),
        );
      form.hidden = true;
    } catch (error) {
      message.textContent = errorText(error);
    }
  });
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, t('ticket.identity')),
    el('p', { class: 'meta' }, t('ticket.identityHidden')),
    form,
    shown,
  );
}

export async function renderTicket(code, me) {
  const path = `/api/console/tickets/${encodeURIComponent(code)}`;
  const ticket = await api('GET', path);
  const canAct = me.officer.role !== 'viewer';
  const canReveal = me.officer.role === 'admin' || me.officer.role === 'supervisor';
  const timeLeft =
    ticket.timeLeftMs >= 0
      ? `${t('ticket.timeLeft')}: ${duration(ticket.timeLeftMs)}`
      : `${t('ticket.overdueBy')}: ${duration(ticket.timeLeftMs)}`;
  return el(
    'section',
    { id: 'ticket', dataset: { code: ticket.code } },
    el('p', {}, el('a', { href: '#/queue' }, t('ticket.back'))),
    el(
      'div',
      { class: 'card' },
      el(
        'h1',
        {},
        ticket.code,
        ' ',
        el('span', { class: 'badge status', id: 'ticket-status' }, t(`statuses.${ticket.status}`)),
        ' ',
        ...deadlineBadges(ticket),
      ),
      el(
        'p',
        { class: 'meta' },
        `${t(`kinds.${ticket.kind}`)} · ${t(`categories.${ticket.category}`)} · ${ticket.localityName ?? ticket.localityCode}`,
      ),
      el(
        'p',
        { class: 'meta' },
        `${t('ticket.filedAt')}: ${formatDateTime(ticket.filedAt)} · ${t('ticket.due')}: ${formatDateTime(ticket.dueAt)} · ${timeLeft}`,
      ),
      el('p', { class: 'description', id: 'ticket-description' }, ticket.description),
      ticket.attachments.length
        ? el(
            'div',
            {},
            el('h2', {}, t('ticket.attachments')),
            el(
              'ul',
              { id: 'attachments' },
              ticket.attachments.map((file, index) =>
                el(
                  'li',
                  {},
                  el(
                    'a',
                    { href: `${path}/attachments/${encodeURIComponent(file.id)}`, target: '_blank', rel: 'noopener' },
                    file.fileName ?? t('ticket.attachmentNumber', { number: index + 1 }),
                  ),
                ),
              ),
            ),
          )
        : null,
    ),
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('ticket.timeline')),
      el(
        'ol',
        { class: 'timeline', id: 'timeline' },
        ticket.events.map((event) => eventItem(ticket.code, event)),
      ),
    ),
    canAct ? el('div', { class: 'grid2' }, replyCard(ticket, path), noteCard(path)) : null,
    canAct ? el('div', { class: 'grid2' }, statusCard(ticket, path), await assignCard(ticket, path)) : null,
    canReveal ? identityCard(ticket, path) : null,
  );
}
