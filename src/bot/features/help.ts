import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';

/** /help: the commands and the matching rule in plain words, in the reader's language. */
export function helpFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.command('help', (ctx) => ctx.reply(ctx.reader.t.help, { parse_mode: 'HTML' }));
  return composer;
}
