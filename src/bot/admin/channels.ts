import { Composer } from 'grammy';
import type { Db } from '../../db/create-db.js';
import { escapeHtml } from '../../html.js';
import type { Catalog } from '../../i18n/index.js';
import { recordAudit } from '../../stores/audit.js';
import {
  addChannel,
  channelPostCounts,
  findChannel,
  getChannel,
  listChannels,
  NO_RULE,
  removeChannel,
  setChannelPaused,
  setChannelRule,
  type Channel,
  type ChannelRule,
} from '../../stores/channels.js';
import type { HeraldContext } from '../context.js';
import { checkChannel, type ChannelProblem } from '../../delivery/channel-check.js';
import { formatRule, parseRule, type RuleError } from './channel-rule.js';
import type { AdminDeps } from './deps.js';

/** A channel as /channels add takes it: a public @name or a numeric id (-100…). */
const CHAT_REF = /^(@[A-Za-z][A-Za-z0-9_]{3,31}|-\d{1,20})$/;
const CHANNEL_ID = /^#?\d{1,9}$/;
const DAY_MS = 24 * 3600_000;

/** /channels: the list with each rule and its counts, and add (checked with Telegram), rule, pause, resume, remove. */
export function channelsFeature(deps: Pick<AdminDeps, 'channelVocabulary'>): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').command('channels', async (ctx) => {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const [verb, ...args] = ctx.match.trim().split(/\s+/).filter(Boolean);
    const now = ctx.reader.now();
    const audit = (action: string, details: Record<string, unknown>) => recordAudit(db, ctx.from.id, action, details, now);
    const noPreview = { link_preview_options: { is_disabled: true } };
    if (!verb) {
      await audit('channels.view', {});
      return ctx.reply(await channelList(db, t, now), { parse_mode: 'HTML', ...noPreview });
    }

    if (verb === 'add') {
      const [ref, ...ruleTokens] = args;
      if (!ref || !CHAT_REF.test(ref)) return ctx.reply(`${t.channelsAddUsage}\n\n${t.channelsUsage}`);
      // The rule first: a typo is answered without asking Telegram anything.
      const parsed = parseRule(ruleTokens, deps.channelVocabulary);
      if (!parsed.ok) return ctx.reply(ruleErrorText(t, parsed.error));
      const rule: ChannelRule = { ...NO_RULE, ...parsed.parts };
      await ctx.reply(t.channelsChecking);
      const check = await checkChannel(ctx.api, ref, ctx.me.id);
      if (!check.ok) {
        ctx.herald.log.info({ ref, problem: check.problem.kind }, 'channel not added');
        return ctx.reply(t.channelsNotAdded(refusal(check.problem, ref, ctx.me.username)), noPreview);
      }
      const { channel: chat } = check;
      const refs = [String(chat.id), ref, ...(chat.username ? [`@${chat.username}`] : [])];
      const existing = await findChannel(db, refs);
      if (existing) return ctx.reply(t.channelsExists(existing.id, nameOf(existing)), noPreview);
      const added = await addChannel(db, { chatId: String(chat.id), title: chat.title, username: chat.username, rule }, now);
      if (!added) {
        const raced = await findChannel(db, refs);
        return ctx.reply(t.channelsExists(raced?.id ?? 0, raced ? nameOf(raced) : ref), noPreview);
      }
      await audit('channel.add', { channelId: added.id, chatId: added.chatId, username: added.username, rule });
      return ctx.reply(t.channelAdded(added.id, nameOf(added), formatRule(rule)), noPreview);
    }

    if (verb === 'rule' || verb === 'pause' || verb === 'resume' || verb === 'remove') {
      const [ref, ...rest] = args;
      if (!ref || (verb === 'rule' ? rest.length === 0 : rest.length > 0)) return ctx.reply(`${t.channelsRefUsage(verb)}\n\n${t.channelsUsage}`);
      const channel = await resolve(db, ref);
      if (!channel) return ctx.reply(t.channelsUnknown(ref.slice(0, 40)));
      if (verb === 'rule') {
        const clearAll = rest.length === 1 && rest[0]!.toLowerCase() === 'any';
        const parsed = clearAll ? { ok: true as const, parts: NO_RULE } : parseRule(rest, deps.channelVocabulary);
        if (!parsed.ok) return ctx.reply(ruleErrorText(t, parsed.error));
        const rule: ChannelRule = { ...channel.rule, ...parsed.parts };
        const changed = await setChannelRule(db, channel.id, rule, now);
        if (!changed) return ctx.reply(t.channelsUnknown(ref.slice(0, 40)));
        await audit('channel.rule', { channelId: channel.id, chatId: channel.chatId, from: channel.rule, to: rule });
        return ctx.reply(t.channelRuleSet(channel.id, nameOf(changed), formatRule(rule)), noPreview);
      }
      if (verb === 'remove') {
        if (channel.fromConfig) return ctx.reply(t.channelsFromConfig(channel.id, nameOf(channel)));
        const removed = await removeChannel(db, channel.id, now);
        if (!removed) return ctx.reply(t.channelsUnknown(ref.slice(0, 40)));
        await audit('channel.remove', { channelId: channel.id, chatId: channel.chatId, rule: channel.rule, skipped: removed.skipped });
        return ctx.reply(t.channelRemoved(channel.id, nameOf(channel), removed.skipped), noPreview);
      }
      const changed = await setChannelPaused(db, channel.id, verb === 'pause', now);
      if (!changed) return ctx.reply(t.channelsUnknown(ref.slice(0, 40)));
      await audit(`channel.${verb}`, { channelId: channel.id, chatId: channel.chatId });
      return ctx.reply(verb === 'pause' ? t.channelPaused(channel.id, nameOf(channel)) : t.channelResumed(channel.id, nameOf(channel)), noPreview);
    }
    return ctx.reply(t.channelsUsage);
  });
  return composer;
}

