/**
 * The editors' /channels texts and the channel and language choices of /breaking (Catalog.channels).
 * Plain text unless marked HTML; functions escape what they are given where they return HTML.
 */
import { escapeHtml as e } from '../html.js';
import { russianPlural } from './russian-plural.js';

/** One channel in /channels (HTML). */
export interface ChannelLine {
  id: number;
  /** Its title, else its @username or chat id. */
  name: string;
  chatId: string;
  /** The rule as typed (`lang=en section=analytics`); empty for none. */
  rule: string;
  state: 'active' | 'paused' | 'paused-config';
  fromConfig: boolean;
  sentToday: number;
  waiting: number;
}

/** Why a channel was not added (delivery/channel-check.ts). */
export type ChannelRefusal =
  | { kind: 'not-found'; ref: string }
  | { kind: 'not-a-channel'; ref: string; type: string }
  | { kind: 'not-member'; name: string; bot: string }
  | { kind: 'not-admin'; name: string; bot: string }
  | { kind: 'missing-rights'; name: string; bot: string; missing: ('post' | 'edit')[] }
  | { kind: 'refused'; ref: string; description: string };

export interface ChannelTexts {
  channelsUsage: string;
  channelsAddUsage: string;
  channelsRefUsage(verb: 'rule' | 'pause' | 'resume' | 'remove'): string;
  /** HTML */
  channelsNone: string;
  /** HTML */
  channelsTitle(count: number): string;
  /** HTML */
  channelLine(channel: ChannelLine): string;
  /** A rule part that is not one (`colour=red`), and the parts there are. */
  channelsUnknownPart(token: string, parts: string[]): string;
  /** A value a rule part does not know, and the values it does. */
  channelsBadValue(part: string, value: string, valid: readonly string[]): string;
  channelsChecking: string;
  channelsNotAdded(refusal: ChannelRefusal): string;
  channelsExists(id: number, name: string): string;
  channelAdded(id: number, name: string, rule: string): string;
  channelsUnknown(ref: string): string;
  channelRuleSet(id: number, name: string, rule: string): string;
  channelPaused(id: number, name: string): string;
  channelResumed(id: number, name: string): string;
  channelRemoved(id: number, name: string, skipped: number): string;
  /** The CHANNEL_ID channel cannot be removed here (it would come back at the next start). */
  channelsFromConfig(id: number, name: string): string;

  // /breaking: which channels and which item languages
  /** HTML: the draft's channel line. `null`: every active channel. */
  breakingChannels(names: string[] | null, all: number): string;
  /** HTML: the draft's languages line; empty: all. */
  breakingLanguages(codes: string[]): string;
  breakingChannelsButton: string;
  breakingLanguagesButton: string;
  breakingAllChannels: string;
  breakingAllLanguages: string;
  breakingLanguageName(code: string): string;
}

const LANGUAGE_NAMES_EN: Record<string, string> = { en: 'English', ru: 'Russian', az: 'Azerbaijani' };
const LANGUAGE_NAMES_RU: Record<string, string> = { en: 'английский', ru: 'русский', az: 'азербайджанский' };

const USAGE_EN = [
  '/channels: the channels and their rules',
  '/channels add <@name or -100… id> [rule]',
  '/channels rule <#id> <rule>  (the parts named are replaced; "any" clears one; /channels rule <#id> any clears all)',
  '/channels pause <#id>, /channels resume <#id>, /channels remove <#id>',
  'A rule: lang=en,ru section=analytics topics=energy,politics regions=south-caucasus (a part left out means any).',
].join('\n');

const USAGE_RU = [
  '/channels — каналы и их правила',
  '/channels add <@имя или id -100…> [правило]',
  '/channels rule <#id> <правило>  (названные части заменяются; «any» снимает часть; /channels rule <#id> any снимает всё)',
  '/channels pause <#id>, /channels resume <#id>, /channels remove <#id>',
  'Правило: lang=en,ru section=analytics topics=energy,politics regions=south-caucasus (пропущенная часть — любая).',
].join('\n');

