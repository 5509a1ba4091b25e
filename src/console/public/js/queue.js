/* global URLSearchParams */
// The queue: filters (kept in the address, so a filtered view can be bookmarked), counts per
// status, tickets sorted by due date, and cursor pagination.
import { api } from './api.js';
import { el, formatDateTime, option, t } from './dom.js';

const STATUSES = ['received', 'acknowledged', 'in_progress', 'resolved', 'rejected', 'forwarded', 'closed'];
const KINDS = ['complaint', 'denunciation', 'petition'];
const CATEGORIES = ['voter_list', 'candidate', 'polling', 'results', 'campaigning', 'other'];
const FILTERS = ['status', 'kind', 'category', 'locality', 'assignee', 'overdue', 'dueSoon', 'q'];

function select(name, allKey, values, labelsKey, current) {
  return el(
    'select',
    { name, id: `filter-${name}`, 'aria-label': t(allKey) },
    option('', t(allKey), current),
    values.map((value) => option(value, t(`${labelsKey}.${value}`), current)),
  );
}

export function deadlineBadges(ticket) {
  return [
    ticket.overdue ? el('span', { class: 'badge overdue' }, t('badge.overdue')) : null,
    ticket.dueSoon ? el('span', { class: 'badge due-soon' }, t('badge.dueSoon')) : null,
  ];
}

function filterForm(params) {
  const current = (name) => params.get(name) ?? '';
  const node = el(
    'form',
    { class: 'card filters', id: 'queue-filters' },
    select('status', 'queue.allStatuses', STATUSES, 'statuses', current('status')),
    select('kind', 'queue.allKinds', KINDS, 'kinds', current('kind')),
    select('category', 'queue.allCategories', CATEGORIES, 'categories', current('category')),
    el(
      'select',
      { name: 'assignee', 'aria-label': t('queue.allAssignees') },
      option('', t('queue.allAssignees'), current('assignee')),
      option('me', t('queue.assigneeMe'), current('assignee')),
      option('none', t('queue.assigneeNone'), current('assignee')),
    ),
    el('input', {
      type: 'text',
      name: 'locality',
      placeholder: t('queue.locality'),
      'aria-label': t('queue.locality'),
      value: current('locality'),
    }),
    el('input', {
      type: 'search',
      name: 'q',
      id: 'filter-q',
      placeholder: t('queue.search'),
      'aria-label': t('queue.search'),
      value: current('q'),
    }),
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', name: 'overdue', value: '1', checked: current('overdue') === '1' }),
      t('queue.overdue'),
    ),
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', name: 'dueSoon', value: '1', checked: current('dueSoon') === '1' }),
      t('queue.dueSoon'),
    ),
    el('button', { type: 'submit', class: 'primary', id: 'filter-apply' }, t('queue.apply')),
  );
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(node))
      if (typeof value === 'string' && value.trim() !== '') next.set(name, value.trim());
    location.hash = `#/queue?${next}`;
  });
  return node;
}

function ticketItem(ticket) {
  return el(
    'li',
    { class: 'ticket', dataset: { code: ticket.code } },
    el(
      'div',
      { class: 'row1' },
      el('a', { class: 'code', href: `#/ticket/${encodeURIComponent(ticket.code)}` }, ticket.code),
      el('span', { class: 'badge status' }, t(`statuses.${ticket.status}`)),
      ...deadlineBadges(ticket),
      el(
        'span',
        { class: 'meta' },
        `${t(`kinds.${ticket.kind}`)} · ${t(`categories.${ticket.category}`)} · ${ticket.localityName ?? ticket.localityCode}`,
      ),
    ),
    el('p', { class: 'excerpt' }, ticket.excerpt),
    el(
      'div',
      { class: 'meta' },
      `${t('queue.due')}: ${formatDateTime(ticket.dueAt)}`,
      ticket.assignee ? ` · ${t('queue.assignee')}: ${ticket.assignee.name}` : '',
    ),
  );
}

export async function renderQueue(params) {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) query.set(name, params.get(name));
  if (params.get('cursor')) query.set('cursor', params.get('cursor'));
  const page = await api('GET', `/api/console/tickets?${query}`);
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete('cursor');
  const counts = el(
    'div',
    { class: 'counts', id: 'status-counts' },
    STATUSES.map((status) =>
      el('span', { class: 'count', dataset: { status } }, `${t(`statuses.${status}`)}: ${page.counts[status] ?? 0}`),
    ),
  );
  const list = page.tickets.length
    ? el('ul', { class: 'tickets', id: 'ticket-list' }, page.tickets.map(ticketItem))
    : el('p', { class: 'card', id: 'ticket-list' }, t('queue.empty'));
  const pager = el('div', { class: 'pager' });
  if (params.get('cursor')) {
    const first = new URLSearchParams(query);
    first.delete('cursor');
    pager.append(el('a', { href: `#/queue?${first}` }, t('queue.first')));
  }
  if (page.nextCursor) {
    const next = new URLSearchParams(query);
    next.set('cursor', page.nextCursor);
    pager.append(el('a', { href: `#/queue?${next}`, id: 'next-page' }, t('queue.next')));
  }
  return el(
    'section',
    { id: 'queue' },
    el('h1', {}, t('queue.title')),
    filterForm(params),
    counts,
    el('p', {}, el('a', { href: `/api/console/export.csv?${exportQuery}`, download: '' }, t('queue.export'))),
    list,
    pager,
  );
}
