/**
 * The fake Bot API in its own process, so a benchmark measures the bot's CPU and memory,
 * not the fake's. Prints {"apiRoot","token"} once listening; exits on SIGTERM or stdin end.
 * Argument: how many private chats (users 800000000…) to create.
 */
import { startFakeBotApi } from '../../tests/helpers/fake-bot-api.js';

const users = Number(process.argv[2] ?? 0);
const api = await startFakeBotApi({ rateLimits: false });
for (let i = 0; i < users; i++) api.addUser({ id: 800_000_000 + i });
process.stdout.write(`${JSON.stringify({ apiRoot: api.apiRoot, token: api.token })}\n`);
const stop = async () => {
  await api.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