export const channelsEn: ChannelTexts = {
  channelsUsage: USAGE_EN,
  channelsAddUsage: 'Usage: /channels add <@name or -100… id> [rule]',
  channelsRefUsage: (verb) => `Usage: /channels ${verb} <#id>${verb === 'rule' ? ' <rule>' : ''} (ids are in /channels)`,
  channelsNone: `No channels yet: items reach readers only.\n\n${e(USAGE_EN)}`,
  channelsTitle: (count) => `<b>Channels</b> (${count})`,
  channelLine: (c) => {
    const state = c.state === 'active' ? '🟢 active' : c.state === 'paused' ? '⏸ paused' : '⏸ paused: CHANNEL_ID no longer names it';
    return [
      `<b>#${c.id}</b> ${e(c.name)} <code>${e(c.chatId)}</code>${c.fromConfig ? ' (CHANNEL_ID)' : ''}`,
      `${state} · takes: <code>${c.rule ? e(c.rule) : 'everything'}</code>`,
      `posts in 24 h: ${c.sentToday}; waiting: ${c.waiting}`,
    ].join('\n');
  },
  channelsUnknownPart: (token, parts) => `“${token}” is not a part of a rule. A rule is made of ${parts.join(', ')}.\n\nNothing was changed.`,
  channelsBadValue: (part, value, valid) => `Unknown ${part} “${value}”. Valid ${part} values: ${valid.join(', ')}.\n\nNothing was changed.`,
  channelsChecking: 'Checking that the bot can post in that channel…',
  channelsNotAdded: (r) => {
    const grant = (bot: string) => `In the channel's settings, Administrators → Add Admin → @${bot}, with “Post messages” and “Edit messages of others”.`;
    const why =
      r.kind === 'not-found' ? `Telegram finds no channel ${r.ref} for this bot. Check the @name (or the -100… id of a private channel), and that the bot is an admin there.`
      : r.kind === 'not-a-channel' ? `${r.ref} is a ${r.type} chat, not a channel.`
      : r.kind === 'not-member' ? `The bot is not in “${r.name}”. ${grant(r.bot)}`
      : r.kind === 'not-admin' ? `The bot is not an admin of “${r.name}”, so it cannot post there. ${grant(r.bot)}`
      : r.kind === 'missing-rights' ? `The bot is an admin of “${r.name}” but may not ${r.missing.map((m) => (m === 'post' ? 'post messages' : 'edit messages (corrections edit the post)')).join(' or ')}. Give @${r.bot} ${r.missing.map((m) => (m === 'post' ? '“Post messages”' : '“Edit messages of others”')).join(' and ')}.`
      : `Telegram refused to tell about ${r.ref}: ${r.description}`;
    return `${why}\n\nNothing was added.`;
  },
  channelsExists: (id, name) => `That channel is already on the list as #${id} (${name}). Change its rule with /channels rule ${id} …`,
  channelAdded: (id, name, rule) => `Added channel #${id}: ${name}. It takes ${rule ? rule : 'every item'}, from the next new item on.`,
  channelsUnknown: (ref) => `There is no channel ${ref}. See /channels for the ids.`,
  channelRuleSet: (id, name, rule) => `Channel #${id} (${name}) now takes ${rule ? rule : 'every item'}, from the next new item on.`,
  channelPaused: (id, name) => `Channel #${id} (${name}) paused: it gets no new items until /channels resume ${id}.`,
  channelResumed: (id, name) => `Channel #${id} (${name}) resumed: it gets new items again.`,
  channelsFromConfig: (id, name) => `Channel #${id} (${name}) is the CHANNEL_ID setting: take it out of the settings to remove it, or pause it here with /channels pause ${id}.`,
  channelRemoved: (id, name, skipped) => `Channel #${id} (${name}) removed${skipped > 0 ? `; ${skipped} post${skipped === 1 ? '' : 's'} waiting for it will not be sent` : ''}. What it already shows stays there.`,

  breakingChannels: (names, all) =>
    names === null ? `Channels: all active (${all})` : names.length === 0 ? 'Channels: none' : `Channels: ${names.map(e).join(', ')}`,
  breakingLanguages: (codes) => `Readers of: ${codes.length === 0 ? 'all languages' : codes.map((c) => e(LANGUAGE_NAMES_EN[c] ?? c)).join(', ')}`,
  breakingChannelsButton: '📣 Channels',
  breakingLanguagesButton: '🌐 Languages',
  breakingAllChannels: 'All active channels',
  breakingAllLanguages: 'All languages',
  breakingLanguageName: (code) => LANGUAGE_NAMES_EN[code] ?? code,
};

