// "Change my commune": the citizen types a name, picks among the matches, and the engine stores
// the locality code on the citizen (used by polling-place answers and reminders). A former
// name ("Khánh Xuân") leads to today's unit, and the citizen is told its new name.
import type { Db } from '../db/database.js';
import { placeOptions, renamedNotices } from '../localities/place-choice.js';
import { searchLocalities } from '../localities/search.js';
import { flowOption, readFlowOption } from './choices.js';
import type { Reply } from './messages.js';
import type { ConversationFlow, FlowContext, FlowStep } from './flow.js';

/** the flow's option "loc:<code>": this locality */
const LOCALITY = 'loc';
const MAX_CHOICES = 6;

export function createLocalityFlow(db: Db): ConversationFlow {
  const saved = (context: FlowContext, code: string, name: string, notices: Reply[] = []): FlowStep => ({
    replies: [...notices, { kind: 'confirmation', text: context.t('chat:locality.saved', { name }) }],
    next: 'done',
    updateCitizen: { localityCode: code },
  });
  const ask = (context: FlowContext, key = 'chat:locality.ask', values?: Record<string, unknown>): FlowStep => ({
    replies: [{ kind: 'prompt', text: context.t(key, values) }],
    next: 'continue',
    data: {},
  });

  return {
    id: 'locality',
    async start(context) {
      return ask(context);
    },
    async resume(context) {
      const { choice, text } = context.message;
      const chosen = readFlowOption(choice, LOCALITY);
      if (chosen) {
        const locality = await db.locality.findUnique({ where: { code: chosen } });
        return locality ? saved(context, locality.code, locality.name) : ask(context);
      }
      const query = text?.trim() ?? '';
      const matches = query ? await searchLocalities(db, query, { limit: MAX_CHOICES }) : [];
      const [first] = matches;
      if (!first) return ask(context, 'chat:locality.notFound', { query: query.slice(0, 60) });
      if (matches.length === 1)
        return saved(context, first.code, first.name, await renamedNotices(db, context.t, first));
      const options = await placeOptions(db, context.t, matches);
      return {
        replies: [
          {
            kind: 'menu',
            text: context.t('chat:locality.choose'),
            options: options.map((option) => ({ id: flowOption(LOCALITY, option.code), label: option.label })),
          },
        ],
        next: 'continue',
        data: {},
      };
    },
  };
}
