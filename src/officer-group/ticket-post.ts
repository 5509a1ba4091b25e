// The text posted to the officer group for a new ticket: what an officer needs to pick it up,
// and nothing about who filed it (no name, address, phone or chat).
import type { Db } from '../db/database.js';
import type { Locale, Translator } from '../i18n.js';
import { formatLocalDate } from '../tickets/ticket-texts.js';

/** The description is cut here; the full text is in the console. */
export const POST_DESCRIPTION_CHARS = 300;

function shorten(text: string, limit: number): string {
  const characters = [...text.trim()];
  return characters.length <= limit
    ? characters.join('')
    : `${characters
        .slice(0, limit - 1)
        .join('')
        .trimEnd()}…`;
}

async function localityLabel(db: Db, code: string): Promise<string> {
  const locality = await db.locality.findUnique({ where: { code }, include: { parent: true } });
  if (!locality) return code;
  const own = `${locality.type} ${locality.name}`;
  return locality.parent && locality.level === 'commune'
    ? `${own}, ${locality.parent.type} ${locality.parent.name}`
    : own;
}

/** The post for ticket `code`, or null when there is no such ticket. */
export async function ticketPostText(
  db: Db,
  i18n: Translator,
  locale: Locale,
  timeZone: string,
  code: string,
): Promise<string | null> {
  const ticket = await db.ticket.findUnique({
    where: { code },
    select: { code: true, kind: true, category: true, localityCode: true, dueAt: true, description: true },
  });
  if (!ticket) return null;
  const t = (key: string, values?: Record<string, unknown>) => i18n.t(locale, key, values);
  return t('officerGroup:post.text', {
    code: ticket.code,
    kind: t(`tickets:kind.${ticket.kind}`),
    category: t(`tickets:category.${ticket.category}`),
    locality: await localityLabel(db, ticket.localityCode),
    due: formatLocalDate(ticket.dueAt, locale, timeZone),
    description: shorten(ticket.description, POST_DESCRIPTION_CHARS),
  });
}
