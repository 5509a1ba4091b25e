/* global history */
// The knowledge base's to-do list: the questions the bot could not answer, was unsure of (it
// asked back), or answered unhelpfully. A supervisor or an admin attaches one to an existing
// entry (a new way of asking it) or drafts a new entry in Vietnamese and English; an admin who
// did not write it approves or rejects each proposal, and approved changes reach the bot at once.
// The locale files with the approved changes can be downloaded for the developers. What citizens
// and officers wrote goes in through text nodes only.
import { api, ApiError } from './api.js';
import { el, flash, formatDateTime, locale, option, t } from './dom.js';
import { errorText, route } from './navigation.js';

// Keys written out in full, so that the locale check sees each one in use.
const STATUS_KEYS = {
  pending: 'unanswered.statuses.pending',
  approved: 'unanswered.statuses.approved',
  rejected: 'unanswered.statuses.rejected',
};
const LANGUAGE_KEYS = { vi: 'unanswered.languages.vi', en: 'unanswered.languages.en' };
const ERROR_KEYS = {
  'faq.variant_exists': 'unanswered.errors.variantExists',
  'faq.variant_pending': 'unanswered.errors.variantPending',
  'faq.id_taken': 'unanswered.errors.idTaken',
  'faq.unknown_entry': 'unanswered.errors.unknownEntry',
  'faq.unknown_related': 'unanswered.errors.unknownRelated',
  'faq.self_approval': 'unanswered.errors.selfApproval',
  'faq.changed': 'unanswered.errors.changed',
  'faq.not_pending': 'unanswered.errors.changed',
  'request.invalid': 'unanswered.errors.invalid',
};
const SIDES = ['vi', 'en'];

/** A problem found in the form before anything is sent, in the officer's language. */
class FormProblem extends Error {}

function proposalError(error) {
  if (error instanceof FormProblem) return error.message;
  if (error instanceof ApiError && ERROR_KEYS[error.code]) return t(ERROR_KEYS[error.code]);
  return errorText(error);
}

/** Re-renders the page, then says what happened (route() clears the flash first). */
async function reloadWith(message) {
  history.replaceState(null, '', '#/unanswered');
  await route();
  flash(message);
}

/** Lower case without diacritics, for the entry filter: "bau cu" finds "Bầu cử". */
function fold(text) {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase();
}

function labelled(id, labelKey, control) {
  return el('div', { class: 'field' }, el('label', { for: id }, t(labelKey)), control);
}

const lines = (text) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function entryLabel(entry) {
  return `${entry.question[locale()]} (${entry.id})`;
}

function questionOf(entries, id) {
  const entry = entries.get(id);
  return entry ? entry.question[locale()] : id;
}

function formCard(id, titleKey, body, onSubmit) {
  const message = el('p', { class: 'error', role: 'alert', id: `${id}-error` });
  const form = el(
    'form',
    { class: 'card', id },
    el('h2', {}, t(titleKey)),
    ...body,
    message,
    el(
      'div',
      { class: 'buttons' },
      el('button', { type: 'submit', class: 'primary' }, t('unanswered.send')),
      el('button', { type: 'button', class: 'secondary', onclick: () => form.remove() }, t('unanswered.cancel')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      await onSubmit(new FormData(form));
    } catch (error) {
      message.textContent = proposalError(error);
    }
  });
  return form;
}

