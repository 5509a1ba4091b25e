// Small factories for the ticket tests: a migrated, seeded database; a ticket service wired to a
// recording notifier; flow contexts built like the conversation engine builds them.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadElectionConfig } from '../../src/config/election.js';
import { type Database } from '../../src/db/database.js';
import { createTranslator, type Locale } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import type { Clock } from '../../src/lib/clock.js';
import type { CitizenNotifier } from '../../src/outbox/notifier.js';
import type { DeliveryState, Origin } from '../../src/outbox/outgoing.js';
import type { FlowContext, FlowStep } from '../../src/conversation/flow.js';
import type { Channel, InboundAttachment, Reply } from '../../src/conversation/messages.js';
import { createTicketService } from '../../src/tickets/ticket-service.js';
import type { TicketLimits } from '../../src/tickets/limits.js';
import type { Actor, TicketService } from '../../src/tickets/types.js';
import { migratedTestDatabase, type Provider, type TestDatabase } from '../support/databases.js';
import { testAuditChain } from '../support/security.js';
import { createThrottle } from '../../src/security/throttle.js';
import type { AuditChain } from '../../src/audit/audit-log.js';

export const election = loadElectionConfig('config/elections/lang-son-2021.json');
export const translator = createTranslator(election);

/** Phường Tam Thanh and Phường Vĩnh Trại (Thành phố Lạng Sơn, 178); Thị trấn Văn Quan (184). */
export const TAM_THANH = '05974';
export const VINH_TRAI = '05977';
export const CITY = '178';
export const VAN_QUAN_TOWN = '06253';

/** Remembers what would have reached each citizen (and its origin); answers with a chosen state. */
export class RecordingNotifier implements CitizenNotifier {
  readonly sent: { citizenId: string; replies: Reply[]; origin: Origin | undefined }[] = [];
  state: DeliveryState = 'queued';
  /** how often the ticket service asked for what it stored to be sent (after its transaction) */
  sends = 0;
  async store(_tx: unknown, citizenId: string, replies: Reply[], origin?: Origin): Promise<DeliveryState> {
    if (this.state === 'queued' || this.state === 'sent') this.sent.push({ citizenId, replies, origin });
    return this.state;
  }
  send(): void {
    this.sends += 1;
  }
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return this.current;
  }
}

export interface TicketWorld {
  provider: Provider;
  testDb: TestDatabase;
  database: Database;
  tickets: TicketService;
  notifier: RecordingNotifier;
  clock: ManualClock;
  encryptionKey: Buffer;
  audit: AuditChain;
  logs: string[];
  /** a second ticket service on the same database and keys, as another instance would run */
  otherInstance(): TicketService;
  close(): Promise<void>;
}

export async function createTicketWorld(
  provider: Provider,
  options: { limits?: Partial<TicketLimits>; now?: Date } = {},
): Promise<TicketWorld> {
  const { testDb, database } = await migratedTestDatabase(provider);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const notifier = new RecordingNotifier();
  // 10 May 2021, 09:00 in Lạng Sơn: before the candidate cut-off, inside the voter-list window.
  const clock = new ManualClock(options.now ?? new Date('2021-05-10T02:00:00Z'));
  const encryptionKey = randomBytes(32);
  const audit = testAuditChain(database.db, provider, clock);
  const throttleKey = randomBytes(32);
  const instance = () =>
    createTicketService({
      db: database.db,
      audit,
      throttle: createThrottle({ db: database.db, clock, subjectKey: throttleKey }),
      election,
      encryptionKey,
      notifier,
      i18n: translator,
      clock,
      logger: createLogger('debug', sink),
      limits: options.limits,
    });
  const tickets = instance();
  return {
    provider,
    testDb,
    database,
    tickets,
    notifier,
    clock,
    encryptionKey,
    audit,
    logs,
    otherInstance: instance,
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

export async function createCitizen(world: TicketWorld, locale: Locale = 'vi', channel: Channel = 'telegram') {
  const platformUserId = randomUUID();
  return world.database.db.citizen.create({ data: { channel, platformUserId, chatId: platformUserId, locale } });
}

export async function createActor(
  world: TicketWorld,
  role: Actor['role'],
  localityCode: string | null,
): Promise<Actor> {
  const officer = await world.database.db.officer.create({
    data: { username: `o${randomBytes(6).toString('hex')}`, passwordHash: 'x', role, localityCode },
  });
  return { officerId: officer.id, role, localityCode };
}

/** Drives a flow like the engine: start, then each message resumes with the data the last step left. */
export class FlowDriver {
  data: Record<string, unknown> = {};
  last: FlowStep | null = null;
  private counter = 0;

  constructor(
    private readonly flow: {
      start(context: FlowContext, argument?: string): Promise<FlowStep>;
      resume(context: FlowContext): Promise<FlowStep>;
    },
    private readonly citizen: { id: string; channel: string; chatId: string; locale: string },
    private readonly clock: Clock,
  ) {}

  private context(message: { text?: string; choice?: string; attachments?: InboundAttachment[] }): FlowContext {
    const locale: Locale = this.citizen.locale === 'en' ? 'en' : 'vi';
    const channel: Channel =
      this.citizen.channel === 'web' ? 'web' : this.citizen.channel === 'zalo' ? 'zalo' : 'telegram';
    this.counter += 1;
    return {
      citizen: {
        id: this.citizen.id,
        channel,
        chatId: this.citizen.chatId,
        displayName: null,
        locale,
        localityCode: null,
        subscribed: false,
      },
      message: {
        channel,
        platformUserId: this.citizen.chatId,
        chatId: this.citizen.chatId,
        platformMessageId: String(this.counter),
        sentAt: this.clock.now(),
        attachments: [],
        ...message,
      },
      locale,
      now: this.clock.now(),
      t: (key, values) => translator.t(locale, key, values),
      data: this.data,
    };
  }

  private remember(step: FlowStep): FlowStep {
    this.last = step;
    this.data = step.next === 'continue' ? step.data : {};
    return step;
  }

  async start(argument?: string): Promise<FlowStep> {
    return this.remember(await this.flow.start(this.context({}), argument));
  }

  async send(message: { text?: string; choice?: string; attachments?: InboundAttachment[] }): Promise<FlowStep> {
    return this.remember(await this.flow.resume(this.context(message)));
  }

  /** Every option id offered by the last step. */
  options(): string[] {
    return (this.last?.replies ?? []).flatMap((reply) => reply.options ?? []).map((option) => option.id);
  }

  text(): string {
    return (this.last?.replies ?? []).map((reply) => reply.text).join('\n');
  }
}
