// Broadcasts as the console sees them: compose, submit, approve by a second person, estimate,
// pause / resume / cancel and follow progress. Every action is written to the audit log.
// Four eyes: whoever wrote or changed a broadcast's text is one of its authors, and no author
// approves it; an edit after submission sends it back to draft, to be submitted and approved again.
// Sending is the scheduler's and the delivery engine's job; this service only moves states.
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Actor } from '../tickets/types.js';
import { APPROVER_ROLES, WORKER_ROLES, type Role } from '../officers/roles.js';
import { CHANNELS, type Channel } from '../conversation/messages.js';
import { DomainError } from '../lib/errors.js';
import type { AuditAppender } from '../audit/audit-log.js';
import { audienceFilter, type Audience } from './audience.js';
import { channelRates } from '../settings/broadcast-settings.js';
import { readBroadcastSettings } from '../settings/settings-store.js';

export type BroadcastActor = Pick<Actor, 'officerId' | 'role'>;

export const BROADCAST_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'sending',
  'paused',
  'completed',
  'cancelled',
] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export const DELIVERY_STATUSES = ['pending', 'in_flight', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const broadcastDraftSchema = z.object({
  title: z.string().trim().min(1).max(200),
  textVi: z.string().trim().min(1).max(4000),
  textEn: z.string().trim().min(1).max(4000),
  audienceLocality: z.string().trim().min(1).nullable().default(null),
  audienceChannel: z.enum(CHANNELS).nullable().default(null),
  /** null: as soon as it is approved */
  scheduledAt: z.coerce.date().nullable().default(null),
  urgent: z.boolean().default(false),
  /** after this moment unsent deliveries are skipped as stale */
  staleAt: z.coerce.date().nullable().default(null),
});
export type BroadcastDraftInput = z.input<typeof broadcastDraftSchema>;

export interface BroadcastView {
  id: string;
  title: string;
  textVi: string;
  textEn: string;
  reminderKey: string | null;
  audienceLocality: string | null;
  audienceChannel: Channel | null;
  status: BroadcastStatus;
  urgent: boolean;
  scheduledAt: Date | null;
  staleAt: Date | null;
  createdById: string | null;
  approvedById: string | null;
  approvedAt: Date | null;
  materializedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
}

export interface BroadcastProgress {
  pending: number;
  in_flight: number;
  sent: number;
  failed: number;
  skipped: number;
  total: number;
  /** 0–100: the share of deliveries that reached a final state */
  percent: number;
}

export interface BroadcastEstimate {
  recipients: number;
  byChannel: Record<Channel, number>;
  /** at the configured rates, channels sending in parallel */
  seconds: number;
}

const EDITABLE: readonly BroadcastStatus[] = ['draft', 'pending_approval'];

export interface BroadcastServiceDeps {
  db: Db;
  audit: AuditAppender;
  clock: Clock;
}

function requireRole(actor: BroadcastActor, roles: readonly Role[], action: string): void {
  if (!roles.includes(actor.role))
    throw new DomainError('forbidden', `a ${actor.role} may not ${action} a broadcast`, 'broadcast.forbidden');
}

function parseDraft<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new DomainError(
      'invalid',
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      'broadcast.invalid',
    );
  return parsed.data;
}

function toView(row: Awaited<ReturnType<Db['broadcast']['findUniqueOrThrow']>>): BroadcastView {
  const status = BROADCAST_STATUSES.find((value) => value === row.status) ?? 'draft';
  const audienceChannel = CHANNELS.find((value) => value === row.audienceChannel) ?? null;
  return {
    id: row.id,
    title: row.title,
    textVi: row.textVi,
    textEn: row.textEn,
    reminderKey: row.reminderKey,
    audienceLocality: row.audienceLocality,
    audienceChannel,
    status,
    urgent: row.urgent,
    scheduledAt: row.scheduledAt,
    staleAt: row.staleAt,
    createdById: row.createdById,
    approvedById: row.approvedById,
    approvedAt: row.approvedAt,
    materializedAt: row.materializedAt,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
  };
}

export type BroadcastService = ReturnType<typeof createBroadcastService>;

