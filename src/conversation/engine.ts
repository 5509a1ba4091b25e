// The channel-neutral conversation engine: one inbound message in, replies out. It owns
// idempotency (a redelivered update is ignored), ordering (one message per citizen at a time,
// optimistic versioning across instances), flood control, consent and language, the main menu,
// and hands free text to the QuestionAnswerer and multi-step dialogues to ConversationFlows.
import type { Locale, Translator } from '../i18n.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import { foldDiacritics } from '../lib/text.js';
import type { Logger } from '../logger.js';
import type { QuestionAnswerer } from './answerer.js';
import { ConversationStore, type ConversationData, type EngineState, type ClaimedUpdate, type StoreDatabase, type StoredCitizen } from './conversation-store.js';
import type { ConversationFlow, FlowContext, FlowStep } from './flow.js';
import { FloodControl, type FloodLimits } from './flood-control.js';
import { KeyedMutex } from './keyed-mutex.js';
import { detectKeyword, isConsentText, parseCommand } from './keywords.js';
import type { InboundMessage, Reply, ReplyOption } from './messages.js';
import { placeholderAnswerer } from './placeholder-answerer.js';

export interface ConversationEngineOptions {
  database: StoreDatabase;
  i18n: Translator;
  clock: Clock;
  logger: Logger;
  answerer?: QuestionAnswerer;
  flows?: ConversationFlow[];
  flood?: FloodLimits;
  /** a button pressed longer ago than this (e.g. delivered after downtime) is not acted on */
  staleAfterMs?: number;
  /** told of every inbound update the engine handled (not redeliveries, floods or failures): metrics */
  onHandled?: (channel: InboundMessage['channel']) => void;
}

/** Deep-link payloads (`/start complaint`) and commands that open a flow. */
const FLOW_ALIASES: Record<string, string> = { complaint: 'intake', phananh: 'intake', khieunai: 'intake', tickets: 'mytickets' };

