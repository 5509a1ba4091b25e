// The channel-neutral conversation engine: one inbound message in, replies out. It owns
// idempotency (a redelivered update is ignored), ordering (one message per citizen at a time,
// optimistic versioning across instances), flood control, consent and language, the main menu,
// and hands free text to the QuestionAnswerer and multi-step dialogues to ConversationFlows.
// On the channels the outbox sends on (Telegram, Zalo) the replies are stored with the
// conversation's new state and sent from the outbox; the web chat gets them in its answer.
import type { Locale, Translator } from '../i18n.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import { foldDiacritics } from '../lib/text.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../outbox/outbox.js';
import type { OutgoingMessage, StoredMessage } from '../outbox/outgoing.js';
import type { QuestionAnswerer } from './answerer.js';
import { encodeChoice, isMenuChoice, parseChoice, type Choice } from './choices.js';
import {
  ConversationStore,
  type ConversationData,
  type EngineState,
  type ClaimedUpdate,
  type StoreDatabase,
  type StoredCitizen,
} from './conversation-store.js';
import type { ConversationFlow, FlowContext, FlowStep } from './flow.js';
import { FloodControl, type FloodLimits } from './flood-control.js';
import { KeyedMutex } from './keyed-mutex.js';
import { detectKeyword, isConsentText, parseCommand } from './keywords.js';
import type { InboundMessage, Reply, ReplyOption } from './messages.js';

export interface ConversationEngineOptions {
  database: StoreDatabase;
  i18n: Translator;
  clock: Clock;
  logger: Logger;
  answerer: QuestionAnswerer;
  flows: readonly ConversationFlow[];
  /** stores and sends the replies of the channels it sends on; without it, replies are only returned */
  outbox?: Outbox;
  flood?: FloodLimits;
  /** a button pressed longer ago than this (e.g. delivered after downtime) is not acted on */
  staleAfterMs?: number;
  /** told of every inbound update the engine handled (not redeliveries, floods or failures): metrics */
  onHandled?: (channel: InboundMessage['channel']) => void;
}

/** Deep-link payloads (`/start complaint`) and commands that open a flow. */
const FLOW_ALIASES: Record<string, string> = {
  complaint: 'intake',
  phananh: 'intake',
  khieunai: 'intake',
  tickets: 'mytickets',
};
/** Commands that act like a menu choice. */
const COMMAND_CHOICES: Record<string, Choice> = { hoi: { kind: 'ask' }, phananh: { kind: 'flow', flowId: 'intake' } };

/** Own keys only: a citizen typing "/constructor" must not reach Object.prototype. */
function ownValue<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
const SAVE_ATTEMPTS = 5;
/** Answers a citizen may still vote on ("was this helpful?"): the latest few. */
const VOTABLE_ANSWERS = 5;

interface Outcome {
  state: EngineState;
  data: ConversationData;
  replies: Reply[];
}

/** A handled message's replies, and those of them stored in the outbox (sent from there). */
interface Handled {
  replies: Reply[];
  stored: StoredMessage[];
}

export class ConversationEngine {
  private readonly store: ConversationStore;
  private readonly flows: ReadonlyMap<string, ConversationFlow>;
  private readonly answerer: QuestionAnswerer;
  private readonly mutex = new KeyedMutex();
  private readonly flood: FloodControl;
  private readonly staleAfterMs: number;

  constructor(private readonly options: ConversationEngineOptions) {
    this.store = new ConversationStore(options.database, options.outbox?.store ?? null);
    this.answerer = options.answerer;
    this.flood = new FloodControl(options.flood);
    this.staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
    this.flows = new Map(options.flows.map((flow) => [flow.id, flow]));
  }

