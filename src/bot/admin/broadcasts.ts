import { Composer } from 'grammy';
import { escapeHtml } from '../../html.js';
import { plainText } from '../../news/plain-text.js';
import { recordAudit } from '../../stores/audit.js';
import { broadcastProgress, cancelBroadcast, type BroadcastProgress } from '../../stores/broadcasts.js';
import type { HeraldContext } from '../context.js';
import type { AdminDeps } from './deps.js';
import { clearInput } from './dialogue.js';

/** /broadcasts (progress of each) and /cancel N (stop what is not yet sent). */
export function broadcastsFeature(deps: AdminDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('broadcasts', async (ctx) => {
    const now = deps.now();
    const list = await broadcastProgress(deps.db, now);
    await recordAudit(deps.db, ctx.from.id, 'broadcasts.view', {}, now);
    if (list.length === 0) return ctx.reply('No breaking news has been sent yet. Send /breaking to start one.');
    return ctx.reply(['<b>Recent breaking news</b>', ...list.map((b) => progressLine(b, now))].join('\n\n'), { parse_mode: 'HTML' });
  });

  privateChats.command('cancel', async (ctx) => {
    const arg = ctx.match.trim();
    if (arg === '') {
      // A bare /cancel ends an open question (breaking text, forwarded admin message).
      const had = await clearInput(deps.db, ctx.from.id);
      return ctx.reply(had ? 'Stopped. Nothing was changed.' : 'Nothing to stop. To stop a broadcast, send /cancel N (numbers are in /broadcasts).');
    }
    if (!/^#?\d{1,12}$/.test(arg)) return ctx.reply(`“${arg.slice(0, 40)}” is not a broadcast number. Send /cancel N with a number from /broadcasts.`);
    const id = Number(arg.replace('#', ''));
    const result = await cancelBroadcast(deps.db, id, deps.now());
    switch (result.kind) {
      case 'unknown':
        return ctx.reply(`There is no broadcast #${id}. See /broadcasts for the numbers.`);
      case 'finished':
        return ctx.reply(`Broadcast #${id} is already ${result.status}; there is nothing left to stop.`);
      case 'cancelled':
        await recordAudit(deps.db, ctx.from.id, 'breaking.cancel', { broadcastId: id, stopped: result.stopped }, deps.now());
        ctx.herald.log.info({ broadcastId: id, stopped: result.stopped }, 'broadcast cancelled');
        return ctx.reply(`Broadcast #${id} stopped: ${result.stopped} message${result.stopped === 1 ? '' : 's'} will not be sent. Messages already sent stay.`);
    }
  });

  return composer;
}

export function progressLine(b: BroadcastProgress, now: Date): string {
  const head = plainText(b.preview).replace(/^🚨 BREAKING\s*/, '').slice(0, 60);
  const counts = `sent ${b.sent} · failed ${b.failed} · waiting ${b.waiting}${b.cancelled ? ` · cancelled ${b.cancelled}` : ''}`;
  return `<b>#${b.id}</b> ${escapeHtml(b.status)}, ${b.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC\n${escapeHtml(head)}\n${counts}${eta(b, now)}`;
}

/** Finish estimate at the current rate (sends in the last five minutes). */
function eta(b: BroadcastProgress, now: Date): string {
  if (b.status !== 'sending' || b.waiting === 0) return '';
  if (b.sentRecently === 0) return '\nno sends in the last 5 minutes (quiet hours or a paused sender)';
  const perSecond = b.sentRecently / 300;
  const finish = new Date(now.getTime() + (b.waiting / perSecond) * 1000);
  return `\n${perSecond.toFixed(1)}/s, estimated finish ${finish.toISOString().slice(11, 16)} UTC`;
}