export function createBroadcastService({ db, audit: auditLog, clock }: BroadcastServiceDeps) {
  async function load(id: string): Promise<BroadcastView> {
    const row = await db.broadcast.findUnique({ where: { id } });
    if (!row) throw new DomainError('not_found', 'broadcast not found', 'broadcast.not_found');
    return toView(row);
  }

  async function audit(
    actor: BroadcastActor,
    action: string,
    id: string,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await auditLog.append(db, {
      officerId: actor.officerId,
      action,
      targetType: 'broadcast',
      targetId: id,
      ...(detail ? { detail } : {}),
    });
  }

  /** Moves `id` from one of `from` to `to`; a concurrent change makes it a conflict, not a lost update. */
  async function transition(
    actor: BroadcastActor,
    id: string,
    from: readonly BroadcastStatus[],
    to: BroadcastStatus,
    action: string,
    extra: Record<string, unknown> = {},
  ): Promise<BroadcastView> {
    const current = await load(id);
    if (!from.includes(current.status))
      throw new DomainError(
        'conflict',
        `cannot ${action} a broadcast that is ${current.status}`,
        'broadcast.wrong_status',
      );
    const { count } = await db.broadcast.updateMany({
      where: { id, status: current.status },
      data: { status: to, ...extra },
    });
    if (count === 0)
      throw new DomainError('conflict', 'the broadcast changed meanwhile; reload it', 'broadcast.changed');
    await audit(actor, `broadcast.${action}`, id);
    return load(id);
  }

  async function validateAudience(audience: Audience): Promise<void> {
    // Throws DomainError('invalid') for an unknown locality.
    await audienceFilter(db, audience);
  }

  return {
    get: load,

    async list(options: { status?: BroadcastStatus; take?: number; skip?: number } = {}): Promise<BroadcastView[]> {
      const rows = await db.broadcast.findMany({
        where: options.status ? { status: options.status } : {},
        orderBy: [{ createdAt: 'desc' }],
        take: options.take ?? 50,
        skip: options.skip ?? 0,
      });
      return rows.map(toView);
    },

    async createDraft(actor: BroadcastActor, input: BroadcastDraftInput): Promise<BroadcastView> {
      requireRole(actor, WORKER_ROLES, 'write');
      const draft = parseDraft(broadcastDraftSchema, input);
      await validateAudience({ localityCode: draft.audienceLocality, channel: draft.audienceChannel });
      const row = await db.$transaction(async (tx) => {
        const created = await tx.broadcast.create({
          data: { ...draft, status: 'draft', createdById: actor.officerId },
        });
        await tx.broadcastEditor.create({ data: { broadcastId: created.id, officerId: actor.officerId } });
        return created;
      });
      await audit(actor, 'broadcast.create', row.id, { title: draft.title });
      return toView(row);
    },

    /** Edits a draft or a broadcast awaiting approval; the latter goes back to draft. */
    async updateDraft(actor: BroadcastActor, id: string, patch: Partial<BroadcastDraftInput>): Promise<BroadcastView> {
      requireRole(actor, WORKER_ROLES, 'edit');
      const current = await load(id);
      if (!EDITABLE.includes(current.status))
        throw new DomainError(
          'conflict',
          `a broadcast that is ${current.status} can no longer be edited`,
          'broadcast.not_editable',
        );
      const changes = parseDraft(broadcastDraftSchema.partial(), patch);
      // zod fills the defaults of absent fields even in a partial schema: keep only what was sent.
      const next = {
        ...current,
        ...Object.fromEntries(Object.entries(changes).filter(([key, value]) => value !== undefined && key in patch)),
      };
      await validateAudience({ localityCode: next.audienceLocality, channel: next.audienceChannel });
      const count = await db.$transaction(async (tx) => {
        const updated = await tx.broadcast.updateMany({
          where: { id, status: current.status },
          data: {
            title: next.title,
            textVi: next.textVi,
            textEn: next.textEn,
            audienceLocality: next.audienceLocality,
            audienceChannel: next.audienceChannel,
            scheduledAt: next.scheduledAt,
            urgent: next.urgent,
            staleAt: next.staleAt,
            status: 'draft',
          },
        });
        // whoever changes the text is one of its authors from now on
        if (updated.count > 0)
          await tx.broadcastEditor.upsert({
            where: { broadcastId_officerId: { broadcastId: id, officerId: actor.officerId } },
            create: { broadcastId: id, officerId: actor.officerId },
            update: {},
          });
        return updated.count;
      });
      if (count === 0)
        throw new DomainError('conflict', 'the broadcast changed meanwhile; reload it', 'broadcast.changed');
      await audit(actor, 'broadcast.edit', id, { fields: Object.keys(changes) });
      return load(id);
    },

    async submitForApproval(actor: BroadcastActor, id: string): Promise<BroadcastView> {
      requireRole(actor, WORKER_ROLES, 'submit');
      return transition(actor, id, ['draft'], 'pending_approval', 'submit');
    },

    /** A supervisor or admin who neither wrote nor changed it; nothing is sent before this. */
    async approve(actor: BroadcastActor, id: string): Promise<BroadcastView> {
      requireRole(actor, APPROVER_ROLES, 'approve');
      const current = await load(id);
      const edited = await db.broadcastEditor.findUnique({
        where: { broadcastId_officerId: { broadcastId: id, officerId: actor.officerId } },
        select: { officerId: true },
      });
      if (current.createdById === actor.officerId || edited)
        throw new DomainError(
          'forbidden',
          'a broadcast must be approved by someone other than its author',
          'broadcast.self_approval',
        );
      return transition(actor, id, ['pending_approval'], 'approved', 'approve', {
        approvedById: actor.officerId,
        approvedAt: clock.now(),
      });
    },

    /** Sends it back to the author as a draft. */
    async reject(actor: BroadcastActor, id: string): Promise<BroadcastView> {
      requireRole(actor, APPROVER_ROLES, 'reject');
      return transition(actor, id, ['pending_approval'], 'draft', 'reject');
    },

    async pause(actor: BroadcastActor, id: string): Promise<BroadcastView> {
      requireRole(actor, APPROVER_ROLES, 'pause');
      return transition(actor, id, ['approved', 'sending'], 'paused', 'pause');
    },

    /** A paused broadcast that was never materialised waits for the scheduler again. */
    async resume(actor: BroadcastActor, id: string): Promise<BroadcastView> {
      requireRole(actor, APPROVER_ROLES, 'resume');
      const current = await load(id);
      return transition(actor, id, ['paused'], current.materializedAt ? 'sending' : 'approved', 'resume');
    },

    /** Stops it for good: deliveries not yet sent are skipped. */
    async cancel(actor: BroadcastActor, id: string): Promise<BroadcastView> {
      requireRole(actor, APPROVER_ROLES, 'cancel');
      const view = await transition(
        actor,
        id,
        ['draft', 'pending_approval', 'approved', 'sending', 'paused'],
        'cancelled',
        'cancel',
        { completedAt: clock.now() },
      );
      await db.delivery.updateMany({
        where: { broadcastId: id, status: 'pending' },
        data: { status: 'skipped', lastError: 'cancelled' },
      });
      return view;
    },

    async estimate(audience: Audience): Promise<BroadcastEstimate> {
      const where = await audienceFilter(db, audience);
      const groups = await db.citizen.groupBy({ by: ['channel'], where, _count: { _all: true } });
      const byChannel: Record<Channel, number> = { telegram: 0, zalo: 0, web: 0 };
      for (const group of groups) {
        const channel = CHANNELS.find((value) => value === group.channel);
        if (channel) byChannel[channel] = group._count._all;
      }
      const rates = channelRates(await readBroadcastSettings(db));
      const seconds = Math.max(0, ...CHANNELS.map((channel) => byChannel[channel] / rates[channel]));
      return {
        recipients: byChannel.telegram + byChannel.zalo + byChannel.web,
        byChannel,
        seconds: Math.ceil(seconds),
      };
    },

    async progress(id: string): Promise<BroadcastProgress> {
      await load(id);
      const groups = await db.delivery.groupBy({ by: ['status'], where: { broadcastId: id }, _count: { _all: true } });
      const counts: Record<DeliveryStatus, number> = { pending: 0, in_flight: 0, sent: 0, failed: 0, skipped: 0 };
      for (const group of groups) {
        const status = DELIVERY_STATUSES.find((value) => value === group.status);
        if (status) counts[status] = group._count._all;
      }
      const total = counts.pending + counts.in_flight + counts.sent + counts.failed + counts.skipped;
      const done = counts.sent + counts.failed + counts.skipped;
      return { ...counts, total, percent: total === 0 ? 0 : Math.floor((done / total) * 100) };
    },
  };
}