/** Attach a question to an entry as a new way of asking it; also edits such a proposal. */
function attachForm({ entries, question, editing }) {
  const text = el(
    'textarea',
    { id: 'fa-text', name: 'text', required: true, maxlength: 500 },
    editing?.variant.text ?? question.example,
  );
  const side = el(
    'select',
    { id: 'fa-locale', name: 'locale' },
    SIDES.map((value) => option(value, t(LANGUAGE_KEYS[value]), editing?.variant.locale ?? question?.locale ?? 'vi')),
  );
  // not preselected from a "not helpful" vote or an ask-back: the entry named there is the
  // bot's guess, and the supervisor's choice is what teaches it
  const selected = editing?.faqId ?? '';
  const picker = el(
    'select',
    { id: 'fa-entry', name: 'faqId', size: 8 },
    [...entries.values()].map((entry) => option(entry.id, entryLabel(entry), selected)),
  );
  const filter = el('input', {
    id: 'fa-filter',
    type: 'search',
    placeholder: t('unanswered.attach.filter'),
    'aria-controls': 'fa-entry',
  });
  filter.addEventListener('input', () => {
    const words = fold(filter.value).split(/\s+/).filter(Boolean);
    for (const item of picker.options) item.hidden = !words.every((word) => fold(item.textContent).includes(word));
  });
  return formCard(
    'faq-attach-form',
    editing ? 'unanswered.attach.editTitle' : 'unanswered.attach.title',
    [
      el('p', { class: 'meta' }, t('unanswered.attach.intro')),
      labelled('fa-text', 'unanswered.attach.text', text),
      labelled('fa-locale', 'unanswered.attach.language', side),
      labelled('fa-filter', 'unanswered.attach.entry', filter),
      picker,
    ],
    async (data) => {
      if (!picker.value) throw new FormProblem(t('unanswered.errors.noEntry'));
      const body = {
        kind: 'variant',
        faqId: picker.value,
        locale: side.value,
        text: String(data.get('text') ?? ''),
        sourceNormalized: editing?.sourceNormalized ?? question?.normalized ?? null,
      };
      if (editing) await api('PUT', `/api/console/faq/proposals/${editing.id}`, body);
      else await api('POST', '/api/console/faq/proposals', body);
      await reloadWith(t('unanswered.done.proposed'));
    },
  );
}

function sideFields(sideName, values) {
  const id = (name) => `fe-${sideName}-${name}`;
  const input = (name, max, value) =>
    el('input', { id: id(name), name: id(name), type: 'text', required: true, maxlength: max, value });
  const area = (name, max, value, required) =>
    el('textarea', { id: id(name), name: id(name), required, maxlength: max }, value);
  return el(
    'fieldset',
    { class: 'card', id: `fe-${sideName}` },
    el('legend', {}, t(LANGUAGE_KEYS[sideName])),
    labelled(id('question'), 'unanswered.entry.question', input('question', 300, values?.question ?? '')),
    labelled(id('answer'), 'unanswered.entry.answer', area('answer', 2000, values?.answer ?? '', true)),
    labelled(id('basis'), 'unanswered.entry.basis', input('basis', 300, values?.basis ?? '')),
    labelled(
      id('variants'),
      'unanswered.entry.variants',
      area('variants', 15000, (values?.variants ?? []).join('\n'), false),
    ),
    labelled(
      id('keywords'),
      'unanswered.entry.keywords',
      area('keywords', 3000, (values?.keywords ?? []).join('\n'), false),
    ),
  );
}

/** A new entry, Vietnamese and English both required; also edits such a proposal. */
function entryForm({ entries, question, editing }) {
  const draft = editing?.entry ?? { vi: null, en: null, related: [] };
  // the citizen's question starts the side of its language
  const start = (sideName) =>
    draft[sideName] ?? (question && (question.locale ?? 'vi') === sideName ? { question: question.example } : null);
  const related = el(
    'select',
    { id: 'fe-related', name: 'related', multiple: true, size: 6 },
    [...entries.values()].map((entry) =>
      el('option', { value: entry.id, selected: draft.related.includes(entry.id) }, entryLabel(entry)),
    ),
  );
  return formCard(
    'faq-entry-form',
    editing ? 'unanswered.entry.editTitle' : 'unanswered.entry.title',
    [
      el('p', { class: 'meta' }, t('unanswered.entry.intro')),
      labelled(
        'fe-id',
        'unanswered.entry.id',
        el('input', {
          id: 'fe-id',
          name: 'id',
          type: 'text',
          maxlength: 80,
          pattern: '[a-z0-9\\-]+',
          value: editing?.faqId ?? '',
          placeholder: t('unanswered.entry.idHint'),
        }),
      ),
      sideFields('vi', start('vi')),
      sideFields('en', start('en')),
      labelled('fe-related', 'unanswered.entry.related', related),
    ],
    async (data) => {
      const side = (sideName) => {
        const value = (name) => String(data.get(`fe-${sideName}-${name}`) ?? '');
        return {
          question: value('question'),
          answer: value('answer'),
          basis: value('basis'),
          variants: lines(value('variants')),
          keywords: lines(value('keywords')),
        };
      };
      const id = String(data.get('id') ?? '').trim();
      const body = {
        kind: 'entry',
        ...(id ? { id } : {}),
        vi: side('vi'),
        en: side('en'),
        related: [...related.selectedOptions].map((item) => item.value),
        sourceNormalized: editing?.sourceNormalized ?? question?.normalized ?? null,
      };
      if (editing) await api('PUT', `/api/console/faq/proposals/${editing.id}`, body);
      else await api('POST', '/api/console/faq/proposals', body);
      await reloadWith(t('unanswered.done.proposed'));
    },
  );
}

