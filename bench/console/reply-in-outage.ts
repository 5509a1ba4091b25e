// npm run bench:console-outage -- [--provider sqlite|postgresql] [--replies 200] [--concurrency 8] [--healthy]
// An officer answers many tickets while Telegram answers every sendMessage with 500: measures,
// through the real console API after a real sign-in, how long each reply request takes (it must
// not wait on the platform), then lets Telegram recover and measures how long until every reply
// has reached its citizen, counting any reply delivered twice or not at all.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { addOfficer, signedIn } from '../../test/console/console-harness.js';
import { startTestApp } from '../../test/support/app.js';
import { FakeTelegram } from '../../test/support/fake-telegram.js';
import { localityChain } from '../../src/localities/scope.js';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'sqlite' },
    replies: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    /** the same with Telegram answering, for comparison */
    healthy: { type: 'boolean', default: false },
  },
});
const provider = values.provider === 'postgresql' ? 'postgresql' : 'sqlite';
const replies = Number(values.replies);
const concurrency = Number(values.concurrency);
const COMMUNE = '05971';
const REPLY = 'Ban bầu cử xã đã kiểm tra và bổ sung tên của bạn vào danh sách cử tri.';

const telegram = await FakeTelegram.start();
const test = await startTestApp(provider, {
  TELEGRAM_BOT_TOKEN: telegram.token,
  TELEGRAM_API_ROOT: telegram.url,
  LOG_LEVEL: 'error',
});
try {
  const { db } = test.app.context;
  const chain = await localityChain(db, COMMUNE);
  if (!chain) throw new Error(`unknown locality ${COMMUNE}`);
  const codes: string[] = [];
  for (let index = 0; index < replies; index += 1) {
    const userId = String(700_000 + index);
    const citizen = await db.citizen.create({
      data: { channel: 'telegram', platformUserId: userId, chatId: userId, locale: 'vi', consentAt: new Date() },
    });
    const code = `KN-2021-${String(index + 1).padStart(5, '0')}`;
    await db.ticket.create({
      data: {
        code,
        kind: 'complaint',
        category: 'voter_list',
        status: 'received',
        description: `Tên tôi không có trong danh sách cử tri (${code}).`,
        channel: 'telegram',
        citizenId: citizen.id,
        localityCode: COMMUNE,
        ...chain,
        dueAt: new Date(Date.now() + 10 * 86_400_000),
        deadlineRule: 'benchmark',
      },
    });
    codes.push(code);
  }
  await addOfficer(db, 'bench.officer', 'officer', null);
  const officer = await signedIn(test.url, 'bench.officer');

  if (!values.healthy)
    telegram.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 10_000_000 });
  const timings: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < codes.length; index = next++) {
        const begin = performance.now();
        const answer = await officer.post(`/api/console/tickets/${codes[index]}/replies`, { text: REPLY });
        timings.push(performance.now() - begin);
        if (answer.status !== 200) throw new Error(`reply ${codes[index]}: ${answer.status} ${answer.text}`);
      }
    }),
  );
  const repliedIn = performance.now() - started;
  timings.sort((a, b) => a - b);
  const at = (q: number) => (timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0).toFixed(1);
  const refused = telegram.callsOf('sendMessage').length;

  telegram.recover();
  const recoveredAt = performance.now();
  const delivered = () => telegram.sentMessages().filter((message) => message.text.includes(REPLY));
  await telegram.waitFor(() => delivered().length >= replies, 600_000);
  const allIn = performance.now() - recoveredAt;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const perChat = new Map<string, number>();
  for (const message of delivered()) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
  const twice = [...perChat.values()].filter((count) => count > 1).length;
  const missing = replies - perChat.size;

  process.stdout.write(
    [
      `${provider}: ${replies} officer replies while Telegram ${values.healthy ? 'answers' : 'answers 500'}, ${concurrency} at a time`,
      `  reply request: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (${(replies / (repliedIn / 1000)).toFixed(0)} replies/s)`,
      `  refused sendMessage calls during the outage: ${refused}`,
      `  after Telegram recovered: every reply delivered in ${(allIn / 1000).toFixed(1)} s; delivered twice: ${twice}; never delivered: ${missing}`,
      '',
    ].join('\n'),
  );
} finally {
  await test.stop();
  await telegram.stop();
}
