// Small factories shared by the knowledge and polling tests: the seed election, its
// translator, and a FlowContext as the conversation engine would build it.
import path from 'node:path';
import { loadElectionConfig, type ElectionConfig } from '../../src/config/election.js';
import type { FlowContext } from '../../src/conversation/flow.js';
import type { InboundMessage } from '../../src/conversation/messages.js';
import { createTranslator, type Locale, type Translator } from '../../src/i18n.js';

export const seedElection: ElectionConfig = loadElectionConfig(path.resolve('config/elections/lang-son-2021.json'));
export const seedTranslator: Translator = createTranslator(seedElection);

export function flowContext(
  options: {
    locale?: Locale;
    text?: string;
    choice?: string;
    localityCode?: string | null;
    data?: Record<string, unknown>;
    translator?: Translator;
  } = {},
): FlowContext {
  const locale = options.locale ?? 'vi';
  const translator = options.translator ?? seedTranslator;
  const message: InboundMessage = {
    channel: 'web',
    platformUserId: 'citizen-1',
    chatId: 'citizen-1',
    ...(options.text === undefined ? {} : { text: options.text }),
    ...(options.choice === undefined ? {} : { choice: options.choice }),
    attachments: [],
    platformMessageId: `m-${Math.random()}`,
    sentAt: new Date('2021-05-20T03:00:00Z'),
  };
  return {
    citizen: {
      id: 'c1',
      channel: 'web',
      chatId: 'citizen-1',
      displayName: null,
      locale,
      localityCode: options.localityCode ?? null,
      subscribed: false,
    },
    message,
    locale,
    now: new Date('2021-05-20T03:00:00Z'),
    t: (key, values) => translator.t(locale, key, values),
    data: options.data ?? {},
  };
}