export const channelsRu: ChannelTexts = {
  channelsUsage: USAGE_RU,
  channelsAddUsage: 'Как добавить: /channels add <@имя или id -100…> [правило]',
  channelsRefUsage: (verb) => `Как: /channels ${verb} <#id>${verb === 'rule' ? ' <правило>' : ''} (номера — в /channels)`,
  channelsNone: `Каналов пока нет: новости получают только читатели.\n\n${e(USAGE_RU)}`,
  channelsTitle: (count) => `<b>Каналы</b> (${count})`,
  channelLine: (c) => {
    const state = c.state === 'active' ? '🟢 работает' : c.state === 'paused' ? '⏸ на паузе' : '⏸ на паузе: CHANNEL_ID его больше не называет';
    return [
      `<b>#${c.id}</b> ${e(c.name)} <code>${e(c.chatId)}</code>${c.fromConfig ? ' (CHANNEL_ID)' : ''}`,
      `${state} · берёт: <code>${c.rule ? e(c.rule) : 'всё'}</code>`,
      `постов за 24 ч: ${c.sentToday}; ждут: ${c.waiting}`,
    ].join('\n');
  },
  channelsUnknownPart: (token, parts) => `«${token}» — не часть правила. Правило состоит из ${parts.join(', ')}.\n\nНичего не изменено.`,
  channelsBadValue: (part, value, valid) => `Неизвестное значение ${part} «${value}». Допустимые значения ${part}: ${valid.join(', ')}.\n\nНичего не изменено.`,
  channelsChecking: 'Проверяю, может ли бот публиковать в этом канале…',
  channelsNotAdded: (r) => {
    const grant = (bot: string) => `В настройках канала: Администраторы → Добавить администратора → @${bot}, с правами «Публикация сообщений» и «Редактирование чужих сообщений».`;
    const why =
      r.kind === 'not-found' ? `Telegram не находит канал ${r.ref} для этого бота. Проверьте @имя (или id -100… закрытого канала) и что бот в нём администратор.`
      : r.kind === 'not-a-channel' ? `${r.ref} — чат типа ${r.type}, а не канал.`
      : r.kind === 'not-member' ? `Бота нет в канале «${r.name}». ${grant(r.bot)}`
      : r.kind === 'not-admin' ? `Бот не администратор канала «${r.name}» и не может там публиковать. ${grant(r.bot)}`
      : r.kind === 'missing-rights' ? `Бот — администратор канала «${r.name}», но ему нельзя ${r.missing.map((m) => (m === 'post' ? 'публиковать сообщения' : 'редактировать сообщения (исправления правят пост)')).join(' и ')}. Дайте @${r.bot} ${r.missing.map((m) => (m === 'post' ? '«Публикация сообщений»' : '«Редактирование чужих сообщений»')).join(' и ')}.`
      : `Telegram не ответил о ${r.ref}: ${r.description}`;
    return `${why}\n\nНичего не добавлено.`;
  },
  channelsExists: (id, name) => `Этот канал уже в списке под #${id} (${name}). Изменить его правило: /channels rule ${id} …`,
  channelAdded: (id, name, rule) => `Канал #${id} добавлен: ${name}. Он берёт ${rule ? rule : 'все новости'}, начиная со следующей новой.`,
  channelsUnknown: (ref) => `Канала ${ref} нет. Номера — в /channels.`,
  channelRuleSet: (id, name, rule) => `Канал #${id} (${name}) теперь берёт ${rule ? rule : 'все новости'}, начиная со следующей новой.`,
  channelPaused: (id, name) => `Канал #${id} (${name}) на паузе: новых новостей не получит до /channels resume ${id}.`,
  channelResumed: (id, name) => `Канал #${id} (${name}) снова получает новые новости.`,
  channelsFromConfig: (id, name) => `Канал #${id} (${name}) задан настройкой CHANNEL_ID: чтобы удалить его, уберите его из настроек, или поставьте на паузу здесь: /channels pause ${id}.`,
  channelRemoved: (id, name, skipped) =>
    `Канал #${id} (${name}) удалён${skipped > 0 ? `; ${skipped} ${russianPlural(skipped, 'ждавший его пост не будет отправлен', 'ждавших его поста не будут отправлены', 'ждавших его постов не будут отправлены')}` : ''}. Уже опубликованное в нём остаётся.`,

  breakingChannels: (names, all) =>
    names === null ? `Каналы: все работающие (${all})` : names.length === 0 ? 'Каналы: ни одного' : `Каналы: ${names.map(e).join(', ')}`,
  breakingLanguages: (codes) => `Читателям языков: ${codes.length === 0 ? 'все языки' : codes.map((c) => e(LANGUAGE_NAMES_RU[c] ?? c)).join(', ')}`,
  breakingChannelsButton: '📣 Каналы',
  breakingLanguagesButton: '🌐 Языки',
  breakingAllChannels: 'Все работающие каналы',
  breakingAllLanguages: 'Все языки',
  breakingLanguageName: (code) => LANGUAGE_NAMES_RU[code] ?? code,
};
