// A ChannelSender that counts what each send came to (sent, rate_limited, unreachable, failed)
// in the metrics; setup wraps every platform sender with it, so replies, notifications and
// broadcasts are all counted in one place.
import type { Metrics } from '../metrics/metrics.js';
import type { ChannelSender } from '../outbox/sender.js';

export function countSends(sender: ChannelSender, sends: Metrics['sends']): ChannelSender {
  return {
    channel: sender.channel,
    async send(chatId, replies, options) {
      const outcome = await sender.send(chatId, replies, options);
      sends.inc({ channel: sender.channel, result: outcome.status });
      return outcome;
    },
  };
}