function questionItem(question, entries, openForm) {
  const answeredWith = !question.faqId
    ? t('unanswered.noAnswer')
    : question.kind === 'asked_back'
      ? t('unanswered.askedBack', { question: questionOf(entries, question.faqId) })
      : question.kind === 'fallback'
        ? t('unanswered.offered', { question: questionOf(entries, question.faqId) })
        : t('unanswered.answeredWith', { question: questionOf(entries, question.faqId) });
  const meta = [
    t('unanswered.asked', { count: question.count }),
    question.lastAskedAt ? t('unanswered.lastAsked', { at: formatDateTime(question.lastAskedAt) }) : null,
    question.locale ? t(LANGUAGE_KEYS[question.locale]) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const actions = question.pendingProposalId
    ? el('span', { class: 'badge status' }, t('unanswered.statuses.pending'))
    : el(
        'div',
        { class: 'buttons' },
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            dataset: { action: 'attach' },
            onclick: () => openForm(attachForm({ entries, question })),
          },
          t('unanswered.actions.attach'),
        ),
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            dataset: { action: 'draft' },
            onclick: () => openForm(entryForm({ entries, question })),
          },
          t('unanswered.actions.draft'),
        ),
      );
  return el(
    'li',
    { dataset: { normalized: question.normalized } },
    el('p', { class: 'excerpt question' }, question.example),
    el('p', { class: 'meta' }, answeredWith),
    el('p', { class: 'meta' }, meta),
    actions,
  );
}

function sideView(sideName, side) {
  return el(
    'details',
    {},
    el('summary', {}, `${t(LANGUAGE_KEYS[sideName])}: ${side.question}`),
    el('p', { class: 'text' }, side.answer),
    el('p', { class: 'meta' }, t('unanswered.entry.basisIs', { basis: side.basis })),
    side.variants.length > 0
      ? el('p', { class: 'meta' }, t('unanswered.entry.variantsAre', { variants: side.variants.join(' · ') }))
      : null,
    side.keywords.length > 0
      ? el('p', { class: 'meta' }, t('unanswered.entry.keywordsAre', { keywords: side.keywords.join(', ') }))
      : null,
  );
}

function proposalItem(me, proposal, entries, openForm) {
  const error = el('p', { class: 'error', role: 'alert' });
  const mine = proposal.createdById === me.officer.id;
  const mayReview = me.officer.role === 'admin' && !mine && proposal.status === 'pending';
  const note = mayReview
    ? el('input', {
        type: 'text',
        id: `note-${proposal.id}`,
        maxlength: 500,
        placeholder: t('unanswered.review.note'),
        'aria-label': t('unanswered.review.note'),
      })
    : null;
  const review = (action, doneKey) => async () => {
    error.textContent = '';
    try {
      await api('POST', `/api/console/faq/proposals/${proposal.id}/${action}`, {
        revision: proposal.revision,
        note: note?.value ?? '',
      });
      await reloadWith(t(doneKey));
    } catch (failure) {
      error.textContent = proposalError(failure);
    }
  };
  const content = proposal.variant
    ? [
        el('p', { class: 'text' }, proposal.variant.text),
        el(
          'p',
          { class: 'meta' },
          t('unanswered.review.joins', {
            question: questionOf(entries, proposal.faqId),
            language: t(LANGUAGE_KEYS[proposal.variant.locale]),
          }),
        ),
      ]
    : [
        el('p', { class: 'meta' }, t('unanswered.review.newEntry', { id: proposal.faqId })),
        sideView('vi', proposal.entry.vi),
        sideView('en', proposal.entry.en),
        proposal.entry.related.length > 0
          ? el(
              'p',
              { class: 'meta' },
              t('unanswered.review.related', {
                questions: proposal.entry.related.map((id) => questionOf(entries, id)).join(' · '),
              }),
            )
          : null,
      ];
  const meta = [
    proposal.author ? t('unanswered.review.author', { name: proposal.author }) : null,
    proposal.reviewer ? t('unanswered.review.reviewer', { name: proposal.reviewer }) : null,
    t('unanswered.review.updated', { at: formatDateTime(proposal.updatedAt) }),
  ]
    .filter(Boolean)
    .join(' · ');
  const edit = () =>
    openForm(
      proposal.kind === 'variant'
        ? attachForm({ entries, editing: proposal })
        : entryForm({ entries, editing: proposal }),
    );
  return el(
    'li',
    { id: `proposal-${proposal.id}`, dataset: { id: proposal.id, status: proposal.status } },
    el(
      'div',
      { class: 'row1' },
      el(
        'strong',
        {},
        t(proposal.kind === 'variant' ? 'unanswered.review.kindVariant' : 'unanswered.review.kindEntry'),
      ),
      el('span', { class: `badge status faq-${proposal.status}` }, t(STATUS_KEYS[proposal.status])),
    ),
    ...content,
    el('p', { class: 'meta' }, meta),
    proposal.reviewNote
      ? el('p', { class: 'meta note' }, t('unanswered.review.noteIs', { note: proposal.reviewNote }))
      : null,
    note,
    error,
    el(
      'div',
      { class: 'buttons' },
      mayReview
        ? el(
            'button',
            {
              type: 'button',
              class: 'primary',
              dataset: { action: 'approve' },
              onclick: review('approve', 'unanswered.done.approved'),
            },
            t('unanswered.actions.approve'),
          )
        : null,
      mayReview
        ? el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              dataset: { action: 'reject' },
              onclick: review('reject', 'unanswered.done.rejected'),
            },
            t('unanswered.actions.reject'),
          )
        : null,
      mine && proposal.status !== 'approved'
        ? el(
            'button',
            { type: 'button', class: 'secondary', dataset: { action: 'edit' }, onclick: edit },
            t('unanswered.actions.edit'),
          )
        : null,
    ),
  );
}

