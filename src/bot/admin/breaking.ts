import { Composer, GrammyError, InlineKeyboard, type Api } from 'grammy';
import type { BroadcastAudience } from '../../db/schema.js';
import type { Db } from '../../db/create-db.js';
import { ignoreNotModified } from '../../delivery/telegram-errors.js';
import type { Catalog } from '../../i18n/index.js';
import { recordAudit } from '../../stores/audit.js';
import { countAudience, createDraft, discardDraft, followedChoices, getBroadcast, queueBroadcast, updateDraft, type Broadcast } from '../../stores/broadcasts.js';
import { listChannels, type Channel } from '../../stores/channels.js';
import type { HeraldContext } from '../context.js';
import { composeBroadcast } from './compose-broadcast.js';
import type { AdminDeps } from './deps.js';
import { clearInput, expectInput, pendingInput } from './dialogue.js';
import { ADMIN_CALLBACK_PREFIX } from './guard.js';

const PREFIX = `${ADMIN_CALLBACK_PREFIX}bc:`;
const PIN_STEPS = [null, 1, 3, 6, 12, 24] as const;

/**
 * /breaking: text (or photo with caption, or a forwarded message) → exact preview →
 * channels (every active one unless the editor picks), readers' languages (all unless
 * picked), audience, quiet hours and pinning → confirm or cancel. The draft lives in the
 * broadcasts table, so the dialogue survives a restart and works on any instance.
 */
export function breakingFeature(deps: Pick<AdminDeps, 'channelVocabulary' | 'onQueued'>): Composer<HeraldContext> {
  const languages = deps.channelVocabulary.languages;
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('breaking', async (ctx) => {
    if (ctx.match.trim() !== '') {
      // "/breaking Some text": the text after the command is the post (formatting dropped).
      return startDraft(ctx, { text: ctx.match.trim() });
    }
    await expectInput(ctx.herald.db, ctx.from.id, { step: 'breaking-content' }, ctx.reader.now());
    return ctx.reply(ctx.reader.t.breakingAsk);
  });

  privateChats.on('message', async (ctx, next) => {
    if (ctx.message.text?.startsWith('/')) return next();
    const pending = await pendingInput(ctx.herald.db, ctx.from.id, ctx.reader.now());
    if (pending?.step !== 'breaking-content') return next();
    return startDraft(ctx, ctx.message);
  });

  async function startDraft(ctx: HeraldContext & { from: { id: number }; chat: { id: number } }, message: Parameters<typeof composeBroadcast>[0]) {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const composed = composeBroadcast(message, t);
    if (!composed.ok) return ctx.reply(t.breakingSendCorrected(composed.reason));
    await clearInput(db, ctx.from.id);
    const id = await createDraft(db, { authorId: ctx.from.id, html: composed.html, photo: composed.photo }, ctx.reader.now());
    await recordAudit(db, ctx.from.id, 'breaking.draft', { broadcastId: id, length: composed.length, photo: composed.photo !== null }, ctx.reader.now());
    const draft = (await getBroadcast(db, id))!;
    try {
      await sendPreview(ctx.api, ctx.chat.id, draft);
    } catch (error) {
      await discardDraft(db, id, ctx.reader.now());
      const reason = error instanceof GrammyError ? error.description : t.breakingRefusedNoReason;
      ctx.herald.log.warn({ err: error, broadcastId: id }, 'breaking preview refused');
      return ctx.reply(t.breakingRefused(reason));
    }
    return ctx.reply(await controlText(db, t, draft), { parse_mode: 'HTML', reply_markup: mainKeyboard(t, draft) });
  }

  composer.callbackQuery(new RegExp(`^${PREFIX}(\\d+):(.+)$`), async (ctx) => {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const id = Number(ctx.match[1]);
    const op = ctx.match[2]!;
    const draft = await getBroadcast(db, id);
    if (!draft || draft.status !== 'draft') {
      await ctx.answerCallbackQuery({ text: draft ? t.breakingAlready(id, draft.status) : t.breakingDraftGone, show_alert: true });
      return;
    }
    const actor = ctx.from.id;
    if (op === 'go') {
      const queued = await queueBroadcast(db, id, ctx.reader.now());
      if (!queued.ok) return ctx.answerCallbackQuery({ text: t.breakingAlreadyDone, show_alert: true });
      deps.onQueued?.();
      await recordAudit(db, actor, 'breaking.send', { broadcastId: id, channel: queued.channel, channelIds: draft.channelIds, readers: queued.readers, audience: draft.audience, passQuietHours: draft.passQuietHours, pinHours: draft.pinHours }, ctx.reader.now());
      ctx.herald.log.info({ broadcastId: id, readers: queued.readers, channel: queued.channel }, 'breaking news queued');
      await ctx.answerCallbackQuery({ text: t.breakingSendingToast });
      return ctx.editMessageText(t.breakingQueued(id, queued.channel, queued.readers));
    }
    if (op === 'no') {
      await discardDraft(db, id, ctx.reader.now());
      await recordAudit(db, actor, 'breaking.discard', { broadcastId: id }, ctx.reader.now());
      await ctx.answerCallbackQuery({ text: t.breakingCancelledToast });
      return ctx.editMessageText(t.breakingDiscarded(id));
    }
    const choices = { ...(await followedChoices(db)), channels: await listChannels(db), languages };
    const change = nextChoices(draft, op, choices);
    if (change === 'invalid') return ctx.answerCallbackQuery({ text: t.breakingChoiceGone });
    if (change !== 'view') await updateDraft(db, id, change);
    const updated = (await getBroadcast(db, id))!;
    await ctx.answerCallbackQuery();
    const keyboard =
      op === 'pick' || op.startsWith('t:') || op.startsWith('r:') ? pickKeyboard(t, updated, choices)
      : op === 'ch' || op === 'ca' || op.startsWith('c:') ? channelKeyboard(t, updated, choices.channels)
      : op === 'lg' || op === 'la' || op.startsWith('l:') ? languageKeyboard(t, updated, languages)
      : mainKeyboard(t, updated);
    // The same choice pressed twice redraws an identical message: Telegram's "not modified" is expected.
    await ctx.editMessageText(await controlText(db, t, updated), { parse_mode: 'HTML', reply_markup: keyboard }).catch(ignoreNotModified);
  });

  return composer;
}

