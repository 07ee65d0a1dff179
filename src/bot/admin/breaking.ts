import { Composer, GrammyError, InlineKeyboard, type Api } from 'grammy';
import type { BroadcastAudience } from '../../db/schema.js';
import { escapeHtml } from '../../html.js';
import { recordAudit } from '../../stores/audit.js';
import { countAudience, createDraft, discardDraft, followedChoices, getBroadcast, queueBroadcast, updateDraft, type Broadcast } from '../../stores/broadcasts.js';
import type { HeraldContext } from '../context.js';
import { composeBroadcast } from './compose-broadcast.js';
import type { AdminDeps } from './deps.js';
import { clearInput, expectInput, pendingInput } from './dialogue.js';
import { ADMIN_CALLBACK_PREFIX } from './guard.js';

const PREFIX = `${ADMIN_CALLBACK_PREFIX}bc:`;
const PIN_STEPS = [null, 1, 3, 6, 12, 24] as const;

export interface BreakingDeps extends AdminDeps {
  /** Wakes the sender so breaking news does not wait for its next idle tick. */
  onQueued?: () => void;
}

/**
 * /breaking: text (or photo with caption, or a forwarded message) → exact preview →
 * audience, quiet hours and pinning → confirm or cancel. The draft lives in the
 * broadcasts table, so the dialogue survives a restart and works on any instance.
 */
export function breakingFeature(deps: BreakingDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('breaking', async (ctx) => {
    if (ctx.match.trim() !== '') {
      // "/breaking Some text": the text after the command is the post (formatting dropped).
      return startDraft(ctx, { text: ctx.match.trim() });
    }
    await expectInput(deps.db, ctx.from.id, { step: 'breaking-content' }, deps.now());
    return ctx.reply('Send the breaking news: a text, a photo with a caption, or forward a message. Send /cancel to stop.');
  });

  privateChats.on('message', async (ctx, next) => {
    if (ctx.message.text?.startsWith('/')) return next();
    const pending = await pendingInput(deps.db, ctx.from.id, deps.now());
    if (pending?.step !== 'breaking-content') return next();
    return startDraft(ctx, ctx.message);
  });

  async function startDraft(ctx: HeraldContext & { from: { id: number }; chat: { id: number } }, message: Parameters<typeof composeBroadcast>[0]) {
    const composed = composeBroadcast(message);
    if (!composed.ok) return ctx.reply(`${composed.reason}\n\nSend a corrected version, or /cancel.`);
    await clearInput(deps.db, ctx.from.id);
    const id = await createDraft(deps.db, { authorId: ctx.from.id, html: composed.html, photo: composed.photo }, deps.now());
    await recordAudit(deps.db, ctx.from.id, 'breaking.draft', { broadcastId: id, length: composed.length, photo: composed.photo !== null }, deps.now());
    const draft = (await getBroadcast(deps.db, id))!;
    try {
      await sendPreview(ctx.api, ctx.chat.id, draft);
    } catch (error) {
      await discardDraft(deps.db, id, deps.now());
      const reason = error instanceof GrammyError ? error.description : 'Telegram did not accept it';
      ctx.herald.log.warn({ err: error, broadcastId: id }, 'breaking preview refused');
      return ctx.reply(`Telegram refused this post (${reason}), so it cannot go out as it is. Send /breaking to try again.`);
    }
    return ctx.reply(await controlText(deps, draft), { parse_mode: 'HTML', reply_markup: mainKeyboard(draft) });
  }

  composer.callbackQuery(new RegExp(`^${PREFIX}(\\d+):(.+)$`), async (ctx) => {
    const id = Number(ctx.match[1]);
    const op = ctx.match[2]!;
    const draft = await getBroadcast(deps.db, id);
    if (!draft || draft.status !== 'draft') {
      await ctx.answerCallbackQuery({ text: draft ? `Broadcast #${id} is already ${draft.status}.` : 'This draft no longer exists.', show_alert: true });
      return;
    }
    const actor = ctx.from.id;
    if (op === 'go') {
      const queued = await queueBroadcast(deps.db, id, deps.channelChatId, deps.now());
      if (!queued.ok) return ctx.answerCallbackQuery({ text: 'Already sent or cancelled.', show_alert: true });
      deps.onQueued?.();
      await recordAudit(deps.db, actor, 'breaking.send', { broadcastId: id, channel: queued.channel, readers: queued.readers, audience: draft.audience, passQuietHours: draft.pass_quiet_hours, pinHours: draft.pin_hours }, deps.now());
      ctx.herald.log.info({ broadcastId: id, readers: queued.readers, channel: queued.channel }, 'breaking news queued');
      await ctx.answerCallbackQuery({ text: 'Sending.' });
      const where = [queued.channel > 0 ? 'the channel' : null, `${queued.readers} reader${queued.readers === 1 ? '' : 's'}`].filter(Boolean).join(' and ');
      return ctx.editMessageText(`🚨 Breaking news #${id} is going out to ${where}.\nWatch it with /broadcasts; stop it with /cancel ${id}.`);
    }
    if (op === 'no') {
      await discardDraft(deps.db, id, deps.now());
      await recordAudit(deps.db, actor, 'breaking.discard', { broadcastId: id }, deps.now());
      await ctx.answerCallbackQuery({ text: 'Cancelled.' });
      return ctx.editMessageText(`Breaking news #${id} cancelled: nothing was sent.`);
    }
    const choices = await followedChoices(deps.db);
    const change = nextChoices(draft, op, choices);
    if (change === 'invalid') return ctx.answerCallbackQuery({ text: 'That choice is no longer offered.' });
    if (change !== 'view') await updateDraft(deps.db, id, change);
    const updated = (await getBroadcast(deps.db, id))!;
    await ctx.answerCallbackQuery();
    const picking = op === 'pick' || op.startsWith('t:') || op.startsWith('r:');
    const keyboard = picking ? pickKeyboard(updated, choices) : mainKeyboard(updated);
    await ctx.editMessageText(await controlText(deps, updated), { parse_mode: 'HTML', reply_markup: keyboard }).catch((error: unknown) => {
      // "message is not modified" is harmless: the same choice pressed twice.
      if (!(error instanceof GrammyError && error.description.includes('not modified'))) throw error;
    });
  });

  return composer;
}