  /**
   * Handles one message. On a channel the outbox sends on, resolves once the replies are stored
   * (they survive a crash from then on) and the outbox's senders are not overwhelmed; the
   * replies are returned either way.
   */
  async handleInbound(message: InboundMessage): Promise<Reply[]> {
    const { clock, i18n, logger } = this.options;
    const citizenKey = `${message.channel}:${message.platformUserId}`;
    const arrivedAt = clock.now().getTime();
    const verdict = this.flood.check(citizenKey, arrivedAt);
    if (verdict === 'drop') return [];
    if (verdict === 'notify')
      return this.sendUnsaved(message, [{ kind: 'notice', text: i18n.t(message.localeHint ?? 'vi', 'chat:flood') }]);
    // A message that failed (database down: the citizen sees an error and sends again) is not
    // counted, or retrying through an outage would end in "you are sending too fast".
    const uncount = () => this.flood.forget(citizenKey, arrivedAt);
    let handled: Handled;
    try {
      // Claimed inside the citizen's lock: two messages sent at once are then handled in the
      // order they arrived, whichever database write finishes first.
      handled = await this.mutex.run(citizenKey, async () => {
        const claimed = await this.store.claimUpdate(message, clock.now());
        if (!claimed) return { replies: [], stored: [] };
        try {
          const result = await this.process(message, claimed);
          this.options.onHandled?.(message.channel);
          // inside the lock: the chat's replies reach the outbox in the order of its messages
          this.options.outbox?.accept(result.stored);
          return result;
        } catch (error) {
          logger.error(
            { channel: message.channel, err: describeError(error) },
            'conversation: message handling failed',
          );
          uncount();
          await this.store.releaseUpdate(message).catch(() => undefined);
          const replies: Reply[] = [{ kind: 'notice', text: i18n.t(message.localeHint ?? 'vi', 'chat:error') }];
          await this.sendUnsaved(message, replies);
          return { replies, stored: [] };
        }
      });
    } catch (error) {
      uncount();
      throw error;
    }
    if (handled.stored.length > 0) await this.options.outbox?.caughtUp();
    return handled.replies;
  }

  /** The channels whose replies the outbox stores and sends (the web chat's go in the answer). */
  private sendsThroughOutbox(message: InboundMessage): boolean {
    return this.options.outbox?.channels.includes(message.channel) ?? false;
  }

  private outgoing(message: InboundMessage, citizenId: string | null, replies: Reply[]): OutgoingMessage[] {
    if (!this.sendsThroughOutbox(message)) return [];
    const recipient = {
      channel: message.channel,
      citizenId,
      platformUserId: message.platformUserId,
      chatId: message.chatId,
    };
    return replies.map((reply) => ({ recipient, reply }));
  }

  /** Replies that go with no saved state (a flood notice, an error): stored on their own. */
  private async sendUnsaved(message: InboundMessage, replies: Reply[]): Promise<Reply[]> {
    const outgoing = this.outgoing(message, null, replies);
    if (outgoing.length > 0) await this.options.outbox?.enqueue(outgoing);
    return replies;
  }

