/* global URLSearchParams, history */
// Broadcasts: compose (vi + en, audience, time, urgent, with an estimate), approval by a second
// person, pause / resume / cancel and a live progress bar; the election calendar and the default
// reminder plan. What officers typed is shown through text nodes only.
import { api, ApiError } from './api.js';
import { el, flash, formatDateTime, option, t } from './dom.js';
import { errorText, route } from './navigation.js';

const APPROVERS = ['admin', 'supervisor'];
const POLL_MS = 1500;

// Keys written out in full, so that the locale check sees each one in use.
const STATUS_KEYS = {
  draft: 'broadcasts.statuses.draft',
  pending_approval: 'broadcasts.statuses.pending_approval',
  approved: 'broadcasts.statuses.approved',
  sending: 'broadcasts.statuses.sending',
  paused: 'broadcasts.statuses.paused',
  completed: 'broadcasts.statuses.completed',
  cancelled: 'broadcasts.statuses.cancelled',
};
const CHANNEL_KEYS = {
  telegram: 'broadcasts.channels.telegram',
  zalo: 'broadcasts.channels.zalo',
  web: 'broadcasts.channels.web',
};
const ERROR_KEYS = {
  'broadcast.self_approval': 'broadcasts.errors.selfApproval',
  'broadcast.out_of_scope': 'broadcasts.errors.outOfScope',
  'broadcast.unknown_locality': 'broadcasts.errors.unknownLocality',
  'locality.unknown': 'broadcasts.errors.unknownLocality',
  'broadcast.wrong_status': 'broadcasts.errors.changed',
  'broadcast.changed': 'broadcasts.errors.changed',
};
const ACTIONS = [
  {
    name: 'submit',
    label: 'broadcasts.actions.submit',
    done: 'broadcasts.done.submit',
    statuses: ['draft'],
    approversOnly: false,
  },
  {
    name: 'approve',
    label: 'broadcasts.actions.approve',
    done: 'broadcasts.done.approve',
    statuses: ['pending_approval'],
    approversOnly: true,
  },
  {
    name: 'reject',
    label: 'broadcasts.actions.reject',
    done: 'broadcasts.done.reject',
    statuses: ['pending_approval'],
    approversOnly: true,
  },
  {
    name: 'pause',
    label: 'broadcasts.actions.pause',
    done: 'broadcasts.done.pause',
    statuses: ['approved', 'sending'],
    approversOnly: true,
  },
  {
    name: 'resume',
    label: 'broadcasts.actions.resume',
    done: 'broadcasts.done.resume',
    statuses: ['paused'],
    approversOnly: true,
  },
  {
    name: 'cancel',
    label: 'broadcasts.actions.cancel',
    done: 'broadcasts.done.cancel',
    statuses: ['draft', 'pending_approval', 'approved', 'sending', 'paused'],
    approversOnly: true,
  },
];

function broadcastError(error) {
  if (error instanceof ApiError && ERROR_KEYS[error.code]) return t(ERROR_KEYS[error.code]);
  return errorText(error);
}

/** Re-renders the page, then says what happened (route() clears the flash first). */
async function reloadWith(message) {
  history.replaceState(null, '', '#/broadcasts');
  await route();
  flash(message);
}

function pad(value) {
  return String(value).padStart(2, '0');
}