/** The post exactly as readers will get it: same HTML, same photo, no link preview. */
export async function sendPreview(api: Api, chatId: number, broadcast: Pick<Broadcast, 'text' | 'photo'>): Promise<void> {
  if (broadcast.photo) await api.sendPhoto(chatId, broadcast.photo, { caption: broadcast.text, parse_mode: 'HTML' });
  else await api.sendMessage(chatId, broadcast.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
}

type Change = { audience?: BroadcastAudience; passQuietHours?: boolean; pinHours?: number | null } | 'view' | 'invalid';

function nextChoices(draft: Broadcast, op: string, choices: { topics: string[]; regions: string[] }): Change {
  const audience = { topics: draft.audience.topics ?? [], regions: draft.audience.regions ?? [] };
  if (op === 'all') return { audience: {} };
  if (op === 'pick' || op === 'done') return 'view';
  if (op === 'q') return { passQuietHours: !draft.pass_quiet_hours };
  if (op === 'p') {
    const at = PIN_STEPS.indexOf(draft.pin_hours as (typeof PIN_STEPS)[number]);
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

async function controlText(deps: AdminDeps, draft: Broadcast): Promise<string> {
  const topics = draft.audience.topics ?? [];
  const regions = draft.audience.regions ?? [];
  const readers = await countAudience(deps.db, draft.audience);
  const who =
    topics.length === 0 && regions.length === 0
      ? 'everyone'
      : [topics.length ? `topics ${topics.join(', ')}` : null, regions.length ? `regions ${regions.join(', ')}` : null].filter(Boolean).join('; ');
  return [
    `<b>Breaking news #${draft.id}</b> (draft). Above is the exact post readers will see.`,
    '',
    `Audience: ${escapeHtml(who)}: <b>${readers}</b> active reader${readers === 1 ? '' : 's'}`,
    `Channel: ${deps.channelChatId ? escapeHtml(deps.channelChatId) : 'none configured'}`,
    `Quiet hours: ${draft.pass_quiet_hours ? 'passed (readers in quiet hours get it now)' : 'respected (those readers get it when their quiet hours end)'}`,
    `Pin in the channel: ${draft.pin_hours ? `yes, for ${draft.pin_hours} h` : 'no'}`,
  ].join('\n');
}

function mainKeyboard(draft: Broadcast): InlineKeyboard {
  const everyone = !(draft.audience.topics?.length || draft.audience.regions?.length);
  const cb = (op: string) => `${PREFIX}${draft.id}:${op}`;
  return new InlineKeyboard()
    .text(everyone ? '✅ Everyone' : 'Everyone', cb('all'))
    .text(everyone ? 'Choose topics/regions' : '✏️ Topics/regions', cb('pick'))
    .row()
    .text(draft.pass_quiet_hours ? '🔔 Passing quiet hours' : '🌙 Respecting quiet hours', cb('q'))
    .text(draft.pin_hours ? `📌 Pin ${draft.pin_hours} h` : '📌 No pin', cb('p'))
    .row()
    .text('✅ Send now', cb('go'))
    .text('✖️ Cancel', cb('no'));
}

function pickKeyboard(draft: Broadcast, choices: { topics: string[]; regions: string[] }): InlineKeyboard {
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
  if (choices.topics.length === 0 && choices.regions.length === 0) keyboard.text('No reader follows a topic or region yet', `${PREFIX}${draft.id}:done`).row();
  return keyboard.text('⬅️ Done', `${PREFIX}${draft.id}:done`);
}