  private async process(message: InboundMessage, claimed: ClaimedUpdate): Promise<Handled> {
    const now = this.options.clock.now();
    const opened = await this.store.openConversation(message, claimed, now);
    const { citizen } = opened;
    let snapshot = opened.conversation ?? (await this.store.loadConversation(citizen.id));
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.decide(citizen, snapshot.state, snapshot.data, message, now);
      const last = outcome.replies.at(-1);
      outcome.data.lastOptions = last?.options ?? [];
      const notices = this.takeNotices(citizen, outcome.data);
      const replies = [...notices, ...outcome.replies];
      const { saved, stored } = await this.store.saveConversation(
        citizen.id,
        snapshot.version,
        outcome.state,
        outcome.data,
        this.outgoing(message, citizen.id, replies),
      );
      if (saved) return { replies, stored };
      // another instance moved this conversation on meanwhile: decide again on its new state
      if (attempt >= SAVE_ATTEMPTS) throw new Error('conversation kept changing under us');
      snapshot = await this.store.loadConversation(citizen.id);
    }
  }

  private async decide(
    citizen: StoredCitizen,
    state: EngineState,
    data: ConversationData,
    message: InboundMessage,
    now: Date,
  ): Promise<Outcome> {
    const turn = new Turn(this, citizen, data, message, now);
    const text = message.text?.trim() ?? '';
    // the option id (a button, or "2" typed on a numbered menu), parsed once
    const chosenId = message.choice ?? chosenByText(text, data.lastOptions);
    const choice = chosenId === undefined ? undefined : parseChoice(chosenId);
    const keyword = message.choice ? null : detectKeyword(text);
    const command = message.choice ? null : parseCommand(text);

    // stopping works at once, from any state
    if (choice?.kind === 'unsubscribe' || keyword === 'unsubscribe') {
      await this.store.setSubscribed(citizen.id, false, now);
      const inDialogue = state === 'flow' || state === 'question';
      return turn.outcome(inDialogue ? 'idle' : state, [
        { kind: 'confirmation', text: turn.t('chat:unsubscribe.done') },
      ]);
    }

    if (!citizen.consentAt) return this.firstContact(turn, state, choice, text, command);

    if (message.choice && choice && !this.isAcceptable(message.choice, choice, state, data)) return turn.stale();
    if (message.choice && choice?.kind !== 'feedback' && now.getTime() - message.sentAt.getTime() > this.staleAfterMs)
      return turn.stale();

    if (choice?.kind === 'lang') return this.changeLanguage(turn, choice.locale);
    if (keyword === 'menu' || keyword === 'help' || keyword === 'subscribe') {
      if (command?.command === 'start' && command.argument)
        return this.startFlow(turn, ownValue(FLOW_ALIASES, command.argument) ?? command.argument, command.argument);
      return this.route(turn, { kind: keyword });
    }
    if (state === 'language') return turn.outcome('language', [this.languageQuestion(turn)]);
    if (command) {
      const commandChoice = ownValue(COMMAND_CHOICES, command.command);
      if (commandChoice) return this.route(turn, commandChoice);
    }

    if (state === 'flow' && data.flowId && (choice === undefined || !isMenuChoice(choice))) {
      return this.resumeFlow(turn, data.flowId, chosenId);
    }
    if (choice) return this.route(turn, choice);
    // outside a flow (where it would be the flow's answer) a greeting is greeted, not searched for
    if (keyword === 'greeting')
      return turn.outcome('idle', [{ kind: 'notice', text: turn.t('chat:greeting') }, this.menu(turn)]);
    if (state === 'question' || text) {
      if (!text)
        return turn.outcome('idle', [{ kind: 'notice', text: turn.t('chat:attachmentIgnored') }, this.menu(turn)]);
      return turn.outcome('idle', this.withFeedback(turn, await this.answerer.answer(text, turn.flowContext({}))));
    }
    if (message.attachments.length > 0)
      return turn.outcome('idle', [{ kind: 'notice', text: turn.t('chat:attachmentIgnored') }]);
    return turn.outcome('idle', [this.menu(turn)]);
  }

  private async firstContact(
    turn: Turn,
    state: EngineState,
    choice: Choice | undefined,
    text: string,
    command: ReturnType<typeof parseCommand>,
  ): Promise<Outcome> {
    const consentOption = { id: encodeChoice({ kind: 'consent' }), label: turn.t('chat:consent.accept') };
    if (state === 'consent' && (choice?.kind === 'consent' || isConsentText(text))) {
      await this.store.updateCitizen(turn.citizen.id, { consentAt: turn.now });
      turn.citizen.consentAt = turn.now;
      return turn.outcome('language', [this.languageQuestion(turn)]);
    }
    if (state === 'consent')
      return turn.outcome('consent', [
        { kind: 'prompt', text: turn.t('chat:consent.required'), options: [consentOption] },
      ]);
    // a deep link ("/start complaint") is remembered and opened once the citizen has agreed
    if (command?.command === 'start' && command.argument) {
      turn.data.pendingFlow = {
        id: ownValue(FLOW_ALIASES, command.argument) ?? command.argument,
        argument: command.argument,
      };
    }
    return turn.outcome('consent', [
      { kind: 'notice', text: turn.t('chat:greeting') },
      { kind: 'prompt', text: turn.t('chat:privacy'), options: [consentOption] },
    ]);
  }

  private async changeLanguage(turn: Turn, locale: Locale): Promise<Outcome> {
    await this.store.updateCitizen(turn.citizen.id, { locale });
    turn.citizen.locale = locale;
    const pending = turn.data.pendingFlow;
    if (pending) {
      delete turn.data.pendingFlow;
      return this.startFlow(turn, pending.id, pending.argument);
    }
    return turn.outcome('idle', [{ kind: 'confirmation', text: turn.t('chat:language.changed') }, this.menu(turn)]);
  }

  private async route(turn: Turn, choice: Choice): Promise<Outcome> {
    const { citizen } = turn;
    switch (choice.kind) {
      case 'menu':
        return turn.outcome('idle', [this.menu(turn)]);
      case 'help':
        return turn.outcome('idle', [{ kind: 'notice', text: turn.t('chat:help') }, this.menu(turn)]);
      case 'ask':
        return turn.outcome('question', [{ kind: 'prompt', text: turn.t('chat:question.prompt') }]);
      case 'language':
        return turn.outcome('language', [this.languageQuestion(turn)]);
      case 'subscribe': {
        const key = citizen.subscribed ? 'chat:subscribe.already' : 'chat:subscribe.done';
        if (!citizen.subscribed) await this.store.setSubscribed(citizen.id, true, turn.now);
        citizen.subscribed = true;
        return turn.outcome('idle', [{ kind: 'confirmation', text: turn.t(key) }]);
      }
      case 'flow':
        return this.startFlow(turn, choice.flowId);
      case 'faq':
        return turn.outcome(
          'idle',
          this.withFeedback(turn, await this.answerer.answerEntry(choice.faqId, turn.flowContext({}))),
        );
      case 'feedback':
        // a vote counts once, and only for an answer this citizen was given
        if (!turn.data.answered.includes(choice.faqId)) return turn.stale();
        turn.data.answered = turn.data.answered.filter((id) => id !== choice.faqId);
        await this.answerer.recordFeedback(choice.faqId, choice.helpful, turn.flowContext({}));
        return turn.outcome('idle', [{ kind: 'confirmation', text: turn.t('chat:feedback.thanks') }]);
      default:
        // consent once given, a language outside the language question, another flow's option
        return turn.stale();
    }
  }

  private async startFlow(turn: Turn, flowId: string, argument?: string): Promise<Outcome> {
    const flow = this.flows.get(flowId);
    if (!flow) return turn.outcome('idle', [{ kind: 'notice', text: turn.t('chat:unavailable') }, this.menu(turn)]);
    return this.applyStep(turn, flow.id, await flow.start(turn.flowContext({}), argument));
  }

  private async resumeFlow(turn: Turn, flowId: string, choiceId: string | undefined): Promise<Outcome> {
    const flow = this.flows.get(flowId);
    // the flow was switched off since (a restart without it): back to the menu
    if (!flow) return turn.outcome('idle', [{ kind: 'notice', text: turn.t('chat:unavailable') }, this.menu(turn)]);
    const message = choiceId === undefined ? turn.message : { ...turn.message, choice: choiceId };
    return this.applyStep(turn, flow.id, await flow.resume(turn.flowContext(turn.data.flowData, message)));
  }

  private async applyStep(turn: Turn, flowId: string, step: FlowStep): Promise<Outcome> {
    const { citizen } = turn;
    if (step.updateCitizen) {
      await this.store.updateCitizen(citizen.id, step.updateCitizen);
      if (step.updateCitizen.locale) citizen.locale = step.updateCitizen.locale;
      if (step.updateCitizen.localityCode) citizen.localityCode = step.updateCitizen.localityCode;
    }
    if (step.next === 'continue') {
      turn.data.flowId = flowId;
      turn.data.flowData = step.data;
      return turn.outcome('flow', step.replies);
    }
    delete turn.data.flowId;
    turn.data.flowData = {};
    return turn.outcome('idle', step.replies);
  }

  /** Notices kept for this citizen's next message (once they have agreed), removed from the data to be saved. */
  private takeNotices(citizen: StoredCitizen, data: ConversationData): Reply[] {
    const notices = data.notices ?? [];
    if (notices.length === 0 || !citizen.consentAt) return [];
    delete data.notices;
    return notices.map((notice) => ({
      kind: 'notice',
      text: this.options.i18n.t(citizen.locale, notice.key, notice.values),
    }));
  }

  /** The main menu, listing only the features that are switched on. */
  menu(turn: Turn): Reply {
    const option = (choice: Choice, key: string): ReplyOption => ({
      id: encodeChoice(choice),
      label: turn.t(`chat:menu.${key}`),
    });
    const flowOption = (flowId: string, key: string) =>
      this.flows.has(flowId) ? [option({ kind: 'flow', flowId }, key)] : [];
    const options = [
      option({ kind: 'ask' }, 'ask'),
      ...flowOption('intake', 'complaint'),
      ...flowOption('mytickets', 'myTickets'),
      turn.citizen.subscribed
        ? option({ kind: 'unsubscribe' }, 'unsubscribe')
        : option({ kind: 'subscribe' }, 'subscribe'),
      ...flowOption('locality', 'locality'),
      option({ kind: 'language' }, 'language'),
      option({ kind: 'help' }, 'help'),
    ];
    return { kind: 'menu', text: turn.t('chat:menu.title'), options };
  }

  private languageQuestion(turn: Turn): Reply {
    return {
      kind: 'prompt',
      text: turn.t('chat:language.ask'),
      options: [
        { id: encodeChoice({ kind: 'lang', locale: 'vi' }), label: turn.t('chat:language.vi') },
        { id: encodeChoice({ kind: 'lang', locale: 'en' }), label: turn.t('chat:language.en') },
      ],
    };
  }

  /** Answers get "was this helpful?" buttons, so every channel can collect the vote. */
  private withFeedback(turn: Turn, replies: Reply[]): Reply[] {
    const given = replies.flatMap((reply) => (reply.kind === 'answer' && reply.faqId ? [reply.faqId] : []));
    turn.data.answered = [...turn.data.answered.filter((id) => !given.includes(id)), ...given].slice(-VOTABLE_ANSWERS);
    return replies.map((reply) =>
      reply.kind === 'answer' && reply.faqId && !reply.options
        ? {
            ...reply,
            options: [
              {
                id: encodeChoice({ kind: 'feedback', helpful: true, faqId: reply.faqId }),
                label: turn.t('chat:feedback.up'),
              },
              {
                id: encodeChoice({ kind: 'feedback', helpful: false, faqId: reply.faqId }),
                label: turn.t('chat:feedback.down'),
              },
            ],
          }
        : reply,
    );
  }

  /** A pressed button counts when it was just offered, or is a menu choice (a language only while asked for one). */
  private isAcceptable(id: string, choice: Choice, state: EngineState, data: ConversationData): boolean {
    if (data.lastOptions.some((option) => option.id === id)) return true;
    if (choice.kind === 'lang') return state === 'language';
    return isMenuChoice(choice);
  }

  translate(locale: Locale, key: string, values?: Record<string, unknown>): string {
    return this.options.i18n.t(locale, key, values);
  }
}

