import { Composer } from 'grammy';
import { addKeyword, getSubscriber, removeKeyword, updateSubscriber } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';
import type { Catalog } from '../../i18n/index.js';
import { checkKeyword, MAX_KEYWORD_LENGTH, MAX_KEYWORDS, type KeywordProblem } from '../../readers/keyword-rules.js';
import { requireSubscriber } from './subscriber-guard.js';

/** /keywords [add|remove|clear] [word or phrase]: literal words a reader follows whatever their topic. */
export function keywordsFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.command('keywords', async (ctx) => {
    const subscriber = await requireSubscriber(ctx);
    if (!subscriber) return;
    const { t } = ctx.reader;
    const { db } = ctx.herald;
    const chatId = subscriber.chatId;
    const now = ctx.reader.now();
    const [verb = '', ...rest] = ctx.match.trim().split(/\s+/);
    const argument = ctx.match.trim().slice(verb.length).trim();
    const reply = (html: string) => ctx.reply(html, { parse_mode: 'HTML' });

    switch (verb.toLowerCase()) {
      case '': {
        const current = (await getSubscriber(db, chatId))?.keywords ?? [];
        await reply(current.length === 0 ? `${t.keywordsEmpty}\n\n${t.keywordsHelp(MAX_KEYWORDS, MAX_KEYWORD_LENGTH)}` : t.keywordsList(current));
        return;
      }
      case 'add': {
        const checked = checkKeyword(argument);
        if (!checked.ok) return void (await reply(problemText(t, checked.problem)));
        const outcome = await addKeyword(db, chatId, checked.keyword, MAX_KEYWORDS, now);
        if (outcome === 'added') await reply(t.keywordAdded(checked.keyword));
        else if (outcome === 'duplicate') await reply(t.keywordAlreadyThere(checked.keyword));
        else if (outcome === 'full') await reply(t.keywordTooMany(MAX_KEYWORDS));
        else await reply(t.startFirst);
        return;
      }
      case 'remove':
      case 'delete': {
        const checked = checkKeyword(argument);
        if (!checked.ok) return void (await reply(t.keywordNotFound(argument.slice(0, MAX_KEYWORD_LENGTH))));
        const removed = await removeKeyword(db, chatId, checked.keyword, now);
        await reply(removed ? t.keywordRemoved(checked.keyword) : t.keywordNotFound(checked.keyword));
        return;
      }
      case 'clear':
        if (rest.length > 0) break;
        await updateSubscriber(db, chatId, { keywords: [] }, now);
        await reply(t.keywordsCleared);
        return;
    }
    await reply(t.keywordsHelp(MAX_KEYWORDS, MAX_KEYWORD_LENGTH));
  });
  return composer;
}

function problemText(t: Catalog, problem: KeywordProblem): string {
  switch (problem) {
    case 'too-long':
      return t.keywordTooLong(MAX_KEYWORD_LENGTH);
    case 'too-short':
      return t.keywordTooShort;
    case 'control-characters':
      return t.keywordControlCharacters;
    case 'markup':
      return t.keywordMarkup;
  }
}