/** The post exactly as readers will get it: same HTML, same photo, no link preview. */
export async function sendPreview(api: Api, chatId: number, broadcast: Pick<Broadcast, 'text' | 'photo'>): Promise<void> {
  if (broadcast.photo) await api.sendPhoto(chatId, broadcast.photo, { caption: broadcast.text, parse_mode: 'HTML' });
  else await api.sendMessage(chatId, broadcast.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
}

type Change = { audience?: BroadcastAudience; passQuietHours?: boolean; pinHours?: number | null; channelIds?: number[] | null } | 'view' | 'invalid';

interface Choices {
  topics: string[];
  regions: string[];
  channels: Channel[];
  languages: readonly string[];
}

function nextChoices(draft: Broadcast, op: string, choices: Choices): Change {
  const audience = { topics: draft.audience.topics ?? [], regions: draft.audience.regions ?? [], languages: draft.audience.languages ?? [] };
  // "Everyone" is every reader of the chosen languages: the language choice is kept.
  if (op === 'all') return { audience: audience.languages.length > 0 ? { languages: audience.languages } : {} };
  if (op === 'pick' || op === 'done' || op === 'ch' || op === 'lg') return 'view';
  if (op === 'ca') return { channelIds: null };
  if (op === 'la') return { audience: { ...audience, languages: [] } };
  const channel = /^c:(\d{1,9})$/.exec(op);
  if (channel) {
    const channelId = Number(channel[1]);
    const active = choices.channels.filter((c) => !c.paused).map((c) => c.id);
    const chosen = draft.channelIds ?? active;
    if (!active.includes(channelId) && !chosen.includes(channelId)) return 'invalid';
    return { channelIds: chosen.includes(channelId) ? chosen.filter((c) => c !== channelId) : [...chosen, channelId].sort((a, b) => a - b) };
  }
  const language = /^l:([a-z]{2})$/.exec(op);
  if (language) {
    const code = language[1]!;
    if (!choices.languages.includes(code)) return 'invalid';
    const current = audience.languages;
    return { audience: { ...audience, languages: current.includes(code) ? current.filter((l) => l !== code) : [...current, code].sort() } };
  }
  if (op === 'q') return { passQuietHours: !draft.passQuietHours };
  if (op === 'p') {
    const at = PIN_STEPS.indexOf(draft.pinHours as (typeof PIN_STEPS)[number]);
    return { pinHours: PIN_STEPS[(at + 1) % PIN_STEPS.length] ?? null };
  }
  const toggle = /^([tr]):(.+)$/.exec(op);
  if (!toggle) return 'invalid';
  const list = toggle[1] === 't' ? 'topics' : 'regions';
  const name = toggle[2]!;
  if (!choices[list].includes(name) && !audience[list].includes(name)) return 'invalid';
  const current = audience[list];
  audience[list] = current.includes(name) ? current.filter((n) => n !== name) : [...current, name].sort();
  return { audience };
}

async function controlText(db: Db, t: Catalog, draft: Broadcast): Promise<string> {
  const channels = await listChannels(db);
  const active = channels.filter((c) => !c.paused);
  const chosen = draft.channelIds === null ? null : active.filter((c) => draft.channelIds!.includes(c.id)).map(channelName);
  return t.breakingControl({
    id: draft.id,
    topics: draft.audience.topics ?? [],
    regions: draft.audience.regions ?? [],
    readers: await countAudience(db, draft.audience),
    channels: t.breakingChannels(chosen, active.length),
    languages: t.breakingLanguages(draft.audience.languages ?? []),
    passQuietHours: draft.passQuietHours,
    pinHours: draft.pinHours,
  });
}

function mainKeyboard(t: Catalog, draft: Broadcast): InlineKeyboard {
  const everyone = !(draft.audience.topics?.length || draft.audience.regions?.length);
  const cb = (op: string) => `${PREFIX}${draft.id}:${op}`;
  return new InlineKeyboard()
    .text(t.breakingChannelsButton, cb('ch'))
    .text(t.breakingLanguagesButton, cb('lg'))
    .row()
    .text(everyone ? `✅ ${t.breakingEveryone}` : t.breakingEveryone, cb('all'))
    .text(everyone ? t.breakingChooseAudience : t.breakingEditAudience, cb('pick'))
    .row()
    .text(draft.passQuietHours ? t.breakingPassQuiet : t.breakingRespectQuiet, cb('q'))
    .text(draft.pinHours ? t.breakingPin(draft.pinHours) : t.breakingNoPin, cb('p'))
    .row()
    .text(t.breakingSendNow, cb('go'))
    .text(t.breakingCancelButton, cb('no'));
}

function pickKeyboard(t: Catalog, draft: Broadcast, choices: { topics: string[]; regions: string[] }): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const add = (kind: 't' | 'r', names: string[], chosen: string[]) => {
    let inRow = 0;
    for (const name of names) {
      const data = `${PREFIX}${draft.id}:${kind}:${name}`;
      if (Buffer.byteLength(data) > 64) continue; // Telegram's callback_data limit
      keyboard.text(`${chosen.includes(name) ? '✅ ' : ''}${kind === 't' ? '#' : '🌍 '}${name}`, data);
      if (++inRow % 2 === 0) keyboard.row();
    }
    if (inRow % 2 !== 0) keyboard.row();
  };
  add('t', choices.topics, draft.audience.topics ?? []);
  add('r', choices.regions, draft.audience.regions ?? []);
  if (choices.topics.length === 0 && choices.regions.length === 0) keyboard.text(t.breakingNoChoices, `${PREFIX}${draft.id}:done`).row();
  return keyboard.text(t.breakingDone, `${PREFIX}${draft.id}:done`);
}

