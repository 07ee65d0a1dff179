/**
 * The fake Bot API in its own process, reporting what it sees as it happens, so a benchmark
 * can time a child Herald's start and fan-out while measuring only Herald's memory.
 *
 * Enforces Telegram's limits with exact windows (no tolerance; 429 when passed). Argument:
 * how many private chats (users 800000000…). Prints JSON lines on stdout:
 *   {"apiRoot","token"}                              once listening
 *   {"event":"getUpdates","at"}                      each getUpdates call, when it arrives
 *   {"event":"sent","n","at"}                        each sendMessage to a private chat answered 200
 *   {"event":"429","n","at"}                         each call answered 429
 *   {"breaches","tooMany","sent"}                    when stdin ends; then it exits
 * `at` is Date.now() in ms. SIGTERM: exits at once.
 */
import { startFakeBotApi, type CallRecord } from '../../tests/helpers/fake-bot-api.js';

const FIRST_USER = 800_000_000;
const users = Number(process.argv[2] ?? 0);
const api = await startFakeBotApi({ rateLimits: { mode: 'enforce', toleranceMs: 0 } });
for (let i = 0; i < users; i++) api.addUser({ id: FIRST_USER + i });

// The benchmark may be gone (killed): then nobody reads these lines, and that is no error.
process.stdout.on('error', () => undefined);
const emit = (line: Record<string, unknown>): void => {
  if (!process.stdout.writableEnded) process.stdout.write(`${JSON.stringify(line)}\n`);
};
const isPrivateUser = (chatId: unknown): boolean => {
  const id = Number(chatId);
  return id >= FIRST_USER && id < FIRST_USER + users;
};

// Event-driven: the probe runs on every change of the fake (a call arriving or answered) and never resolves.
let seen = 0;
let sent = 0;
let tooMany = 0;
const open = new Set<CallRecord>();
const watch = (): false => {
  while (seen < api.calls.length) {
    const call = api.calls[seen++]!;
    if (call.method === 'getUpdates') emit({ event: 'getUpdates', at: Date.now() });
    open.add(call);
  }
  for (const call of open) {
    if (call.outcome === 'pending') continue;
    open.delete(call);
    if (call.status === 429) emit({ event: '429', n: ++tooMany, at: Date.now() });
    else if (call.status === 200 && call.method === 'sendMessage' && isPrivateUser(call.params.chat_id)) emit({ event: 'sent', n: ++sent, at: Date.now() });
  }
  return false;
};
api.waitFor(watch, { timeoutMs: 2 ** 31 - 1 }).catch(() => undefined);

emit({ apiRoot: api.apiRoot, token: api.token });
const stop = async (): Promise<void> => {
  await api.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.stdin.on('end', () => {
  emit({ breaches: api.breaches.length, tooMany, sent });
  void stop();
});
process.stdin.resume();