/** A channel named by its number in /channels (`#2`, `2`), its @name or its chat id. */
async function resolve(db: Db, ref: string): Promise<Channel | undefined> {
  if (CHANNEL_ID.test(ref)) return getChannel(db, Number(ref.replace('#', '')));
  if (CHAT_REF.test(ref)) return findChannel(db, [ref]);
  return undefined;
}

function nameOf(channel: Channel): string {
  return channel.title ?? (channel.username ? `@${channel.username}` : channel.chatId);
}

function ruleErrorText(t: Catalog, error: RuleError): string {
  return error.kind === 'unknown-part' ? t.channelsUnknownPart(error.token, error.parts) : t.channelsBadValue(error.part, error.value, error.valid);
}

function refusal(problem: ChannelProblem, ref: string, bot: string) {
  switch (problem.kind) {
    case 'not-found':
      return { kind: problem.kind, ref };
    case 'not-a-channel':
      return { kind: problem.kind, ref, type: problem.type };
    case 'refused':
      return { kind: problem.kind, ref, description: problem.description };
    case 'missing-rights':
      return { kind: problem.kind, name: problem.name, bot, missing: problem.missing };
    default:
      return { kind: problem.kind, name: problem.name, bot };
  }
}

async function channelList(db: Db, t: Catalog, now: Date): Promise<string> {
  const channels = await listChannels(db);
  if (channels.length === 0) return t.channelsNone;
  const counts = await channelPostCounts(db, new Date(now.getTime() - DAY_MS));
  const lines = channels.map((c) =>
    t.channelLine({
      id: c.id,
      name: nameOf(c),
      chatId: c.chatId,
      rule: formatRule(c.rule),
      state: !c.paused ? 'active' : c.pausedBy === 'config' ? 'paused-config' : 'paused',
      fromConfig: c.fromConfig,
      sentToday: counts.get(c.chatId)?.sent ?? 0,
      waiting: counts.get(c.chatId)?.waiting ?? 0,
    }),
  );
  return [t.channelsTitle(channels.length), ...lines, '', escapeHtml(t.channelsUsage)].join('\n\n');
}