function channelName(channel: Channel): string {
  return channel.title ?? (channel.username ? `@${channel.username}` : channel.chatId);
}

/** The active channels, each a toggle; every one is chosen until the editor takes one out. */
function channelKeyboard(t: Catalog, draft: Broadcast, channels: Channel[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const cb = (op: string) => `${PREFIX}${draft.id}:${op}`;
  keyboard.text(`${draft.channelIds === null ? '✅ ' : ''}${t.breakingAllChannels}`, cb('ca')).row();
  for (const channel of channels.filter((c) => !c.paused)) {
    const chosen = draft.channelIds === null || draft.channelIds.includes(channel.id);
    keyboard.text(`${chosen ? '✅ ' : ''}📣 ${channelName(channel)}`, cb(`c:${channel.id}`)).row();
  }
  return keyboard.text(t.breakingDone, cb('done'));
}

/** The item languages readers read; none chosen means readers of every language. */
function languageKeyboard(t: Catalog, draft: Broadcast, languages: readonly string[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const cb = (op: string) => `${PREFIX}${draft.id}:${op}`;
  const chosen = draft.audience.languages ?? [];
  keyboard.text(`${chosen.length === 0 ? '✅ ' : ''}${t.breakingAllLanguages}`, cb('la')).row();
  for (const code of languages) keyboard.text(`${chosen.includes(code) ? '✅ ' : ''}${t.breakingLanguageName(code)}`, cb(`l:${code}`));
  return keyboard.row().text(t.breakingDone, cb('done'));
}
