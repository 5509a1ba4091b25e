// Port: reach a citizen in their own channel, outside a request they made.
import type { SendOutcome } from './sender.js';
import type { Reply } from '../conversation/messages.js';

export interface CitizenNotifier {
  /**
   * Delivers replies to the citizen on the channel they use. Web chat citizens get them
   * queued for GET /api/chat/messages; Telegram and Zalo citizens get them sent now. A citizen
   * found unreachable (blocked the bot) is marked blocked and unsubscribed. Never throws.
   */
  notify(citizenId: string, replies: Reply[]): Promise<SendOutcome>;
}
