// Where approved knowledge-base changes are kept: FaqProposal rows (approved, in the order of
// approval) and the one-row counter FaqContentVersion that every approval bumps in the same
// transaction. Instances poll the counter (one primary-key read) and read the changes only when
// it moved.
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { LOCALES } from '../i18n.js';
import { entrySideSchema, FAQ_ID_PATTERN, type FaqChange } from './faq-changes.js';

type Transaction = Parameters<Parameters<Db['$transaction']>[0]>[0];

const VERSION_ROW = 1;

/** A proposal's content, as stored in FaqProposal.content (JSON text). */
export const variantContentSchema = z.object({ text: z.string().min(1) });
export const entryContentSchema = z.object({
  vi: entrySideSchema,
  en: entrySideSchema,
  related: z.array(z.string().regex(FAQ_ID_PATTERN)),
});

export interface StoredProposal {
  id: string;
  kind: string;
  faqId: string;
  locale: string | null;
  content: string;
}

/** The change a stored proposal makes; throws on a row this code did not write. */
export function changeOf(row: StoredProposal): FaqChange {
  const content: unknown = JSON.parse(row.content);
  if (row.kind === 'variant') {
    const locale = LOCALES.find((value) => value === row.locale);
    if (!locale) throw new Error(`FaqProposal ${row.id}: a variant without a language`);
    return { kind: 'variant', faqId: row.faqId, locale, text: variantContentSchema.parse(content).text };
  }
  if (row.kind === 'entry') return { kind: 'entry', faqId: row.faqId, ...entryContentSchema.parse(content) };
  throw new Error(`FaqProposal ${row.id}: unknown kind ${row.kind}`);
}

/** How many changes have been approved so far (0: none). */
export async function readFaqContentVersion(db: Db): Promise<number> {
  const row = await db.faqContentVersion.findUnique({ where: { id: VERSION_ROW } });
  return row?.version ?? 0;
}

/** Counts one more approved change; call inside the approval's transaction. */
export async function bumpFaqContentVersion(tx: Transaction): Promise<number> {
  const row = await tx.faqContentVersion.upsert({
    where: { id: VERSION_ROW },
    create: { id: VERSION_ROW, version: 1 },
    update: { version: { increment: 1 } },
  });
  return row.version;
}

/** Every approved change, oldest approval first. */
export async function readApprovedFaqChanges(db: Db): Promise<FaqChange[]> {
  const rows = await db.faqProposal.findMany({
    where: { status: 'approved' },
    orderBy: [{ reviewedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, kind: true, faqId: true, locale: true, content: true },
  });
  return rows.map(changeOf);
}
