// The guided intake in chat (flow id "intake"): kind → category → locality → description →
// evidence → identity where the law requires it → summary → filed, with a code, a PIN and the
// due date. Each step asks for the first thing still missing, so "edit a field" is simply
// clearing it. Late filings (after the cut-off or the voter-list window) are said plainly and
// still recorded.
import { randomUUID } from 'node:crypto';
import type { ElectionConfig } from '../config/election.js';
import type { Db } from '../db/database.js';
import { encodeChoice, flowOption, readFlowOption } from '../conversation/choices.js';
import type { ConversationFlow, FlowContext, FlowStep } from '../conversation/flow.js';
import type { Reply, ReplyOption } from '../conversation/messages.js';
import { placeOptions } from '../localities/place-choice.js';
import { searchLocalities } from '../localities/search.js';
import { DomainError } from '../lib/errors.js';
import { characterCount, checkAttachments, checkText, DEFAULT_TICKET_LIMITS, type TicketLimits } from './limits.js';
import { DEFAULT_DEADLINE_RULES, isFiledLate, ruleFor, type DeadlineRules } from './deadlines.js';
import {
  draftSchema,
  readIdentity,
  requiredIdentityFields,
  withIdentity,
  type Draft,
  type PartialIdentity,
} from './intake-draft.js';
import { formatLocalDate, refusalText } from './ticket-texts.js';
import { electionVariables } from '../i18n.js';
import { readElectionCalendar } from '../settings/effective-election.js';
import {
  TICKET_CATEGORIES,
  TICKET_KINDS,
  type ReporterIdentity,
  type TicketCategory,
  type TicketKind,
  type TicketService,
} from './types.js';

export interface IntakeFlowDeps {
  tickets: TicketService;
  db: Db;
  election: ElectionConfig;
  encryptionKey: Buffer;
  limits?: Partial<TicketLimits>;
  rules?: DeadlineRules;
  /** a draft untouched for longer expires with a notice (default 24 hours) */
  draftTtlHours?: number;
}

const EDITABLE = ['kind', 'category', 'locality', 'description', 'evidence', 'identity'] as const;
/** the flow's options with an argument: "d:<district>", "c:<commune>", "e:<field to edit>" */
const DISTRICT = 'd';
const COMMUNE = 'c';
const EDIT = 'e';

const IDENTITY_CHECKS: Record<keyof ReporterIdentity, (value: string) => boolean> = {
  fullName: (value) => /\p{L}/u.test(value) && characterCount(value) >= 2 && characterCount(value) <= 100,
  address: (value) => /\p{L}/u.test(value) && characterCount(value) >= 5 && characterCount(value) <= 300,
  phone: (value) => /^(\+?84|0)\d{8,10}$/.test(value.replace(/[\s.()-]/g, '')),
};

function isKind(value: string | undefined): value is TicketKind {
  return TICKET_KINDS.some((kind) => kind === value);
}

function isCategory(value: string | undefined): value is TicketCategory {
  return TICKET_CATEGORIES.some((category) => category === value);
}

function lateNoticeKey(category: TicketCategory): string {
  return category === 'candidate' || category === 'voter_list' || category === 'results'
    ? `tickets:intake.late.${category}`
    : 'tickets:intake.late.other';
}

/** The late notice with the dates of the calendar that applies (the cut-off follows election day). */
function lateNoticeText(ctx: FlowContext, category: TicketCategory, calendar: ElectionConfig): string {
  return ctx.t(lateNoticeKey(category), electionVariables(calendar, ctx.locale));
}