/** One message being handled: the citizen, the conversation data being built, the clock. */
class Turn {
  constructor(
    private readonly engine: ConversationEngine,
    readonly citizen: StoredCitizen,
    readonly data: ConversationData,
    readonly message: InboundMessage,
    readonly now: Date,
  ) {}

  t(key: string, values?: Record<string, unknown>): string {
    return this.engine.translate(this.citizen.locale, key, values);
  }

  outcome(state: EngineState, replies: Reply[]): Outcome {
    return { state, data: this.data, replies };
  }

  /** An old or out-of-place button: say so and show what can be chosen now. */
  stale(): Outcome {
    const options = this.data.lastOptions;
    const current: Reply =
      options.length > 0
        ? { kind: 'menu', text: this.t('chat:stale'), options }
        : { ...this.engine.menu(this), text: this.t('chat:stale') };
    return { state: this.data.flowId ? 'flow' : 'idle', data: this.data, replies: [current] };
  }

  flowContext(data: Record<string, unknown>, message: InboundMessage = this.message): FlowContext {
    const { consentAt: _consentAt, blocked: _blocked, ...citizen } = this.citizen;
    return {
      citizen,
      message,
      locale: this.citizen.locale,
      now: this.now,
      data,
      t: (key, values) => this.t(key, values),
    };
  }
}

/** "2" or the label of an option, typed on a channel without buttons (Zalo) or anywhere. */
function chosenByText(text: string, options: ReplyOption[]): string | undefined {
  if (!text || options.length === 0) return undefined;
  const number = /^(\d{1,2})[.)]?$/.exec(text);
  if (number?.[1]) return options[Number(number[1]) - 1]?.id;
  const folded = foldDiacritics(text);
  return options.find((option) => foldDiacritics(option.label) === folded)?.id;
}
