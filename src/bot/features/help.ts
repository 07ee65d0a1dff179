import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';

export const HELP_TEXT = [
  '<b>Herald</b> sends you the news you choose.',
  '',
  '/start — subscribe',
  '/help — this message',
].join('\n');

export function helpFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');
  privateChats.command('help', (ctx) => ctx.reply(HELP_TEXT, { parse_mode: 'HTML' }));
  return composer;
}
