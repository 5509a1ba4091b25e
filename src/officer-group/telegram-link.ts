// Links an officer account to a Telegram user, so that person may act in the officer group.
// One Telegram user acts for at most one officer.
import type { Db } from '../db/database.js';
import { DomainError } from '../lib/errors.js';

const TELEGRAM_USER_ID = /^\d{1,20}$/;

/** Sets (or, with null, removes) the Telegram user id of officer `username`. */
export async function linkTelegramAccount(db: Db, username: string, telegramUserId: string | null): Promise<void> {
  if (telegramUserId !== null && !TELEGRAM_USER_ID.test(telegramUserId)) {
    throw new DomainError(
      'invalid',
      'A Telegram user id is a number (the officer can get it from @userinfobot).',
      'officer.bad_telegram_id',
    );
  }
  const officer = await db.officer.findUnique({ where: { username } });
  if (!officer) throw new DomainError('not_found', `There is no officer "${username}".`, 'officer.not_found');
  if (telegramUserId !== null) {
    const holder = await db.officer.findUnique({ where: { telegramUserId } });
    if (holder && holder.id !== officer.id)
      throw new DomainError(
        'conflict',
        `That Telegram user is already linked to "${holder.username}".`,
        'officer.telegram_taken',
      );
  }
  await db.officer.update({ where: { id: officer.id }, data: { telegramUserId } });
}