/** An ISO instant as the value of a datetime-local input, in the browser's time zone. */
function toLocalInput(iso) {
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function duration(seconds) {
  if (seconds < 1) return t('broadcasts.durationUnderSecond');
  return seconds < 60
    ? t('broadcasts.durationSeconds', { count: seconds })
    : t('broadcasts.durationMinutes', { count: Math.ceil(seconds / 60) });
}

function audienceSummary(broadcast) {
  const parts = [];
  if (broadcast.audienceLocality) parts.push(t('broadcasts.inLocality', { code: broadcast.audienceLocality }));
  if (broadcast.audienceChannel)
    parts.push(t('broadcasts.onChannel', { channel: t(CHANNEL_KEYS[broadcast.audienceChannel]) }));
  return parts.length > 0 ? parts.join(' · ') : t('broadcasts.audiences.all');
}

function labelled(id, labelKey, control) {
  return el('div', { class: 'field' }, el('label', { for: id }, t(labelKey)), control);
}

function composeForm(officer, editing) {
  const scoped = officer.localityCode !== null;
  const kind = editing
    ? editing.audienceLocality
      ? 'locality'
      : editing.audienceChannel
        ? 'channel'
        : 'all'
    : scoped
      ? 'locality'
      : 'all';
  const audience = el(
    'select',
    { id: 'bc-audience', name: 'audience' },
    scoped ? null : option('all', t('broadcasts.audiences.all'), kind),
    option('locality', t('broadcasts.audiences.locality'), kind),
    option('channel', t('broadcasts.audiences.channel'), kind),
  );
  const locality = el('input', {
    id: 'bc-locality',
    name: 'locality',
    type: 'text',
    maxlength: 100,
    value: editing?.audienceLocality ?? officer.localityCode ?? '',
  });
  const channel = el(
    'select',
    { id: 'bc-channel', name: 'channel' },
    Object.entries(CHANNEL_KEYS).map(([value, key]) => option(value, t(key), editing?.audienceChannel ?? 'telegram')),
  );
  const localityField = labelled('bc-locality', 'broadcasts.locality', locality);
  const channelField = labelled('bc-channel', 'broadcasts.channel', channel);
  const at = el('input', {
    id: 'bc-at',
    name: 'at',
    type: 'datetime-local',
    value: editing?.scheduledAt ? toLocalInput(editing.scheduledAt) : '',
  });
  const whenChoice = (value, key) =>
    el(
      'label',
      { class: 'check' },
      el('input', {
        type: 'radio',
        name: 'when',
        value,
        id: `bc-when-${value}`,
        checked: (editing?.scheduledAt ? 'at' : 'now') === value,
      }),
      t(key),
    );
  const estimate = el('p', { id: 'broadcast-estimate', class: 'meta', 'aria-live': 'polite' });
  const message = el('p', { class: 'error', role: 'alert', id: 'broadcast-form-error' });
  const text = (name, key, value, attributes) =>
    labelled(
      `bc-${name}`,
      key,
      el(
        attributes.multiline ? 'textarea' : 'input',
        {
          id: `bc-${name}`,
          name,
          required: true,
          maxlength: attributes.max,
          ...(attributes.multiline ? {} : { type: 'text', value }),
        },
        attributes.multiline ? value : null,
      ),
    );

  const form = el(
    'form',
    { class: 'card', id: 'broadcast-form' },
    el('h2', {}, t(editing ? 'broadcasts.editing' : 'broadcasts.compose')),
    text('title', 'broadcasts.fields.title', editing?.title ?? '', { max: 200 }),
    text('textVi', 'broadcasts.fields.textVi', editing?.textVi ?? '', { max: 4000, multiline: true }),
    text('textEn', 'broadcasts.fields.textEn', editing?.textEn ?? '', { max: 4000, multiline: true }),
    labelled('bc-audience', 'broadcasts.audience', audience),
    localityField,
    channelField,
    el(
      'fieldset',
      { class: 'choices' },
      el('legend', {}, t('broadcasts.when')),
      whenChoice('now', 'broadcasts.now'),
      whenChoice('at', 'broadcasts.at'),
      at,
    ),
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', name: 'urgent', id: 'bc-urgent', checked: editing?.urgent ?? false }),
      t('broadcasts.urgent'),
    ),
    estimate,
    message,
    el(
      'div',
      { class: 'buttons' },
      el('button', { type: 'submit', class: 'secondary', id: 'bc-save', value: 'draft' }, t('broadcasts.saveDraft')),
      el(
        'button',
        { type: 'submit', class: 'primary', id: 'bc-save-submit', value: 'submit' },
        t('broadcasts.saveSubmit'),
      ),
      editing
        ? el(
            'button',
            { type: 'button', class: 'secondary', onclick: () => reloadWith('') },
            t('broadcasts.stopEditing'),
          )
        : null,
    ),
  );

  const audienceValue = () => ({
    locality: audience.value === 'locality' ? locality.value.trim() : '',
    channel: audience.value === 'channel' ? channel.value : '',
  });

  let estimateRun = 0;
  async function updateEstimate() {
    localityField.hidden = audience.value !== 'locality';
    channelField.hidden = audience.value !== 'channel';
    const run = ++estimateRun;
    const { locality: code, channel: onChannel } = audienceValue();
    if (audience.value === 'locality' && !code) return void (estimate.textContent = '');
    try {
      const answer = await api(
        'GET',
        `/api/console/broadcasts/estimate?${new URLSearchParams({ locality: code, channel: onChannel })}`,
      );
      if (run === estimateRun)
        estimate.textContent = t('broadcasts.estimate', {
          recipients: answer.recipients,
          duration: duration(answer.seconds),
        });
    } catch (error) {
      if (run === estimateRun) estimate.textContent = broadcastError(error);
    }
  }
  audience.addEventListener('change', updateEstimate);
  channel.addEventListener('change', updateEstimate);
  locality.addEventListener('change', updateEstimate);
  void updateEstimate();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    const data = new FormData(form);
    const scheduleAt = data.get('when') === 'at';
    if (scheduleAt && !at.value) return void (message.textContent = t('broadcasts.errors.scheduleMissing'));
    const { locality: code, channel: onChannel } = audienceValue();
    const body = {
      title: String(data.get('title') ?? ''),
      textVi: String(data.get('textVi') ?? ''),
      textEn: String(data.get('textEn') ?? ''),
      audienceLocality: code || null,
      audienceChannel: onChannel || null,
      scheduledAt: scheduleAt ? new Date(at.value).toISOString() : null,
      urgent: data.get('urgent') !== null,
      // a reminder keeps the moment after which it is no longer worth sending
      staleAt: editing?.staleAt ?? null,
    };
    try {
      const saved = editing
        ? await api('PUT', `/api/console/broadcasts/${editing.id}`, body)
        : await api('POST', '/api/console/broadcasts', body);
      const submit = event.submitter?.value === 'submit';
      if (submit) await api('POST', `/api/console/broadcasts/${saved.id}/submit`);
      await reloadWith(t(submit ? 'broadcasts.done.submit' : 'saved'));
    } catch (error) {
      message.textContent = broadcastError(error);
    }
  });
  return form;
}

