// Anchors of the audit chain outside the database, and its verification. A shorter chain is
// valid in itself, so the head (last id and hash) is published where a database editor cannot
// reach it: a log line and the `cutri_audit_head` metric after every batch of appends, a file
// in the data folder (owner-only), and an export the committee keeps. Verification walks only
// the entries added since the last check (the rest were checked already, and an edit there
// shows at the checkpoint), compares the chain with every anchor it has, and tells a rewritten
// entry from a missing tail. A full walk is there on demand.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import { writePrivateFile } from '../security/private-files.js';
import type { AuditChain, ChainPosition } from './audit-log.js';

export const auditAnchorSchema = z.object({
  headId: z.number().int().positive(),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  legacyUpTo: z.number().int().positive().nullable(),
  at: z.iso.datetime(),
});
export type AuditAnchor = z.infer<typeof auditAnchorSchema>;

export interface AuditVerification {
  /** intact; broken (an entry was edited, removed or recomputed); tail_missing (entries after an anchor are gone) */
  status: 'intact' | 'broken' | 'tail_missing';
  brokenAt: number | null;
  /** the last entry written before the chain was keyed (they verify with plain SHA-256), or null */
  legacyUpTo: number | null;
  headId: number | null;
  /** entries this verification walked: only the new ones, unless it was a full one */
  checkedEntries: number;
  /** the anchor the chain was compared with last (the newest one known) */
  anchor: AuditAnchor | null;
}

export interface AuditAnchors {
  verify(options?: { full?: boolean; anchor?: AuditAnchor }): Promise<AuditVerification>;
  /** Publishes the head now (log line, metric, file) and returns it; null for an empty log or a log shorter than its anchor. */
  anchor(): Promise<AuditAnchor | null>;
  /** Publishes what a pending batch appended, then stops scheduling. */
  close(): Promise<void>;
}

export interface AuditAnchorDeps {
  db: Db;
  chain: AuditChain;
  clock: Clock;
  logger: Logger;
  /** where the last head is kept between restarts (owner-only), or null */
  anchorFile: string | null;
  /** told every published anchor (the metric) */
  onAnchor?: (anchor: AuditAnchor) => void;
}

/** Appends within this long are published as one batch. */
const BATCH_DELAY_MS = 500;

export function createAuditAnchors(deps: AuditAnchorDeps): AuditAnchors {
  const { db, chain, clock, logger, anchorFile } = deps;
  let checkpoint: ChainPosition | null = null;
  let published: AuditAnchor | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  function fileAnchor(): AuditAnchor | null {
    if (!anchorFile || !existsSync(anchorFile)) return null;
    try {
      const parsed = auditAnchorSchema.safeParse(JSON.parse(readFileSync(anchorFile, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** The newest anchor this process knows: the one it published, or the one in the file. */
  function knownAnchor(): AuditAnchor | null {
    const stored = fileAnchor();
    if (!published) return stored;
    return stored && stored.headId > published.headId ? stored : published;
  }

  /** How the chain stands against one anchor: null when it agrees. */
  async function against(
    anchor: AuditAnchor,
    headId: number | null,
  ): Promise<Pick<AuditVerification, 'status' | 'brokenAt'> | null> {
    const row = await db.auditLog.findUnique({ where: { id: anchor.headId }, select: { hash: true } });
    if (row?.hash === anchor.headHash) return null;
    if (!row && (headId ?? 0) < anchor.headId) return { status: 'tail_missing', brokenAt: (headId ?? 0) + 1 };
    return { status: 'broken', brokenAt: anchor.headId };
  }

  async function stillThere(position: ChainPosition): Promise<boolean> {
    const row = await db.auditLog.findUnique({ where: { id: position.id }, select: { hash: true } });
    return row?.hash === position.hash;
  }

  async function anchor(): Promise<AuditAnchor | null> {
    const head = await db.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true, hash: true } });
    if (!head) return null;
    const previous = knownAnchor();
    const disagreement = previous ? await against(previous, head.id) : null;
    if (previous && disagreement) {
      // never move the anchor over a cut or rewritten chain: it is the evidence
      logger.error(
        { auditAnchor: previous, audit: disagreement },
        'audit log no longer matches its anchor: entries were removed or rewritten in the database',
      );
      return null;
    }
    const legacy = await db.auditLog.findFirst({
      where: { keyed: false },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
    const next: AuditAnchor = {
      headId: head.id,
      headHash: head.hash,
      legacyUpTo: legacy?.id ?? null,
      at: clock.now().toISOString(),
    };
    logger.info({ auditAnchor: next }, 'audit anchor: the head of the audit chain');
    if (anchorFile) writePrivateFile(anchorFile, `${JSON.stringify(next)}\n`);
    deps.onAnchor?.(next);
    published = next;
    return next;
  }

  chain.onAppend(() => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      anchor().catch((error: unknown) =>
        logger.warn({ err: describeError(error) }, 'audit anchor could not be published; the next append tries again'),
      );
    }, BATCH_DELAY_MS);
    timer.unref();
  });

  return {
    async verify(options = {}) {
      const resume = !options.full && checkpoint !== null && (await stillThere(checkpoint));
      const walk = await chain.walk(resume && checkpoint ? checkpoint : undefined);
      if (walk.brokenAt === null) checkpoint = walk.position;
      const headId = walk.position.id === 0 ? null : walk.position.id;
      const base = { legacyUpTo: walk.position.legacyUpTo, headId, checkedEntries: walk.checkedEntries };
      if (walk.brokenAt !== null) return { ...base, status: 'broken', brokenAt: walk.brokenAt, anchor: null };
      const anchors = [options.anchor, knownAnchor()].filter(
        (each): each is AuditAnchor => each !== undefined && each !== null,
      );
      for (const each of anchors) {
        const disagreement = await against(each, headId);
        if (disagreement) return { ...base, ...disagreement, anchor: each };
      }
      return { ...base, status: 'intact', brokenAt: null, anchor: anchors[0] ?? null };
    },

    anchor,

    async close() {
      closed = true;
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      await anchor();
    },
  };
}