function exportCard() {
  const link = (sideName) =>
    el(
      'a',
      { href: `/api/console/faq/export/${sideName}`, download: `faq.${sideName}.json`, id: `faq-export-${sideName}` },
      t(sideName === 'vi' ? 'unanswered.export.vi' : 'unanswered.export.en'),
    );
  return el(
    'div',
    { class: 'card', id: 'faq-export' },
    el('h2', {}, t('unanswered.export.title')),
    el('p', { class: 'meta' }, t('unanswered.export.intro')),
    el('p', { class: 'buttons' }, link('vi'), link('en')),
  );
}

export async function renderUnanswered(me) {
  const [{ questions }, { entries: entryList }, { proposals }] = await Promise.all([
    api('GET', '/api/console/unanswered'),
    api('GET', '/api/console/faq/entries'),
    api('GET', '/api/console/faq/proposals'),
  ]);
  const entries = new Map(entryList.map((entry) => [entry.id, entry]));
  const slot = el('div', { id: 'faq-form-slot' });
  const openForm = (form) => {
    slot.replaceChildren(form);
    form.scrollIntoView({ block: 'start' });
    form.querySelector('input, textarea, select')?.focus();
  };
  const pending = proposals.filter((proposal) => proposal.status === 'pending');
  const decided = proposals.filter((proposal) => proposal.status !== 'pending');
  const proposalList = (id, list) =>
    el(
      'ul',
      { class: 'tickets proposals', id },
      list.map((proposal) => proposalItem(me, proposal, entries, openForm)),
    );
  return el(
    'section',
    { id: 'unanswered' },
    el('h1', {}, t('unanswered.title')),
    el('p', { class: 'meta' }, t('unanswered.intro')),
    slot,
    el(
      'div',
      { class: 'card' },
      el('h2', {}, t('unanswered.questions')),
      questions.length > 0
        ? el(
            'ul',
            { class: 'tickets', id: 'unanswered-list' },
            questions.map((question) => questionItem(question, entries, openForm)),
          )
        : el('p', { class: 'meta' }, t('unanswered.empty')),
    ),
    el(
      'div',
      { class: 'card' },
      el('h2', {}, t('unanswered.pending')),
      pending.length > 0 ? proposalList('faq-pending', pending) : el('p', { class: 'meta' }, t('unanswered.noPending')),
    ),
    decided.length > 0
      ? el('div', { class: 'card' }, el('h2', {}, t('unanswered.decided')), proposalList('faq-decided', decided))
      : null,
    exportCard(),
  );
}