/** Own keys only: a citizen typing "/constructor" must not reach Object.prototype. */
function ownValue(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
/** Menu choices valid in any state once the citizen has agreed: old menu buttons keep working. */
const MENU_CHOICES = new Set(['menu', 'ask', 'subscribe', 'unsubscribe', 'language', 'help']);
const SAVE_ATTEMPTS = 5;
/** Answers a citizen may still vote on ("was this helpful?"): the latest few. */
const VOTABLE_ANSWERS = 5;

interface Outcome {
  state: EngineState;
  data: ConversationData;
  replies: Reply[];
}

export class ConversationEngine {
  private readonly store: ConversationStore;
  private readonly flows = new Map<string, ConversationFlow>();
  private answerer: QuestionAnswerer;
  private readonly mutex = new KeyedMutex();
  private readonly flood: FloodControl;
  private readonly staleAfterMs: number;

  constructor(private readonly options: ConversationEngineOptions) {
    this.store = new ConversationStore(options.database);
    this.answerer = options.answerer ?? placeholderAnswerer;
    this.flood = new FloodControl(options.flood);
    this.staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
    for (const flow of options.flows ?? []) this.registerFlow(flow);
  }

  registerFlow(flow: ConversationFlow): void {
    this.flows.set(flow.id, flow);
  }

  /** Replaces the placeholder with the real knowledge base. */
  useAnswerer(answerer: QuestionAnswerer): void {
    this.answerer = answerer;
  }

  async handleInbound(message: InboundMessage): Promise<Reply[]> {
    const { clock, i18n, logger } = this.options;
    const citizenKey = `${message.channel}:${message.platformUserId}`;
    const arrivedAt = clock.now().getTime();
    const verdict = this.flood.check(citizenKey, arrivedAt);
    if (verdict === 'drop') return [];
    if (verdict === 'notify') return [{ kind: 'notice', text: i18n.t(message.localeHint ?? 'vi', 'chat:flood') }];
    // A message that failed (database down: the citizen sees an error and sends again) is not
    // counted, or retrying through an outage would end in "you are sending too fast".
    const uncount = () => this.flood.forget(citizenKey, arrivedAt);
    try {
      // Claimed inside the citizen's lock: two messages sent at once are then handled in the
      // order they arrived, whichever database write finishes first.
      return await this.mutex.run(citizenKey, async () => {
        const claimed = await this.store.claimUpdate(message, clock.now());
        if (!claimed) return [];
        try {
          const replies = await this.process(message, claimed);
          this.options.onHandled?.(message.channel);
          return replies;
        } catch (error) {
          logger.error({ channel: message.channel, err: describeError(error) }, 'conversation: message handling failed');
          uncount();
          await this.store.releaseUpdate(message).catch(() => undefined);
          return [{ kind: 'notice', text: i18n.t(message.localeHint ?? 'vi', 'chat:error') }];
        }
      });
    } catch (error) {
      uncount();
      throw error;
    }
  }

  private async process(message: InboundMessage, claimed: ClaimedUpdate): Promise<Reply[]> {
    const now = this.options.clock.now();
    const opened = await this.store.openConversation(message, claimed, now);
    const { citizen } = opened;
    let snapshot = opened.conversation ?? (await this.store.loadConversation(citizen.id));
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.decide(citizen, snapshot.state, snapshot.data, message, now);
      const last = outcome.replies.at(-1);
      outcome.data.lastOptions = last?.options ?? [];
      const notices = this.takeNotices(citizen, outcome.data);
      if (await this.store.saveConversation(citizen.id, snapshot.version, outcome.state, outcome.data)) return [...notices, ...outcome.replies];
      // another instance moved this conversation on meanwhile: decide again on its new state
      if (attempt >= SAVE_ATTEMPTS) throw new Error('conversation kept changing under us');
      snapshot = await this.store.loadConversation(citizen.id);
    }
  }

  private async decide(citizen: StoredCitizen, state: EngineState, data: ConversationData, message: InboundMessage, now: Date): Promise<Outcome> {
    const session = new Session(this, citizen, data, message, now);
    const text = message.text?.trim() ?? '';
    const choice = message.choice ?? chosenByText(text, data.lastOptions);
    const keyword = message.choice ? null : detectKeyword(text);
    const command = message.choice ? null : parseCommand(text);

    // stopping works at once, from any state
    if (choice === 'unsubscribe' || keyword === 'unsubscribe') {
      await this.store.setSubscribed(citizen.id, false, now);
      const inDialogue = state === 'flow' || state === 'question';
      return session.outcome(inDialogue ? 'idle' : state, [{ kind: 'confirmation', text: session.t('chat:unsubscribe.done') }]);
    }

    if (!citizen.consentAt) return this.firstContact(session, state, choice, text, command);

    if (message.choice && !this.isAcceptable(message.choice, state, data)) return session.stale();
    if (message.choice && now.getTime() - message.sentAt.getTime() > this.staleAfterMs && !message.choice.startsWith('feedback:')) return session.stale();

    if (choice?.startsWith('lang:')) return this.changeLanguage(session, choice.slice('lang:'.length));
    if (keyword === 'menu' || keyword === 'help' || keyword === 'subscribe') {
      if (command?.command === 'start' && command.argument) return this.startFlow(session, ownValue(FLOW_ALIASES, command.argument) ?? command.argument, command.argument);
      return this.route(session, keyword);
    }
    if (state === 'language') return session.outcome('language', [this.languageQuestion(session)]);
    if (command) {
      const commandRoute = ownValue({ hoi: 'ask', phananh: 'flow:intake' }, command.command);
      if (commandRoute) return this.route(session, commandRoute);
    }

    if (state === 'flow' && data.flowId && (choice === undefined || !this.isMenuChoice(choice))) {
      return this.resumeFlow(session, data.flowId, choice);
    }
    if (choice) return this.route(session, choice);
    if (state === 'question' || text) {
      if (!text) return session.outcome('idle', [{ kind: 'notice', text: session.t('chat:attachmentIgnored') }, this.menu(session)]);
      return session.outcome('idle', this.withFeedback(session, await this.answerer.answer(text, session.flowContext({}))));
    }
    if (message.attachments.length > 0) return session.outcome('idle', [{ kind: 'notice', text: session.t('chat:attachmentIgnored') }]);
    return session.outcome('idle', [this.menu(session)]);
  }

  private async firstContact(session: Session, state: EngineState, choice: string | undefined, text: string, command: ReturnType<typeof parseCommand>): Promise<Outcome> {
    const consentOption = { id: 'consent:yes', label: session.t('chat:consent.accept') };
    if (state === 'consent' && (choice === 'consent:yes' || isConsentText(text))) {
      await this.store.updateCitizen(session.citizen.id, { consentAt: session.now });
      session.citizen.consentAt = session.now;
      return session.outcome('language', [this.languageQuestion(session)]);
    }
    if (state === 'consent') return session.outcome('consent', [{ kind: 'prompt', text: session.t('chat:consent.required'), options: [consentOption] }]);
    // a deep link ("/start complaint") is remembered and opened once the citizen has agreed
    if (command?.command === 'start' && command.argument) {
      session.data.pendingFlow = { id: ownValue(FLOW_ALIASES, command.argument) ?? command.argument, argument: command.argument };
    }
    return session.outcome('consent', [
      { kind: 'notice', text: session.t('chat:greeting') },
      { kind: 'prompt', text: session.t('chat:privacy'), options: [consentOption] },
    ]);
  }

  private async changeLanguage(session: Session, wanted: string): Promise<Outcome> {
    const locale: Locale = wanted === 'en' ? 'en' : 'vi';
    await this.store.updateCitizen(session.citizen.id, { locale });
    session.citizen.locale = locale;
    const pending = session.data.pendingFlow;
    if (pending) {
      delete session.data.pendingFlow;
      return this.startFlow(session, pending.id, pending.argument);
    }
    return session.outcome('idle', [{ kind: 'confirmation', text: session.t('chat:language.changed') }, this.menu(session)]);
  }

  private async route(session: Session, choice: string): Promise<Outcome> {
    const { citizen } = session;
    if (choice === 'menu') return session.outcome('idle', [this.menu(session)]);
    if (choice === 'help') return session.outcome('idle', [{ kind: 'notice', text: session.t('chat:help') }, this.menu(session)]);
    if (choice === 'ask') return session.outcome('question', [{ kind: 'prompt', text: session.t('chat:question.prompt') }]);
    if (choice === 'language') return session.outcome('language', [this.languageQuestion(session)]);
    if (choice === 'subscribe') {
      const key = citizen.subscribed ? 'chat:subscribe.already' : 'chat:subscribe.done';
      if (!citizen.subscribed) await this.store.setSubscribed(citizen.id, true, session.now);
      citizen.subscribed = true;
      return session.outcome('idle', [{ kind: 'confirmation', text: session.t(key) }]);
    }
    if (choice.startsWith('flow:')) return this.startFlow(session, choice.slice('flow:'.length));
    if (choice.startsWith('faq:')) {
      return session.outcome('idle', this.withFeedback(session, await this.answerer.answerEntry(choice.slice('faq:'.length), session.flowContext({}))));
    }
    const vote = /^feedback:(up|down):(.+)$/.exec(choice);
    if (vote?.[2]) {
      // a vote counts once, and only for an answer this citizen was given
      const faqId = vote[2];
      if (!session.data.answered.includes(faqId)) return session.stale();
      session.data.answered = session.data.answered.filter((id) => id !== faqId);
      await this.answerer.recordFeedback(faqId, vote[1] === 'up', session.flowContext({}));
      return session.outcome('idle', [{ kind: 'confirmation', text: session.t('chat:feedback.thanks') }]);
    }
    return session.stale();
  }

  private async startFlow(session: Session, flowId: string, argument?: string): Promise<Outcome> {
    const flow = this.flows.get(flowId);
    if (!flow) return session.outcome('idle', [{ kind: 'notice', text: session.t('chat:unavailable') }, this.menu(session)]);
    return this.applyStep(session, flow.id, await flow.start(session.flowContext({}), argument));
  }

  private async resumeFlow(session: Session, flowId: string, choice: string | undefined): Promise<Outcome> {
    const flow = this.flows.get(flowId);
    // the flow was switched off since (a restart without it): back to the menu
    if (!flow) return session.outcome('idle', [{ kind: 'notice', text: session.t('chat:unavailable') }, this.menu(session)]);
    const message = choice === undefined ? session.message : { ...session.message, choice };
    return this.applyStep(session, flow.id, await flow.resume(session.flowContext(session.data.flowData, message)));
  }

  private async applyStep(session: Session, flowId: string, step: FlowStep): Promise<Outcome> {
    const { citizen } = session;
    if (step.updateCitizen) {
      await this.store.updateCitizen(citizen.id, step.updateCitizen);
      if (step.updateCitizen.locale) citizen.locale = step.updateCitizen.locale;
      if (step.updateCitizen.localityCode) citizen.localityCode = step.updateCitizen.localityCode;
    }
    if (step.next === 'continue') {
      session.data.flowId = flowId;
      session.data.flowData = step.data;
      return session.outcome('flow', step.replies);
    }
    delete session.data.flowId;
    session.data.flowData = {};
    return session.outcome('idle', step.replies);
  }

  /** Notices kept for this citizen's next message (once they have agreed), removed from the data to be saved. */
  private takeNotices(citizen: StoredCitizen, data: ConversationData): Reply[] {
    const notices = data.notices ?? [];
    if (notices.length === 0 || !citizen.consentAt) return [];
    delete data.notices;
    return notices.map((notice) => ({ kind: 'notice', text: this.options.i18n.t(citizen.locale, notice.key, notice.values) }));
  }

  /** The main menu, listing only the features that are switched on. */
  menu(session: Session): Reply {
    const option = (id: string, key: string): ReplyOption => ({ id, label: session.t(`chat:menu.${key}`) });
    const options = [option('ask', 'ask')];
    if (this.flows.has('intake')) options.push(option('flow:intake', 'complaint'));
    if (this.flows.has('mytickets')) options.push(option('flow:mytickets', 'myTickets'));
    options.push(session.citizen.subscribed ? option('unsubscribe', 'unsubscribe') : option('subscribe', 'subscribe'));
    if (this.flows.has('locality')) options.push(option('flow:locality', 'locality'));
    options.push(option('language', 'language'), option('help', 'help'));
    return { kind: 'menu', text: session.t('chat:menu.title'), options };
  }

  private languageQuestion(session: Session): Reply {
    return {
      kind: 'prompt',
      text: session.t('chat:language.ask'),
      options: [
        { id: 'lang:vi', label: session.t('chat:language.vi') },
        { id: 'lang:en', label: session.t('chat:language.en') },
      ],
    };
  }

  /** Answers get "was this helpful?" buttons, so every channel can collect the vote. */
  private withFeedback(session: Session, replies: Reply[]): Reply[] {
    const given = replies.flatMap((reply) => (reply.kind === 'answer' && reply.faqId ? [reply.faqId] : []));
    session.data.answered = [...session.data.answered.filter((id) => !given.includes(id)), ...given].slice(-VOTABLE_ANSWERS);
    return replies.map((reply) =>
      reply.kind === 'answer' && reply.faqId && !reply.options
        ? {
            ...reply,
            options: [
              { id: `feedback:up:${reply.faqId}`, label: session.t('chat:feedback.up') },
              { id: `feedback:down:${reply.faqId}`, label: session.t('chat:feedback.down') },
            ],
          }
        : reply,
    );
  }

  private isMenuChoice(choice: string): boolean {
    return MENU_CHOICES.has(choice) || choice.startsWith('flow:') || choice.startsWith('feedback:') || choice.startsWith('lang:');
  }

  private isAcceptable(choice: string, state: EngineState, data: ConversationData): boolean {
    if (data.lastOptions.some((option) => option.id === choice)) return true;
    if (choice.startsWith('lang:')) return state === 'language';
    return this.isMenuChoice(choice);
  }

  translate(locale: Locale, key: string, values?: Record<string, unknown>): string {
    return this.options.i18n.t(locale, key, values);
  }
}

/** One message being handled: the citizen, the conversation data being built, the clock. */
class Session {
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
    const current: Reply = options.length > 0 ? { kind: 'menu', text: this.t('chat:stale'), options } : { ...this.engine.menu(this), text: this.t('chat:stale') };
    return { state: this.data.flowId ? 'flow' : 'idle', data: this.data, replies: [current] };
  }

  flowContext(data: Record<string, unknown>, message: InboundMessage = this.message): FlowContext {
    const { consentAt: _consentAt, blocked: _blocked, ...citizen } = this.citizen;
    return { citizen, message, locale: this.citizen.locale, now: this.now, data, t: (key, values) => this.t(key, values) };
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