function progressView(progress) {
  return el(
    'div',
    { class: 'progress' },
    el('progress', { max: 100, value: progress.percent, 'aria-label': t('broadcasts.progress', progress) }),
    el('p', { class: 'meta progress-text' }, t('broadcasts.progress', progress)),
  );
}

function broadcastItem(officer, broadcast, progress) {
  const error = el('p', { class: 'error', role: 'alert' });
  const mayApprove = APPROVERS.includes(officer.role);
  const act = (action) => async () => {
    error.textContent = '';
    try {
      await api('POST', `/api/console/broadcasts/${broadcast.id}/${action.name}`);
      await reloadWith(t(action.done));
    } catch (failure) {
      error.textContent = broadcastError(failure);
    }
  };
  const buttons = ACTIONS.filter(
    (action) => action.statuses.includes(broadcast.status) && (mayApprove || !action.approversOnly),
  ).map((action) =>
    el(
      'button',
      {
        type: 'button',
        class: action.name === 'approve' ? 'primary' : 'secondary',
        dataset: { action: action.name },
        onclick: act(action),
      },
      t(action.label),
    ),
  );
  const editable = broadcast.status === 'draft' || broadcast.status === 'pending_approval';
  const meta = [
    audienceSummary(broadcast),
    broadcast.scheduledAt
      ? t('broadcasts.sendsAt', { at: formatDateTime(broadcast.scheduledAt) })
      : t('broadcasts.now'),
    broadcast.author ? t('broadcasts.author', { name: broadcast.author }) : null,
    broadcast.approver ? t('broadcasts.approver', { name: broadcast.approver }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return el(
    'li',
    { id: `broadcast-${broadcast.id}`, dataset: { id: broadcast.id, status: broadcast.status } },
    el(
      'div',
      { class: 'row1' },
      el('strong', { class: 'title' }, broadcast.title),
      el('span', { class: `badge status bc-${broadcast.status}` }, t(STATUS_KEYS[broadcast.status])),
      broadcast.urgent ? el('span', { class: 'badge urgent' }, t('broadcasts.urgentBadge')) : null,
    ),
    el('p', { class: 'meta' }, meta),
    el('details', {}, el('summary', {}, t('broadcasts.fields.textVi')), el('p', { class: 'text' }, broadcast.textVi)),
    el('details', {}, el('summary', {}, t('broadcasts.fields.textEn')), el('p', { class: 'text' }, broadcast.textEn)),
    progress && progress.total > 0 ? progressView(progress) : null,
    error,
    el(
      'div',
      { class: 'buttons' },
      editable
        ? el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              dataset: { action: 'edit' },
              onclick: () => {
                location.hash = `#/broadcasts?edit=${broadcast.id}`;
              },
            },
            t('broadcasts.actions.edit'),
          )
        : null,
      buttons,
    ),
  );
}

/** Going out now, or due to start at the next tick: its progress changes by itself. */
function isLive(broadcast) {
  if (broadcast.status === 'sending') return true;
  return (
    broadcast.status === 'approved' &&
    (broadcast.scheduledAt === null || new Date(broadcast.scheduledAt).getTime() <= Date.now())
  );
}

async function loadItem(officer, id) {
  const { broadcast, progress } = await api('GET', `/api/console/broadcasts/${id}`);
  return { broadcast, node: broadcastItem(officer, broadcast, progress) };
}

