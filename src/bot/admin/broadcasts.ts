import { Composer } from 'grammy';
import type { Catalog } from '../../i18n/index.js';
import { plainText } from '../../news/plain-text.js';
import { recordAudit } from '../../stores/audit.js';
import { broadcastProgress, cancelBroadcast, type BroadcastProgress } from '../../stores/broadcasts.js';
import type { HeraldContext } from '../context.js';
import { clearInput } from './dialogue.js';

/** /broadcasts (progress of each) and /cancel N (stop what is not yet sent). */
export function broadcastsFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('broadcasts', async (ctx) => {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const now = ctx.reader.now();
    const list = await broadcastProgress(db, now);
    await recordAudit(db, ctx.from.id, 'broadcasts.view', {}, now);
    if (list.length === 0) return ctx.reply(t.broadcastsNone);
    return ctx.reply([t.broadcastsTitle, ...list.map((b) => progressLine(t, b, now))].join('\n\n'), { parse_mode: 'HTML' });
  });

  privateChats.command('cancel', async (ctx) => {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const arg = ctx.match.trim();
    if (arg === '') {
      // A bare /cancel ends an open question (breaking text, forwarded admin message).
      const had = await clearInput(db, ctx.from.id);
      return ctx.reply(had ? t.cancelStopped : t.cancelNothing);
    }
    if (!/^#?\d{1,12}$/.test(arg)) return ctx.reply(t.cancelNotNumber(arg.slice(0, 40)));
    const id = Number(arg.replace('#', ''));
    const result = await cancelBroadcast(db, id, ctx.reader.now());
    switch (result.kind) {
      case 'unknown':
        return ctx.reply(t.cancelUnknown(id));
      case 'finished':
        return ctx.reply(t.cancelFinished(id, result.status));
      case 'cancelled':
        await recordAudit(db, ctx.from.id, 'breaking.cancel', { broadcastId: id, stopped: result.stopped }, ctx.reader.now());
        ctx.herald.log.info({ broadcastId: id, stopped: result.stopped }, 'broadcast cancelled');
        return ctx.reply(t.cancelDone(id, result.stopped));
    }
  });

  return composer;
}

/** One broadcast's progress (Telegram HTML), with a finish estimate at the current rate (sends in the last five minutes). */
export function progressLine(t: Catalog, b: BroadcastProgress, now: Date): string {
  return t.broadcastLine({
    id: b.id,
    status: b.status,
    created: b.createdAt.toISOString().slice(0, 16).replace('T', ' '),
    head: plainText(b.preview).replace(/^🚨 BREAKING\s*/, '').slice(0, 60),
    sent: b.sent,
    failed: b.failed,
    waiting: b.waiting,
    cancelled: b.cancelled,
    progress: progress(b, now),
  });
}

function progress(b: BroadcastProgress, now: Date): { perSecond: number; finish: string } | 'stalled' | null {
  if (b.status !== 'sending' || b.waiting === 0) return null;
  if (b.sentRecently === 0) return 'stalled';
  const perSecond = b.sentRecently / 300;
  const finish = new Date(now.getTime() + (b.waiting / perSecond) * 1000);
  return { perSecond, finish: finish.toISOString().slice(11, 16) };
}