export function createIntakeFlow(deps: IntakeFlowDeps): ConversationFlow {
  const { db, election, encryptionKey, tickets } = deps;
  const limits: TicketLimits = { ...DEFAULT_TICKET_LIMITS, ...deps.limits };
  const rules = deps.rules ?? DEFAULT_DEADLINE_RULES;
  const ttlMs = (deps.draftTtlHours ?? 24) * 3_600_000;

  const cancelOption = (ctx: FlowContext): ReplyOption => ({
    id: 'cancel',
    label: ctx.t('tickets:intake.options.cancel'),
  });
  const prompt = (text: string, options: ReplyOption[]): Reply => ({ kind: 'prompt', text, options });
  const notice = (text: string): Reply => ({ kind: 'notice', text });

  function newDraft(ctx: FlowContext): Draft {
    return {
      awaiting: 'kind',
      intakeKey: randomUUID(),
      startedAt: ctx.now.toISOString(),
      attachments: [],
      evidenceDone: false,
    };
  }

  /**
   * The notice that the draft's filing window has closed, or null. Read against the election
   * as it applies now (an admin may have moved election day in the console), with that
   * calendar's dates in the text.
   */
  async function lateNotice(draft: Draft, ctx: FlowContext): Promise<string | null> {
    if (draft.kind === undefined || draft.category === undefined) return null;
    const calendar = await readElectionCalendar(db, election);
    if (!isFiledLate(ruleFor(draft.kind, draft.category, rules), ctx.now, calendar)) return null;
    return lateNoticeText(ctx, draft.category, calendar);
  }

  function missingIdentityField(draft: Draft, identity: PartialIdentity): keyof ReporterIdentity | null {
    if (!draft.kind) return null;
    return requiredIdentityFields(draft.kind, draft.anonymous).find((field) => !identity[field]) ?? null;
  }

  function nextAwaiting(draft: Draft): Draft['awaiting'] {
    if (!draft.kind) return 'kind';
    if (!draft.category) return 'category';
    if (!draft.localityCode) return draft.districtCode ? 'commune' : 'district';
    if (!draft.description) return 'description';
    if (!draft.evidenceDone) return 'evidence';
    if (draft.kind === 'petition' && draft.anonymous === undefined) return 'anonymity';
    return missingIdentityField(draft, readIdentity(draft, encryptionKey)) ?? 'confirm';
  }

  async function districtOptions(): Promise<ReplyOption[]> {
    const districts = await db.locality.findMany({
      where: { parentCode: election.province.code, level: 'district' },
      orderBy: { name: 'asc' },
    });
    return districts.map((district) => ({ id: flowOption(DISTRICT, district.code), label: district.name }));
  }

  async function communeOptions(ctx: FlowContext, districtCode: string): Promise<ReplyOption[]> {
    const communes = await db.locality.findMany({ where: { parentCode: districtCode }, orderBy: { name: 'asc' } });
    return [
      ...communes.map((commune) => ({ id: flowOption(COMMUNE, commune.code), label: commune.name })),
      { id: 'whole', label: ctx.t('tickets:intake.options.wholeDistrict') },
      { id: 'back', label: ctx.t('tickets:intake.options.back') },
    ];
  }

  function summaryText(ctx: FlowContext, draft: Draft, late: string | null): string {
    const identity = readIdentity(draft, encryptionKey);
    const description = draft.description ?? '';
    const lines = [
      ctx.t('tickets:intake.summary.title'),
      ctx.t('tickets:intake.summary.kind', { value: ctx.t(`tickets:kind.${draft.kind}`) }),
      ctx.t('tickets:intake.summary.category', { value: ctx.t(`tickets:category.${draft.category}`) }),
      ctx.t('tickets:intake.summary.locality', { value: draft.localityName }),
      ctx.t('tickets:intake.summary.description', {
        value: characterCount(description) > 300 ? `${[...description].slice(0, 300).join('')}…` : description,
      }),
      ctx.t('tickets:intake.summary.evidence', { files: draft.attachments.length }),
      identity.fullName
        ? ctx.t('tickets:intake.summary.identity', {
            details: [identity.fullName, identity.phone, identity.address].filter(Boolean).join(', '),
          })
        : ctx.t('tickets:intake.summary.anonymous'),
    ];
    if (late !== null) lines.push('', late);
    return lines.join('\n');
  }

  /** Asks for the first thing still missing, after any notices. */
  async function ask(ctx: FlowContext, draft: Draft, notices: Reply[] = []): Promise<FlowStep> {
    const awaiting = draft.awaiting === 'edit' ? 'edit' : nextAwaiting(draft);
    const next: Draft = { ...draft, awaiting };
    const cancel = cancelOption(ctx);
    let question: Reply;
    switch (awaiting) {
      case 'kind':
        question = prompt(ctx.t('tickets:intake.kind.prompt'), [
          ...TICKET_KINDS.map((kind) => ({ id: kind, label: ctx.t(`tickets:kind.${kind}`) })),
          cancel,
        ]);
        break;
      case 'category':
        question = prompt(ctx.t('tickets:intake.category.prompt'), [
          ...TICKET_CATEGORIES.map((category) => ({ id: category, label: ctx.t(`tickets:category.${category}`) })),
          cancel,
        ]);
        break;
      case 'district': {
        // with no districts on the map (since 2025) the citizen types the commune's name directly
        const districts = await districtOptions();
        question =
          districts.length > 0
            ? prompt(ctx.t('tickets:intake.locality.district'), [...districts, cancel])
            : prompt(ctx.t('tickets:intake.locality.communeByName'), [cancel]);
        break;
      }
      case 'commune':
        question = prompt(ctx.t('tickets:intake.locality.commune'), [
          ...(await communeOptions(ctx, draft.districtCode ?? '')),
          cancel,
        ]);
        break;
      case 'description':
        question = prompt(
          ctx.t('tickets:intake.description.prompt', {
            min: limits.descriptionMinChars,
            max: limits.descriptionMaxChars,
          }),
          [cancel],
        );
        break;
      case 'evidence':
        question = prompt(
          ctx.t('tickets:intake.evidence.prompt', {
            files: draft.attachments.length,
            maxFiles: limits.attachmentsPerTicket,
            maxMegabytes: Math.round(limits.attachmentBytes / 1024 / 1024),
          }),
          [
            {
              id: 'done',
              label: ctx.t(
                draft.attachments.length > 0 ? 'tickets:intake.options.done' : 'tickets:intake.options.skip',
              ),
            },
            cancel,
          ],
        );
        break;
      case 'anonymity':
        question = prompt(ctx.t('tickets:intake.identity.petition'), [
          { id: 'named', label: ctx.t('tickets:intake.options.named') },
          { id: 'anon', label: ctx.t('tickets:intake.options.anonymous') },
          cancel,
        ]);
        break;
      case 'fullName':
      case 'address':
      case 'phone': {
        const first = Object.keys(readIdentity(draft, encryptionKey)).length === 0 && awaiting === 'fullName';
        const intro = first && draft.kind !== 'petition' ? `${ctx.t(`tickets:intake.identity.${draft.kind}`)}\n\n` : '';
        question = prompt(`${intro}${ctx.t(`tickets:intake.identity.ask.${awaiting}`)}`, [cancel]);
        break;
      }
      case 'confirm':
        question = {
          kind: 'confirmation',
          text: summaryText(ctx, draft, await lateNotice(draft, ctx)),
          options: [
            { id: 'confirm', label: ctx.t('tickets:intake.options.confirm') },
            { id: 'edit', label: ctx.t('tickets:intake.options.edit') },
            cancel,
          ],
        };
        break;
      case 'edit':
        question = prompt(ctx.t('tickets:intake.edit.prompt'), [
          ...EDITABLE.map((field) => ({ id: flowOption(EDIT, field), label: ctx.t(`tickets:intake.edit.${field}`) })),
          { id: 'back', label: ctx.t('tickets:intake.options.back') },
        ]);
        break;
    }
    return { replies: [...notices, question], next: 'continue', data: next };
  }

  function clearField(draft: Draft, field: (typeof EDITABLE)[number]): Draft {
    const base: Draft = { ...draft, awaiting: 'kind' };
    switch (field) {
      case 'kind':
        return { ...base, kind: undefined, anonymous: undefined };
      case 'category':
        return { ...base, category: undefined };
      case 'locality':
        return { ...base, localityCode: undefined, localityName: undefined, districtCode: undefined };
      case 'description':
        return { ...base, description: undefined };
      case 'evidence':
        return { ...base, attachments: [], evidenceDone: false };
      case 'identity':
        return { ...base, identityEnc: undefined, anonymous: undefined };
    }
  }

  async function pickLocality(ctx: FlowContext, draft: Draft, code: string): Promise<FlowStep> {
    const locality = await db.locality.findUnique({ where: { code } });
    if (!locality) return ask(ctx, draft, [notice(ctx.t('tickets:intake.locality.notFound'))]);
    if (locality.level === 'district' && !draft.districtCode)
      return ask(ctx, { ...draft, districtCode: locality.code });
    return ask(ctx, { ...draft, localityCode: locality.code, localityName: locality.name });
  }

  async function pickWholeDistrict(ctx: FlowContext, draft: Draft, districtCode: string): Promise<FlowStep> {
    const district = await db.locality.findUnique({ where: { code: districtCode } });
    if (!district)
      return ask(ctx, { ...draft, districtCode: undefined }, [notice(ctx.t('tickets:intake.locality.notFound'))]);
    return ask(ctx, { ...draft, localityCode: district.code, localityName: district.name });
  }

  async function searchByName(ctx: FlowContext, draft: Draft, text: string): Promise<FlowStep> {
    const matches = await searchLocalities(db, text, draft.districtCode ? { parentCode: draft.districtCode } : {});
    const inProvince = matches.filter((match) => match.level !== 'province');
    if (inProvince.length === 0) return ask(ctx, draft, [notice(ctx.t('tickets:intake.locality.notFound'))]);
    const labels = await placeOptions(db, ctx.t, inProvince);
    const options = inProvince.map((match, index) => ({
      id: flowOption(match.level === 'district' ? DISTRICT : COMMUNE, match.code),
      label: labels[index]?.label ?? match.name,
    }));
    return {
      replies: [prompt(ctx.t('tickets:intake.locality.matches'), [...options, cancelOption(ctx)])],
      next: 'continue',
      data: draft,
    };
  }

  function addAttachments(ctx: FlowContext, draft: Draft): { draft: Draft; notices: Reply[] } {
    const notices: Reply[] = [];
    const attachments = [...draft.attachments];
    for (const file of ctx.message.attachments) {
      const stored = {
        platformFileId: file.platformFileId,
        fileName: file.fileName,
        mimeType: file.mimeType,
        size: file.size,
      };
      try {
        checkAttachments([stored], attachments.length, limits);
        attachments.push(stored);
      } catch (error) {
        notices.push(notice(refusalText(ctx.t, error, limits) ?? ctx.t('tickets:errors.generic')));
      }
    }
    const added = attachments.length - draft.attachments.length;
    if (added > 0) notices.push(notice(ctx.t('tickets:intake.evidence.received', { files: attachments.length })));
    return { draft: { ...draft, attachments }, notices };
  }

  async function file(ctx: FlowContext, draft: Draft): Promise<FlowStep> {
    if (!draft.kind || !draft.category || !draft.localityCode || !draft.description) return ask(ctx, draft);
    const identity = readIdentity(draft, encryptionKey);
    try {
      const filed = await tickets.file({
        intakeKey: draft.intakeKey,
        citizenId: ctx.citizen.id,
        channel: ctx.citizen.channel,
        locale: ctx.locale,
        kind: draft.kind,
        category: draft.category,
        localityCode: draft.localityCode,
        description: draft.description,
        identity: identity.fullName
          ? { fullName: identity.fullName, address: identity.address ?? '', phone: identity.phone ?? '' }
          : null,
        attachments: draft.attachments,
        ...(ctx.message.sourceAddress ? { sourceAddress: ctx.message.sourceAddress } : {}),
      });
      const due = formatLocalDate(filed.dueAt, ctx.locale, election.timeZone);
      const lines = [
        filed.pin
          ? ctx.t('tickets:intake.filed.created', { code: filed.code, pin: filed.pin })
          : ctx.t('tickets:intake.filed.again', { code: filed.code }),
        ctx.t('tickets:intake.filed.due', { due }),
        ctx.t(`tickets:intake.filed.next.${draft.kind}`),
      ];
      if (filed.afterCutoff) lines.push(lateNoticeText(ctx, draft.category, await readElectionCalendar(db, election)));
      return {
        replies: [
          {
            kind: 'confirmation',
            text: lines.join('\n\n'),
            options: [
              { id: encodeChoice({ kind: 'flow', flowId: 'mytickets' }), label: ctx.t('tickets:notify.myTickets') },
            ],
          },
        ],
        next: 'done',
      };
    } catch (error) {
      const text = refusalText(ctx.t, error, limits);
      if (text === null) throw error;
      // Too many filings from the citizen's network: the form is kept, to be confirmed later.
      if (error instanceof DomainError && error.code === 'ticket.address_limit') return ask(ctx, draft, [notice(text)]);
      // Over the daily cap nothing more can be done today; other refusals can be fixed by editing.
      if (error instanceof DomainError && error.kind === 'rate_limited')
        return { replies: [notice(text)], next: 'done' };
      return ask(ctx, { ...draft, awaiting: 'edit' }, [notice(text)]);
    }
  }

  async function identityAnswer(
    ctx: FlowContext,
    draft: Draft,
    field: keyof ReporterIdentity,
    text: string,
  ): Promise<FlowStep> {
    const value = text.trim();
    if (!IDENTITY_CHECKS[field](value))
      return ask(ctx, draft, [notice(ctx.t(`tickets:intake.identity.invalid.${field}`))]);
    const identity = readIdentity(draft, encryptionKey);
    return ask(ctx, withIdentity(draft, encryptionKey, { ...identity, [field]: value }));
  }

  async function handle(ctx: FlowContext, draft: Draft): Promise<FlowStep> {
    const { choice } = ctx.message;
    const text = ctx.message.text ?? '';
    if (choice === 'cancel') return { replies: [notice(ctx.t('tickets:intake.cancelled'))], next: 'done' };
    switch (draft.awaiting) {
      case 'kind':
        if (isKind(choice))
          return ask(ctx, { ...draft, kind: choice, anonymous: choice === draft.kind ? draft.anonymous : undefined });
        break;
      case 'category':
        if (isCategory(choice)) {
          const next = { ...draft, category: choice };
          const late = await lateNotice(next, ctx);
          return ask(ctx, next, late === null ? [] : [notice(late)]);
        }
        break;
      case 'district':
      case 'commune':
        {
          const picked = readFlowOption(choice, DISTRICT) ?? readFlowOption(choice, COMMUNE);
          if (picked) return pickLocality(ctx, draft, picked);
        }
        if (choice === 'whole' && draft.districtCode) return pickWholeDistrict(ctx, draft, draft.districtCode);
        if (choice === 'back') return ask(ctx, { ...draft, districtCode: undefined });
        if (!choice && text.trim()) return searchByName(ctx, draft, text);
        break;
      case 'description':
        if (!choice) {
          // A photo sent before or with the description is kept whatever the text says.
          const withFiles = addAttachments(ctx, draft);
          try {
            checkText(text, limits.descriptionMinChars, limits.descriptionMaxChars, 'description');
          } catch (error) {
            return ask(ctx, withFiles.draft, [
              ...withFiles.notices,
              notice(refusalText(ctx.t, error, limits) ?? ctx.t('tickets:errors.generic')),
            ]);
          }
          return ask(ctx, { ...withFiles.draft, description: text }, withFiles.notices);
        }
        break;
      case 'evidence': {
        if (choice === 'done') return ask(ctx, { ...draft, evidenceDone: true });
        if (ctx.message.attachments.length > 0) {
          const withFiles = addAttachments(ctx, draft);
          return ask(ctx, withFiles.draft, withFiles.notices);
        }
        break;
      }
      case 'anonymity':
        if (choice === 'named' || choice === 'anon') return ask(ctx, { ...draft, anonymous: choice === 'anon' });
        break;
      case 'fullName':
      case 'address':
      case 'phone':
        if (!choice && text.trim()) return identityAnswer(ctx, draft, draft.awaiting, text);
        break;
      case 'confirm':
        if (choice === 'confirm') return file(ctx, draft);
        if (choice === 'edit') return ask(ctx, { ...draft, awaiting: 'edit' });
        break;
      case 'edit': {
        if (choice === 'back') return ask(ctx, { ...draft, awaiting: 'confirm' });
        const field = EDITABLE.find((name) => readFlowOption(choice, EDIT) === name);
        if (field) return ask(ctx, clearField(draft, field));
        break;
      }
    }
    // Anything else (a sticker, a stray button): ask the same question again.
    return ask(ctx, draft, [notice(ctx.t('tickets:intake.notUnderstood'))]);
  }

  return {
    id: 'intake',
    async start(ctx, argument) {
      const draft = newDraft(ctx);
      return ask(ctx, isKind(argument) ? { ...draft, kind: argument } : draft, [
        notice(ctx.t('tickets:intake.welcome')),
      ]);
    },
    async resume(ctx) {
      const parsed = draftSchema.safeParse(ctx.data);
      if (!parsed.success) return ask(ctx, newDraft(ctx), [notice(ctx.t('tickets:intake.welcome'))]);
      const draft = parsed.data;
      if (ctx.now.getTime() - Date.parse(draft.startedAt) > ttlMs) {
        return ask(ctx, newDraft(ctx), [notice(ctx.t('tickets:intake.expired', { hours: ttlMs / 3_600_000 }))]);
      }
      return handle(ctx, draft);
    },
  };
}