/** Refreshes the broadcasts that are going out until none is, or the page is left. */
function pollLive(officer, list, ids) {
  let live = ids;
  const poll = async () => {
    if (!list.isConnected || live.length === 0) return;
    const still = [];
    for (const id of live) {
      const current = list.querySelector(`li[data-id="${id}"]`);
      if (!current) continue;
      try {
        const { broadcast, node } = await loadItem(officer, id);
        if (!current.isConnected) continue;
        current.replaceWith(node);
        if (isLive(broadcast)) still.push(id);
      } catch {
        // a passing failure: try again at the next poll
        still.push(id);
      }
    }
    live = still;
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

async function broadcastList(officer) {
  const { broadcasts } = await api('GET', '/api/console/broadcasts');
  const items = await Promise.all(
    broadcasts.map(async (broadcast) =>
      broadcast.materializedAt ? (await loadItem(officer, broadcast.id)).node : broadcastItem(officer, broadcast, null),
    ),
  );
  const list = el('ul', { class: 'tickets broadcasts', id: 'broadcast-list' }, items);
  pollLive(
    officer,
    list,
    broadcasts.filter(isLive).map((broadcast) => broadcast.id),
  );
  return el(
    'div',
    { class: 'card' },
    el('h2', {}, t('broadcasts.list')),
    broadcasts.length === 0 ? el('p', { class: 'meta' }, t('broadcasts.empty')) : null,
    list,
  );
}

async function calendarCard() {
  const { calendar, editable } = await api('GET', '/api/console/broadcasts/calendar');
  const input = (name, key, type, value) =>
    labelled(
      `cal-${name}`,
      key,
      el('input', { id: `cal-${name}`, name, type, value, required: true, disabled: !editable }),
    );
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el(
    'form',
    { class: 'card', id: 'calendar-form' },
    el('h2', {}, t('broadcasts.calendar.title')),
    el(
      'div',
      { class: 'filters' },
      input('electionDay', 'broadcasts.calendar.electionDay', 'date', calendar.electionDay),
      input('open', 'broadcasts.calendar.pollingOpen', 'time', calendar.pollingHours.open),
      input('close', 'broadcasts.calendar.pollingClose', 'time', calendar.pollingHours.close),
      input('voterListPosted', 'broadcasts.calendar.voterListPosted', 'date', calendar.milestones.voterListPosted),
      input(
        'candidateListsPosted',
        'broadcasts.calendar.candidateListsPosted',
        'date',
        calendar.milestones.candidateListsPosted,
      ),
      // follows election day (10 days before it): shown, never edited
      labelled(
        'cal-candidateComplaintsCutoff',
        'broadcasts.calendar.candidateComplaintsCutoff',
        el('input', {
          id: 'cal-candidateComplaintsCutoff',
          type: 'date',
          value: calendar.candidateComplaintsCutoff,
          disabled: true,
        }),
      ),
    ),
    message,
    editable
      ? el('button', { type: 'submit', class: 'primary', id: 'calendar-save' }, t('broadcasts.calendar.save'))
      : null,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name) => String(data.get(name) ?? '');
    try {
      await api('PUT', '/api/console/broadcasts/calendar', {
        electionDay: value('electionDay'),
        pollingHours: { ...calendar.pollingHours, open: value('open'), close: value('close') },
        milestones: {
          ...calendar.milestones,
          voterListPosted: value('voterListPosted'),
          candidateListsPosted: value('candidateListsPosted'),
        },
      });
      await reloadWith(t('saved'));
    } catch (error) {
      message.textContent = broadcastError(error);
    }
  });
  return form;
}

function reminderPlanCard() {
  const message = el('p', { class: 'error', role: 'alert' });
  return el(
    'div',
    { class: 'card', id: 'reminder-plan' },
    el('h2', {}, t('broadcasts.plan.generate')),
    el('p', {}, t('broadcasts.plan.intro')),
    message,
    el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'reminder-plan-generate',
        onclick: async () => {
          try {
            const answer = await api('POST', '/api/console/broadcasts/reminder-plan');
            await reloadWith(
              t('broadcasts.plan.result', { created: answer.created.length, existing: answer.existing.length }),
            );
          } catch (error) {
            message.textContent = broadcastError(error);
          }
        },
      },
      t('broadcasts.plan.generate'),
    ),
  );
}

export async function renderBroadcasts(me, params) {
  const officer = me.officer;
  const editId = params.get('edit');
  const editing = editId ? (await api('GET', `/api/console/broadcasts/${encodeURIComponent(editId)}`)).broadcast : null;
  const planAllowed = APPROVERS.includes(officer.role) && officer.localityCode === null;
  return el(
    'section',
    { id: 'broadcasts' },
    el('h1', {}, t('broadcasts.title')),
    composeForm(officer, editing && ['draft', 'pending_approval'].includes(editing.status) ? editing : null),
    await broadcastList(officer),
    await calendarCard(),
    planAllowed ? reminderPlanCard() : null,
  );
}
