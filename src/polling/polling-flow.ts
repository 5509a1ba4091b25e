// "Where do I vote?": asks the citizen's commune once (remembered on the citizen, changeable),
// then lists that commune's polling areas, narrowed by a name typed without diacritics if asked.
// A former commune's name leads to today's commune, with its new name said. With no data
// loaded it says so and explains where the information is posted.
import { encodeChoice, flowOption, readFlowOption } from '../conversation/choices.js';
import type { ConversationFlow, FlowContext, FlowStep } from '../conversation/flow.js';
import type { Reply, ReplyOption } from '../conversation/messages.js';
import type { Db } from '../db/database.js';
import { placeOptions, renamedNotices } from '../localities/place-choice.js';
import { searchLocalities } from '../localities/search.js';
import { listPollingPlaces, type PollingPlace } from './list.js';

export const POLLING_FLOW_ID = 'polling';
const CHANGE = 'polling:change';
/** the flow's option "polling:commune:<code>": this commune */
const COMMUNE = 'polling:commune';
const MENU = encodeChoice({ kind: 'menu' });
const MAX_COMMUNE_CHOICES = 6;
/** Places shown in one message; more than that and the citizen is asked to narrow down. */
const MAX_PLACES_SHOWN = 8;

interface Commune {
  code: string;
  name: string;
}

function describePlace(context: FlowContext, place: PollingPlace): string {
  return [
    `• ${place.name}`,
    `  ${context.t('polling:address', { address: place.address })}`,
    ...(place.hours ? [`  ${context.t('polling:hours', { hours: place.hours })}`] : []),
    ...(place.mapUrl ? [`  ${context.t('polling:map', { url: place.mapUrl })}`] : []),
  ].join('\n');
}

export function createPollingFlow(db: Db): ConversationFlow {
  const findCommune = async (code: string | null): Promise<Commune | null> => {
    if (!code) return null;
    const locality = await db.locality.findUnique({ where: { code }, select: { code: true, name: true, level: true } });
    return locality?.level === 'commune' ? { code: locality.code, name: locality.name } : null;
  };
  const listedOptions = (context: FlowContext): ReplyOption[] => [
    { id: CHANGE, label: context.t('polling:option.change') },
    { id: MENU, label: context.t('polling:option.menu') },
  ];

  const askCommune = (
    context: FlowContext,
    key = 'polling:askCommune',
    values?: Record<string, unknown>,
  ): FlowStep => ({
    replies: [{ kind: 'prompt', text: context.t(key, values) }],
    next: 'continue',
    data: { step: 'commune' },
  });

  const showPlaces = async (
    context: FlowContext,
    commune: Commune,
    options: { query?: string; remembered?: boolean; notices?: Reply[] } = {},
  ): Promise<FlowStep> => {
    const notes: Reply[] = [
      ...(options.notices ?? []),
      ...(options.remembered
        ? [{ kind: 'confirmation' as const, text: context.t('polling:remembered', { commune: commune.name }) }]
        : []),
    ];
    const all = await listPollingPlaces(db, commune.code);
    if (all.length === 0) {
      // nothing to filter: the flow ends; the commune stays changeable from the main menu
      return {
        replies: [
          ...notes,
          {
            kind: 'notice',
            text: context.t('polling:noData', { commune: commune.name }),
            options: [{ id: MENU, label: context.t('polling:option.menu') }],
          },
        ],
        next: 'done',
      };
    }
    const places = options.query === undefined ? all : await listPollingPlaces(db, commune.code, options.query);
    if (places.length === 0) {
      return {
        replies: [
          {
            kind: 'notice',
            text: context.t('polling:noMatch', { commune: commune.name, query: options.query?.slice(0, 60) }),
            options: [
              { id: encodeChoice({ kind: 'flow', flowId: POLLING_FLOW_ID }), label: context.t('polling:option.again') },
              ...listedOptions(context),
            ],
          },
        ],
        next: 'done',
      };
    }
    const shown = places.slice(0, MAX_PLACES_SHOWN);
    const footer =
      places.length > shown.length
        ? context.t('polling:more', { count: places.length - shown.length })
        : context.t('polling:filterHint');
    const text = [
      context.t('polling:places', { commune: commune.name }),
      ...shown.map((place) => describePlace(context, place)),
      footer,
    ].join('\n\n');
    return {
      replies: [...notes, { kind: 'answer', text, options: listedOptions(context) }],
      next: 'continue',
      data: { step: 'listed', communeCode: commune.code },
    };
  };

  const chooseCommune = async (context: FlowContext, query: string): Promise<FlowStep> => {
    const matches = query ? await searchLocalities(db, query, { level: 'commune', limit: MAX_COMMUNE_CHOICES }) : [];
    const [first] = matches;
    if (!first) return askCommune(context, 'polling:notFound', { query: query.slice(0, 60) });
    if (matches.length === 1)
      return remember(context, { code: first.code, name: first.name }, await renamedNotices(db, context.t, first));
    const options = await placeOptions(db, context.t, matches);
    return {
      replies: [
        {
          kind: 'menu',
          text: context.t('polling:chooseCommune'),
          options: options.map((option) => ({ id: flowOption(COMMUNE, option.code), label: option.label })),
        },
      ],
      next: 'continue',
      data: { step: 'commune' },
    };
  };

  const remember = async (context: FlowContext, commune: Commune, notices: Reply[] = []): Promise<FlowStep> => ({
    ...(await showPlaces(context, commune, { remembered: true, notices })),
    updateCitizen: { localityCode: commune.code },
  });

  return {
    id: POLLING_FLOW_ID,
    async start(context) {
      const commune = await findCommune(context.citizen.localityCode);
      return commune ? showPlaces(context, commune) : askCommune(context);
    },
    async resume(context) {
      const { choice } = context.message;
      const text = context.message.text?.trim() ?? '';
      if (choice === CHANGE) return askCommune(context);
      const chosenCommune = readFlowOption(choice, COMMUNE);
      if (chosenCommune) {
        const commune = await findCommune(chosenCommune);
        return commune ? remember(context, commune) : askCommune(context);
      }
      if (context.data.step === 'listed') {
        const commune = await findCommune(
          typeof context.data.communeCode === 'string' ? context.data.communeCode : null,
        );
        if (commune && text) return showPlaces(context, commune, { query: text });
        return askCommune(context);
      }
      return chooseCommune(context, text);
    },
  };
}
