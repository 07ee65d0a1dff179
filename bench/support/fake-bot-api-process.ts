/**
 * The fake Bot API in its own process, so a benchmark measures the bot's CPU and memory,
 * not the fake's. It enforces Telegram's limits (exact windows; 1,000/s for paid broadcasts).
 * Prints {"apiRoot","token"} once listening; when stdin ends it prints {"breaches","tooMany"}
 * and exits (SIGTERM: exits at once). Argument: how many private chats (users 800000000…).
 */
import { startFakeBotApi } from '../../tests/helpers/fake-bot-api.js';

const users = Number(process.argv[2] ?? 0);
const api = await startFakeBotApi({ rateLimits: { mode: 'enforce' } });
for (let i = 0; i < users; i++) api.addUser({ id: 800_000_000 + i });
process.stdout.write(`${JSON.stringify({ apiRoot: api.apiRoot, token: api.token })}\n`);
const stop = async () => {
  await api.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ breaches: api.breaches.length, tooMany: api.calls.filter((c) => c.status === 429).length })}\n`);
  void stop();
});
process.stdin.resume();
