// What the benchmark's citizens say, in order: a first contact (/start, consent, language), two
// questions (with and without diacritics), a menu press and the first steps of a complaint, then
// cancel. Returning citizens (already agreed) loop over the part after the first contact.
export type Step = { text: string } | { choice: string };

export const SCRIPT: readonly Step[] = [
  { text: '/start' },
  { choice: 'consent:yes' },
  { choice: 'lang:vi' },
  { text: 'Tôi cần mang giấy tờ gì khi đi bầu cử?' },
  { text: 'ngay bau cu la ngay nao' },
  { choice: 'menu' },
  { choice: 'flow:intake' },
  { choice: 'complaint' },
  { choice: 'polling' },
  { choice: 'cancel' },
];

/** Where a citizen who already agreed starts, and where everyone loops back to. */
export const RETURNING_STEP = 3;
/** How many steps from RETURNING_STEP on are valid from the idle state (questions, menu, complaint form). */
export const IDLE_ENTRY_STEPS = 4;

export function nextStep(step: number): number {
  return step + 1 < SCRIPT.length ? step + 1 : RETURNING_STEP;
}

export function telegramUpdate(updateId: number, userId: number, step: Step): Record<string, unknown> {
  const from = { id: userId, is_bot: false, first_name: 'Cử tri', last_name: String(userId), language_code: 'vi' };
  const chat = { id: userId, type: 'private' };
  const date = Math.floor(Date.now() / 1000);
  if ('choice' in step) {
    return {
      update_id: updateId,
      callback_query: {
        id: `cb${updateId}`,
        from,
        chat_instance: String(userId),
        data: step.choice,
        message: { message_id: updateId - 1, date, chat },
      },
    };
  }
  const entities = step.text.startsWith('/')
    ? { entities: [{ type: 'bot_command', offset: 0, length: step.text.length }] }
    : {};
  return { update_id: updateId, message: { message_id: updateId, date, chat, from, text: step.text, ...entities } };
}

export function webChatBody(sessionId: string, step: Step): Record<string, unknown> {
  return 'choice' in step ? { sessionId, choice: step.choice } : { sessionId, text: step.text };
}
