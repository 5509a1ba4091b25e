// "My tickets" in chat (flow id "mytickets"): the citizen's own tickets with their status, a
// look-up by code and PIN from any channel, and adding information to an open ticket.
import { z } from 'zod';
import type { ElectionConfig } from '../config/election.js';
import { encodeChoice, flowOption, readFlowOption } from '../conversation/choices.js';
import type { ConversationFlow, FlowContext, FlowStep } from '../conversation/flow.js';
import type { Reply, ReplyOption } from '../conversation/messages.js';
import { normalizePin, normalizeTicketCode } from './codes.js';
import { DEFAULT_TICKET_LIMITS, type TicketLimits } from './limits.js';
import { refusalText, ticketLine } from './ticket-texts.js';
import { FINAL_STATUSES, type TicketService } from './types.js';

export interface MyTicketsFlowDeps {
  tickets: TicketService;
  election: ElectionConfig;
  limits?: Partial<TicketLimits>;
}

const stateSchema = z.object({
  awaiting: z.enum(['choice', 'code', 'pin', 'addition']),
  code: z.string().optional(),
});
type State = z.infer<typeof stateSchema>;

/** the flow's option "add:<code>": add information to this ticket */
const ADD = 'add';
/** How many open tickets get an "add information" button. */
const MAX_ADD_BUTTONS = 5;

export function createMyTicketsFlow(deps: MyTicketsFlowDeps): ConversationFlow {
  const { tickets, election } = deps;
  const limits: TicketLimits = { ...DEFAULT_TICKET_LIMITS, ...deps.limits };
  const closeOption = (ctx: FlowContext): ReplyOption => ({ id: 'close', label: ctx.t('tickets:mine.options.close') });
  const stay = (replies: Reply[], data: State): FlowStep => ({ replies, next: 'continue', data });
  const done = (text: string): FlowStep => ({ replies: [{ kind: 'notice', text }], next: 'done' });

  async function overview(ctx: FlowContext): Promise<FlowStep> {
    const mine = await tickets.listForCitizen(ctx.citizen.id);
    const lines =
      mine.length === 0
        ? [ctx.t('tickets:mine.none')]
        : [
            ctx.t('tickets:mine.title'),
            ...mine.map((ticket) => ticketLine(ctx.t, ticket, ctx.locale, election.timeZone)),
          ];
    const open = mine.filter((ticket) => !FINAL_STATUSES.includes(ticket.status)).slice(0, MAX_ADD_BUTTONS);
    const options: ReplyOption[] = [
      ...open.map((ticket) => ({
        id: flowOption(ADD, ticket.code),
        label: ctx.t('tickets:mine.options.add', { code: ticket.code }),
      })),
      { id: 'lookup', label: ctx.t('tickets:mine.options.lookup') },
      { id: encodeChoice({ kind: 'flow', flowId: 'intake' }), label: ctx.t('tickets:mine.options.new') },
      closeOption(ctx),
    ];
    return stay([{ kind: 'menu', text: lines.join('\n'), options }], { awaiting: 'choice' });
  }

  async function lookUp(ctx: FlowContext, code: string, pinInput: string): Promise<FlowStep> {
    const pin = normalizePin(pinInput);
    // wrong PINs slow down whoever types them: the web chat's address, else the platform account
    const requester = ctx.message.sourceAddress ? `address:${ctx.message.sourceAddress}` : `citizen:${ctx.citizen.id}`;
    const found = pin ? await tickets.findByCodeAndPin(code, pin, requester) : null;
    // One answer for a wrong code and a wrong PIN: nothing tells a stranger which it was.
    if (!found) return done(ctx.t('tickets:mine.lookupFailed'));
    return done(ticketLine(ctx.t, found, ctx.locale, election.timeZone));
  }

  async function addInformation(ctx: FlowContext, code: string): Promise<FlowStep> {
    const text = ctx.message.text ?? '';
    const attachments = ctx.message.attachments.map((file) => ({
      platformFileId: file.platformFileId,
      fileName: file.fileName,
      mimeType: file.mimeType,
      size: file.size,
    }));
    try {
      await tickets.addCitizenMessage(code, ctx.citizen.id, text, attachments);
    } catch (error) {
      const refusal = refusalText(ctx.t, error, limits);
      if (refusal === null) throw error;
      return stay(
        [
          { kind: 'notice', text: refusal },
          { kind: 'prompt', text: ctx.t('tickets:mine.addPrompt', { code }), options: [closeOption(ctx)] },
        ],
        { awaiting: 'addition', code },
      );
    }
    return done(ctx.t('tickets:mine.added', { code }));
  }

  async function handle(ctx: FlowContext, state: State): Promise<FlowStep> {
    const { choice } = ctx.message;
    const text = ctx.message.text?.trim() ?? '';
    if (choice === 'close') return done(ctx.t('tickets:mine.closed'));
    if (state.awaiting === 'choice') {
      if (choice === 'lookup')
        return stay([{ kind: 'prompt', text: ctx.t('tickets:mine.askCode'), options: [closeOption(ctx)] }], {
          awaiting: 'code',
        });
      const code = readFlowOption(choice, ADD);
      if (code) {
        return stay(
          [{ kind: 'prompt', text: ctx.t('tickets:mine.addPrompt', { code }), options: [closeOption(ctx)] }],
          { awaiting: 'addition', code },
        );
      }
      // A code typed straight away: go on to the PIN.
      const typed = normalizeTicketCode(text);
      if (typed)
        return stay([{ kind: 'prompt', text: ctx.t('tickets:mine.askPin'), options: [closeOption(ctx)] }], {
          awaiting: 'pin',
          code: typed,
        });
    }
    if (state.awaiting === 'code' && !choice) {
      const code = normalizeTicketCode(text);
      if (code)
        return stay([{ kind: 'prompt', text: ctx.t('tickets:mine.askPin'), options: [closeOption(ctx)] }], {
          awaiting: 'pin',
          code,
        });
      return stay([{ kind: 'prompt', text: ctx.t('tickets:mine.badCode'), options: [closeOption(ctx)] }], state);
    }
    if (state.awaiting === 'pin' && state.code && !choice) return lookUp(ctx, state.code, text);
    if (state.awaiting === 'addition' && state.code && !choice) return addInformation(ctx, state.code);
    return overview(ctx);
  }

  return {
    id: 'mytickets',
    start: (ctx) => overview(ctx),
    async resume(ctx) {
      const parsed = stateSchema.safeParse(ctx.data);
      return parsed.success ? handle(ctx, parsed.data) : overview(ctx);
    },
  };
}
