import { Api, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../config.js';
import { chatRights, checkChannel as checkBotChannel, type ChannelProblem } from '../delivery/channel-check.js';
import type { Channel } from '../stores/channels.js';
import type { StoredChannels } from './database.js';
import { errorCode, fail, messageOf, pass, skip, type CheckLine } from './lines.js';

/** Ports Telegram delivers webhooks to. */
const WEBHOOK_PORTS = new Set(['443', '80', '88', '8443']);
/** A webhook delivery error older than this, with nothing waiting, is history rather than a problem. */
const RECENT_ERROR_SECONDS = 3600;

export interface TelegramCheckOptions {
  /** Per Bot API request. */
  timeoutSeconds: number;
  /** Unix seconds now (webhook errors are dated). */
  now: () => Date;
  /** The channels editors added with /channels, as the database lists them (or why it could not). */
  channels: StoredChannels;
}

/** What went wrong with a Bot API call: Telegram's own answer (a wrong value), or no usable answer (network). */
type Failure = { kind: 'answer'; code: number; description: string } | { kind: 'network'; text: string } | { kind: 'not-bot-api'; text: string };

async function call<T>(request: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
  try {
    return { ok: true, value: await request() };
  } catch (error) {
    if (error instanceof GrammyError) return { ok: false, failure: { kind: 'answer', code: error.error_code, description: error.description } };
    if (error instanceof HttpError) {
      const inner = error.error;
      // Something answered, but not in JSON: a web server, a proxy's error page, not a Bot API.
      const invalidJson = inner instanceof SyntaxError || (inner as { type?: unknown } | undefined)?.type === 'invalid-json';
      if (invalidJson) return { ok: false, failure: { kind: 'not-bot-api', text: 'its answer is not JSON' } };
      const code = errorCode(inner);
      const timedOut = /timed out/i.test(messageOf(inner));
      return { ok: false, failure: { kind: 'network', text: timedOut ? messageOf(inner) : (code ?? messageOf(inner)) } };
    }
    return { ok: false, failure: { kind: 'network', text: messageOf(error) } };
  }
}

/** One line for a failure whose cause is not the value checked: Bot API unreachable, or not a Bot API. */
function unreachable(subject: string, failure: Exclude<Failure, { kind: 'answer' }>, apiRoot: string): CheckLine {
  if (failure.kind === 'not-bot-api') {
    return fail(subject, `${apiRoot} answered, but not as a Telegram Bot API (${failure.text}): fix BOT_API_ROOT (default https://api.telegram.org), or, if it is right, Telegram is having trouble: try again later`);
  }
  return fail(subject, `network: could not reach the Bot API at ${apiRoot} (${failure.text}): check this machine's internet access, proxy or firewall (or BOT_API_ROOT)`);
}

/**
 * BOT_TOKEN (getMe), CHANNEL_ID (getChat, getChatMember for the bot), each editor in
 * ADMIN_IDS (sendChatAction: shows "typing…" for a moment, sends nothing), and how updates
 * arrive (getWebhookInfo). Reads only: nothing is sent, set or deleted.
 */
export async function checkTelegram(config: Config, options: TelegramCheckOptions): Promise<CheckLine[]> {
  if (!config.botToken) {
    const lines = [skip('BOT_TOKEN', 'not set: preview mode (posts are printed, nothing is sent); to go live, set BOT_TOKEN to the token @BotFather gave you')];
    if (config.channelId) lines.push(skip(`CHANNEL_ID ${config.channelId}`, 'not checked: needs BOT_TOKEN'));
    for (const channel of otherChannels(config, options.channels)) lines.push(skip(channelSubject(channel), 'not checked: needs BOT_TOKEN'));
    for (const id of config.adminIds) lines.push(skip(`admin ${id}`, 'not checked: needs BOT_TOKEN'));
    return lines;
  }
  const api = new Api(config.botToken, { apiRoot: config.botApiRoot, timeoutSeconds: options.timeoutSeconds });
  const me = await call(() => api.getMe());
  if (!me.ok) {
    const lines = [tokenProblem(me.failure, config.botApiRoot)];
    const reason = 'not checked: BOT_TOKEN must pass first';
    if (config.channelId) lines.push(skip(`CHANNEL_ID ${config.channelId}`, reason));
    for (const channel of otherChannels(config, options.channels)) lines.push(skip(channelSubject(channel), reason));
    for (const id of config.adminIds) lines.push(skip(`admin ${id}`, reason));
    lines.push(skip(config.updates.mode === 'webhook' ? 'WEBHOOK_URL' : 'updates', reason));
    return lines;
  }
  const bot = me.value;
  const lines = [pass('BOT_TOKEN', `the bot is @${bot.username} (${bot.first_name})`)];
  if (config.channelId) lines.push(await checkChannel(api, config.channelId, bot, config.botApiRoot));
  else lines.push(skip('CHANNEL_ID', 'not set: nothing is posted to a channel (readers still get private messages)'));
  if (!options.channels.ok) lines.push(skip('channels', `${options.channels.reason}: only CHANNEL_ID was checked; the channels editors added with /channels are checked once the database answers`));
  for (const channel of otherChannels(config, options.channels)) lines.push(await checkStoredChannel(api, channel, bot, config.botApiRoot));
  for (const id of config.adminIds) lines.push(await checkAdmin(api, id, bot, config.botApiRoot));
  lines.push(await checkUpdates(api, config, options));
  return lines;
}

function tokenProblem(failure: Failure, apiRoot: string): CheckLine {
  if (failure.kind !== 'answer') return unreachable('BOT_TOKEN', failure, apiRoot);
  if (failure.code === 401 || failure.code === 404) {
    return fail('BOT_TOKEN', `Telegram does not accept this token (${failure.code} ${failure.description}): copy it again from @BotFather (/mybots → your bot → API Token); a token revoked there no longer works`);
  }
  return fail('BOT_TOKEN', `Telegram refused getMe (${failure.code} ${failure.description}): check BOT_TOKEN`);
}

async function checkChannel(api: Api, channelId: string, bot: UserFromGetMe, apiRoot: string): Promise<CheckLine> {
  const subject = `CHANNEL_ID ${channelId}`;
  const addIt = `add @${bot.username} under the channel's Administrators with 'Post messages' and 'Edit messages of others'`;
  const chat = await call(() => api.getChat(channelId));
  if (!chat.ok) {
    if (chat.failure.kind !== 'answer') return unreachable(subject, chat.failure, apiRoot);
    const { code, description } = chat.failure;
    if (code === 400 && /chat not found/i.test(description)) {
      return fail(subject, `Telegram finds no such chat for this bot (${description}): check the spelling (a public channel's @username, or a private channel's -100… id), then ${addIt}`);
    }
    if (code === 403) return fail(subject, `the bot was removed from the channel (${description}): ${addIt}`);
    return fail(subject, `Telegram refused getChat (${code} ${description}): check CHANNEL_ID`);
  }
  const info = chat.value;
  if (info.type === 'private') return fail(subject, `is a private chat with a person, not a channel: set CHANNEL_ID to the channel's @username or -100… id`);
  const name = `${info.type} “${info.title ?? channelId}”`;
  const member = await call(() => api.getChatMember(info.id, bot.id));
  if (!member.ok) {
    if (member.failure.kind !== 'answer') return unreachable(subject, member.failure, apiRoot);
    return fail(subject, `${name}: Telegram will not say what the bot may do there (${member.failure.code} ${member.failure.description}): ${addIt}`);
  }
  const rights = chatRights(member.value, info.type);
  const missing = [rights.post ? null : 'Post messages', rights.edit ? null : 'Edit messages of others', rights.pin ? null : info.type === 'channel' ? null : 'Pin messages'].filter(
    (r): r is string => r !== null,
  );
  if (member.value.status === 'left' || member.value.status === 'kicked') {
    return fail(subject, `${name}: the bot is not in it: ${info.type === 'channel' ? addIt : `add @${bot.username} to the group as an admin with 'Pin messages'`}`);
  }
  if (missing.length > 0 || !rights.pin) {
    const notAdmin = member.value.status !== 'administrator' && member.value.status !== 'creator';
    const what = notAdmin ? 'the bot is not an admin there' : `the bot may not ${[!rights.post && 'post', !rights.edit && 'edit', !rights.pin && 'pin'].filter(Boolean).join(', ')}`;
    const fix = info.type === 'channel' ? `give @${bot.username} 'Post messages' and 'Edit messages of others' (which also lets it pin) under Administrators` : `make @${bot.username} an admin with ${missing.map((m) => `'${m}'`).join(' and ')}`;
    return fail(subject, `${name}: ${what}: ${fix}`);
  }
  return pass(subject, `${name}; the bot can post, edit and pin`);
}

/** The active channels of the channels table other than CHANNEL_ID's (its own line checks it). */
function otherChannels(config: Config, stored: StoredChannels): Channel[] {
  if (!stored.ok) return [];
  const configured = config.channelId?.toLowerCase() ?? null;
  const named = (c: Channel) => configured !== null && (c.chatId.toLowerCase() === configured || (c.username !== null && `@${c.username.toLowerCase()}` === configured));
  return stored.channels.filter((c) => !c.paused && !named(c));
}

function channelSubject(channel: Channel): string {
  return `channel ${channel.username ? `@${channel.username}` : channel.chatId}`;
}

/** One active channel of the table, by the same check /channels add makes, with what to do about it. */
async function checkStoredChannel(api: Api, channel: Channel, bot: UserFromGetMe, apiRoot: string): Promise<CheckLine> {
  const subject = channelSubject(channel);
  const checked = await call(() => checkBotChannel(api, channel.chatId, bot.id));
  if (!checked.ok) {
    // checkChannel answers Telegram's refusals itself: what reaches here found no Bot API.
    const failure = checked.failure;
    return failure.kind === 'answer' ? fail(subject, `Telegram refused (${failure.code} ${failure.description})`) : unreachable(subject, failure, apiRoot);
  }
  const result = checked.value;
  if (result.ok) return pass(subject, `channel “${result.channel.title ?? channel.chatId}” (/channels #${channel.id}); the bot can post, edit and pin`);
  return fail(subject, `${channelProblemText(result.problem, channel, bot)}`);
}

function channelProblemText(problem: ChannelProblem, channel: Channel, bot: UserFromGetMe): string {
  const addIt = `add @${bot.username} under the channel's Administrators with 'Post messages' and 'Edit messages of others'`;
  const orRemove = `, or pause it with /channels pause ${channel.id}`;
  const name = (n: string) => `channel “${n}” (/channels #${channel.id})`;
  switch (problem.kind) {
    case 'not-found':
      return `Telegram finds no such chat for this bot (/channels #${channel.id}): the channel was deleted or the bot removed from it: ${addIt}${orRemove}`;
    case 'not-a-channel':
      return `(/channels #${channel.id}) is a ${problem.type}, not a channel: remove it with /channels remove ${channel.id}`;
    case 'not-member':
      return `${name(problem.name)}: the bot is not in it: ${addIt}${orRemove}`;
    case 'not-admin':
      return `${name(problem.name)}: the bot is not an admin there: ${addIt}${orRemove}`;
    case 'missing-rights': {
      const may = problem.missing.flatMap((m) => (m === 'edit' ? ['edit', 'pin'] : [m]));
      const rights = problem.missing.map((m) => (m === 'post' ? "'Post messages'" : "'Edit messages of others' (which also lets it pin)"));
      return `${name(problem.name)}: the bot may not ${may.join(', ')}: give @${bot.username} ${rights.join(' and ')} under Administrators${orRemove}`;
    }
    case 'refused':
      return `Telegram refused getChat or getChatMember (/channels #${channel.id}: ${problem.description})${orRemove}`;
  }
}

async function checkAdmin(api: Api, id: number, bot: UserFromGetMe, apiRoot: string): Promise<CheckLine> {
  const subject = `admin ${id}`;
  const start = `ask them to open @${bot.username} in Telegram and send /start`;
  // A chat action is the one way to learn whether the bot may write to someone without writing:
  // they see "typing…" for a few seconds at most, and no message or notification.
  const action = await call(() => api.sendChatAction(id, 'typing'));
  if (!action.ok) {
    if (action.failure.kind !== 'answer') return unreachable(subject, action.failure, apiRoot);
    const { code, description } = action.failure;
    if (/blocked by the user/i.test(description)) return fail(subject, `has blocked the bot: ${start} (unblocking it first)`);
    if (/deactivated/i.test(description)) return fail(subject, `this account was deleted: remove ${id} from ADMIN_IDS`);
    if (/initiate conversation|chat not found/i.test(description)) return fail(subject, `the bot cannot write to them yet (${description}): ${start}; if they have, check the id in ADMIN_IDS (a user's numeric id, from @userinfobot)`);
    return fail(subject, `Telegram refused (${code} ${description}): check the id in ADMIN_IDS, and ${start}`);
  }
  const chat = await call(() => api.getChat(id));
  const name = chat.ok && chat.value.type === 'private' ? [chat.value.first_name, chat.value.last_name].filter(Boolean).join(' ') + (chat.value.username ? ` @${chat.value.username}` : '') : null;
  return pass(subject, `${name ? `${name}: ` : ''}the bot can write to them`);
}

async function checkUpdates(api: Api, config: Config, options: TelegramCheckOptions): Promise<CheckLine> {
  const webhook = config.updates.mode === 'webhook' ? config.updates : null;
  const subject = webhook ? 'WEBHOOK_URL' : 'updates';
  const info = await call(() => api.getWebhookInfo());
  if (!info.ok) {
    if (info.failure.kind !== 'answer') return unreachable(subject, info.failure, config.botApiRoot);
    return fail(subject, `Telegram refused getWebhookInfo (${info.failure.code} ${info.failure.description})`);
  }
  const { url, pending_update_count: pending, last_error_date: errorDate, last_error_message: errorMessage } = info.value;
  const pendingText = `${pending} update${pending === 1 ? '' : 's'} waiting`;
  if (!webhook) {
    if (url === '') return pass(subject, `long polling (WEBHOOK_URL not set); ${pendingText}`);
    return pass(subject, `long polling; Telegram still has a webhook at ${url}, which Herald removes at start (if another deployment uses this bot, the two will take each other's updates); ${pendingText}`);
  }
  const target = new URL(webhook.url);
  if (target.protocol !== 'https:') return fail(subject, `${webhook.url} is not https: Telegram delivers updates only to https addresses; put Herald behind an https proxy`);
  const port = target.port || '443';
  if (!WEBHOOK_PORTS.has(port)) return fail(subject, `${webhook.url} uses port ${port}: Telegram delivers only to ports 443, 80, 88 and 8443; let a proxy on one of them forward to Herald's PORT ${config.port}`);
  if (url === '') return pass(subject, `${webhook.url}: not registered yet; Herald registers it at start; ${pendingText}`);
  if (url !== webhook.url) return pass(subject, `Telegram now sends this bot's updates to ${url}; Herald registers ${webhook.url} at start (if another deployment uses this bot, the two will take each other's updates); ${pendingText}`);
  if (errorDate !== undefined) {
    const age = Math.max(0, Math.round(options.now().getTime() / 1000 - errorDate));
    const text = `Telegram's last delivery to ${url} failed ${ago(age)} (${errorMessage ?? 'no reason given'}); ${pendingText}`;
    if (age <= RECENT_ERROR_SECONDS || pending > 0) return fail(subject, `${text}: make sure ${url} reaches Herald's PORT ${config.port} (a proxy forwarding to it) with a valid certificate`);
    return pass(subject, `${url}, registered; ${text}, since recovered`);
  }
  return pass(subject, `${url}, registered, no delivery errors; ${pendingText}`);
}

function ago(seconds: number): string {
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}
