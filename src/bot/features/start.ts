import { Composer } from 'grammy';
import { addListValues, ensureSubscriber, setSubscriberStatus, updateSubscriber, type Subscriber } from '../../stores/subscribers.js';
import { ONBOARDING, ONBOARDING_DATA } from '../conversations/onboarding.js';
import type { HeraldContext } from '../context.js';
import { toLang } from '../../i18n/index.js';
import { parseDeepLink, type DeepLinkTarget } from './deep-link.js';
import { describeChoices } from '../../readers/describe.js';
import { countryLabel, regionLabel, topicLabel } from '../../readers/taxonomy-view.js';

/**
 * /start in a private chat: a new reader goes through onboarding; one who had stopped (or
 * blocked the bot) gets their old choices back; a deep link adds its choice directly.
 */
export function startFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('start', async (ctx) => {
    const { db } = ctx.herald;
    const { reader } = ctx;
    const now = reader.now();
    const { subscriber, created } = await ensureSubscriber(
      db,
      { chatId: ctx.chat.id, chatType: 'private', title: null, language: toLang(ctx.from?.language_code) },
      now,
    );
    if (created) reader.useLanguage(toLang(subscriber.language));
    const returning = subscriber.status !== 'active';
    const current = returning ? ((await setSubscriberStatus(db, ctx.chat.id, 'active', now)) ?? subscriber) : subscriber;
    const target = ctx.match ? parseDeepLink(ctx.match) : null;

    if (ctx.match && !target) {
      await ctx.reply(reader.t.deepLinkUnknown);
      if (!current.onboarded) await ctx.conversation.enter(ONBOARDING);
      return;
    }
    if (target) {
      const label = labelOf(ctx, target);
      if (label === null) {
        await ctx.reply(reader.t.deepLinkUnknown);
        if (!current.onboarded) await ctx.conversation.enter(ONBOARDING);
        return;
      }
      const list = target.kind === 'topic' ? 'topics' : target.kind === 'region' ? 'regions' : 'countries';
      await addListValues(db, ctx.chat.id, list, [target.id], now);
      // A deep link is a complete choice: the reader is subscribed (instant) without the dialogue.
      const done = (await updateSubscriber(db, ctx.chat.id, { onboarded: true }, now)) ?? current;
      await ctx.reply(`${reader.t.deepLinkFollowed(label)}\n\n${summary(ctx, done)}`, { parse_mode: 'HTML' });
      return;
    }
    if (returning && current.onboarded) {
      await ctx.reply(reader.t.welcomeBack(summary(ctx, current)), { parse_mode: 'HTML' });
      return;
    }
    if (!current.onboarded) {
      await ctx.conversation.exitAll();
      await ctx.conversation.enter(ONBOARDING);
      return;
    }
    await ctx.reply(reader.t.alreadySubscribed(summary(ctx, current)), { parse_mode: 'HTML' });
  });

  // A press on an onboarding button after the dialogue ended (finished, or replaced by a new /start).
  composer.callbackQuery(ONBOARDING_DATA, (ctx) => ctx.answerCallbackQuery({ text: ctx.reader.t.onboardingStepOver }));
  return composer;
}

function summary(ctx: HeraldContext, subscriber: Subscriber): string {
  return describeChoices(subscriber, ctx.reader.taxonomy, ctx.reader.lang, ctx.reader.t);
}

function labelOf(ctx: HeraldContext, target: DeepLinkTarget): string | null {
  const { taxonomy, lang } = ctx.reader;
  switch (target.kind) {
    case 'topic':
      return taxonomy.topics.some((t) => t.id === target.id) ? topicLabel(taxonomy, target.id, lang) : null;
    case 'region':
      return taxonomy.regions.some((r) => r.id === target.id) ? regionLabel(taxonomy, target.id, lang) : null;
    case 'country':
      return taxonomy.regions.some((r) => r.countries.includes(target.id)) ? countryLabel(target.id, lang) : null;
  }
}
