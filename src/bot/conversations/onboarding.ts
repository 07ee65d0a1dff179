import type { Conversation } from '@grammyjs/conversations';
import { Context, InlineKeyboard } from 'grammy';
import type { Db } from '../../db/create-db.js';
import { isNotModified } from '../../delivery/telegram-errors.js';
import type { Logger } from '../../logger.js';
import { getSubscriber, updateSubscriber, type PreferenceList } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';
import { describeChoices, itemLanguageNames } from '../../readers/describe.js';
import type { TaxonomyView } from '../../readers/taxonomy-view.js';
import { catalog, toLang, type Catalog } from '../../i18n/index.js';
import { ITEM_LANGUAGES, readerLanguages, type LanguageChoice } from '../../readers/item-languages.js';

export const ONBOARDING = 'onboarding';

/** Callback data of the dialogue's buttons: ob:<step>:<choice>. */
export const ONBOARDING_DATA = /^ob:/;

/**
 * Presses and messages one dialogue answers before it finishes itself. The plugin keeps a
 * log of every answered update in the conversations table and replays it on each new one,
 * so without an end a reader tapping on and on would grow that row, and the cost of every
 * tap, without bound. Choosing every topic and region one by one takes far fewer.
 */
export const ONBOARDING_MAX_STEPS = 40;

export interface OnboardingDeps {
  db: Db;
  logger: Logger;
  taxonomy: TaxonomyView;
  now: () => Date;
  /** The Mini App's settings page: offered under the closing message (private chats only). */
  webAppUrl?: string;
}

type Step = { code: 't'; list: Extract<PreferenceList, 'topics'> } | { code: 'r'; list: Extract<PreferenceList, 'regions'> };

/** What is left of the dialogue's ONBOARDING_MAX_STEPS. */
interface Budget {
  left: number;
}

/**
 * /start for a new reader: topics, regions, then instant or digest. Each tap is saved at
 * once, so a reader who wanders off keeps what they chose. The plugin replays this function
 * from its log in the conversations table, so every database access goes through
 * conversation.external and a restarted Herald resumes where the reader left off.
 */
export function onboardingConversation(deps: OnboardingDeps) {
  return async function onboarding(conversation: Conversation<HeraldContext, Context>, ctx: Context): Promise<void> {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    const start = await conversation.external(() => getSubscriber(deps.db, chatId));
    if (!start) return;
    const lang = toLang(start.language);
    const t = catalog(lang);
    const entries = {
      topics: deps.taxonomy.topics.map((e) => ({ id: e.id, label: e.label[lang] })),
      regions: deps.taxonomy.regions.map((e) => ({ id: e.id, label: e.label[lang] })),
    };

    const steps: { step: Step; text: string; chosen: string[] }[] = [
      { step: { code: 't', list: 'topics' }, text: `${t.welcome(ctx.from?.first_name ?? '')}\n\n${t.onboardingTopics}`, chosen: start.topics },
      { step: { code: 'r', list: 'regions' }, text: t.onboardingRegions, chosen: start.regions },
    ];
    const budget: Budget = { left: ONBOARDING_MAX_STEPS };
    const keepGoing = tidyFailure(conversation, deps.logger, chatId);
    /** Ends the dialogue early with what was chosen so far (saved tap by tap already). */
    const finishEarly = async (openMessageId: number) => {
      await ctx.api.editMessageReplyMarkup(chatId, openMessageId, { reply_markup: new InlineKeyboard() }).catch(keepGoing('could not remove the onboarding buttons'));
      const done = await conversation.external(() => updateSubscriber(deps.db, chatId, { onboarded: true }, deps.now()));
      if (done) await ctx.reply(t.onboardingTooLong(describeChoices(done, deps.taxonomy, lang, t)), { parse_mode: 'HTML' });
    };
    for (const { step, text, chosen } of steps) {
      const options = entries[step.list];
      const sent = await ctx.reply(text, { parse_mode: 'HTML', reply_markup: pickKeyboard(step, options, new Set(chosen), t) });
      const finished = await pick(conversation, deps, chatId, sent.message_id, step, options, new Set(chosen), t, budget, keepGoing);
      if (!finished) return finishEarly(sent.message_id);
    }

    const modeMessage = await ctx.reply(t.onboardingMode, {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text(t.instant, 'ob:m:instant').text(t.digest, 'ob:m:digest'),
    });
    for (;;) {
      const c = await waitForOwnPress(conversation, t, budget);
      if (!c) return finishEarly(modeMessage.message_id);
      const data = c.callbackQuery?.data ?? '';
      if ((data !== 'ob:m:instant' && data !== 'ob:m:digest') || c.callbackQuery?.message?.message_id !== modeMessage.message_id) {
        await c.answerCallbackQuery({ text: t.onboardingStepOver });
        continue;
      }
      const mode = data === 'ob:m:digest' ? 'digest' : 'instant';
      const done = await conversation.external(() => updateSubscriber(deps.db, chatId, { mode, onboarded: true }, deps.now()));
      await c.answerCallbackQuery({ text: t.saved });
      await c.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(keepGoing('could not remove the onboarding buttons'));
      // The languages of news are offered on the closing message: the interface language is the default.
      if (done) {
        await c.reply(`${t.onboardingDone(describeChoices(done, deps.taxonomy, lang, t))}\n\n${t.onboardingItemLanguages(itemLanguageNames(t, done))}`, {
          parse_mode: 'HTML',
          reply_markup: itemLanguagesKeyboard(t, done, deps.webAppUrl, c.chat?.type === 'private'),
        });
      }
      return;
    }
  };
}

async function pick(
  conversation: Conversation<HeraldContext, Context>,
  deps: OnboardingDeps,
  chatId: number,
  messageId: number,
  step: Step,
  options: { id: string; label: string }[],
  chosen: Set<string>,
  t: Catalog,
  budget: Budget,
  keepGoing: TidyFailure,
): Promise<boolean> {
  const prefix = `ob:${step.code}:`;
  for (;;) {
    const c = await waitForOwnPress(conversation, t, budget);
    if (!c) return false;
    const data = c.callbackQuery?.data ?? '';
    // Only this step's own message counts: buttons of an earlier dialogue are stale.
    if (!data.startsWith(prefix) || c.callbackQuery?.message?.message_id !== messageId) {
      await c.answerCallbackQuery({ text: t.onboardingStepOver });
      continue;
    }
    const choice = data.slice(prefix.length);
    if (choice === '*next') {
      await c.answerCallbackQuery();
      await c.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(keepGoing('could not remove the onboarding buttons'));
      return true;
    }
    if (choice === '*all') options.forEach((o) => chosen.add(o.id));
    else if (choice === '*none') chosen.clear();
    else if (options.some((o) => o.id === choice)) {
      if (chosen.has(choice)) chosen.delete(choice);
      else chosen.add(choice);
    } else {
      await c.answerCallbackQuery({ text: t.onboardingStepOver });
      continue;
    }
    const list = options.map((o) => o.id).filter((id) => chosen.has(id));
    // The result is logged with every press and replayed: keep it to nothing.
    await conversation.external(async () => void (await updateSubscriber(deps.db, chatId, { [step.list]: list }, deps.now())));
    await c.answerCallbackQuery();
    // Telegram refuses an edit that changes nothing ("message is not modified"): harmless here.
    await c.editMessageReplyMarkup({ reply_markup: pickKeyboard(step, options, chosen, t) }).catch(keepGoing('could not redraw the onboarding buttons'));
  }
}

/** A `.catch` handler for tidying the dialogue's buttons, made by tidyFailure. */
type TidyFailure = (what: string) => (error: unknown) => Promise<void>;

/**
 * Removing or redrawing the dialogue's buttons must not end the dialogue (the reader's taps
 * are saved already): "message is not modified" is ignored and any other failure is logged
 * at warn. The plugin replays the function on every update, failed calls included, so the
 * warning goes through conversation.external and is written once, not again on each replay.
 */
function tidyFailure(conversation: Conversation<HeraldContext, Context>, logger: Logger, chatId: number): TidyFailure {
  return (what) => async (error) => {
    if (isNotModified(error)) return;
    await conversation.external(() => logger.warn({ err: error, chatId }, what));
  };
}

/**
 * Waits for a press on one of the dialogue's buttons; null once the budget is spent.
 * Commands other than /start go on to their handlers (the dialogue keeps waiting, and a
 * skipped update leaves no trace in its log); /start, /stop and /forget end it; other text
 * gets a pointer to the buttons; other buttons (menus) go on untouched.
 */
async function waitForOwnPress(conversation: Conversation<HeraldContext, Context>, t: Catalog, budget: Budget): Promise<Context | null> {
  for (;;) {
    if (budget.left <= 0) return null;
    const c = await conversation.wait();
    const data = c.callbackQuery?.data;
    if (data !== undefined && ONBOARDING_DATA.test(data)) {
      budget.left--;
      return c;
    }
    if (c.message?.text?.startsWith('/')) {
      // grammY's reading of the command, as everywhere else: "/start!" is /start.
      if (Context.has.command(['start', 'stop', 'forget'])(c)) await conversation.halt({ next: true });
      await conversation.skip({ next: true });
    }
    if (c.message && c.chat?.type === 'private') {
      budget.left--;
      await c.reply(t.onboardingUseButtons);
      continue;
    }
    await conversation.skip({ next: true });
  }
}

/** Callback data of the item-language buttons under the closing message: il:<code> (answered by features/settings.ts). */
export const ITEM_LANGUAGE_DATA = /^il:([a-z]{2})$/;

/**
 * The closing message's buttons: one per language of items, ticked when the reader receives
 * it, and the settings page (private chats, with the Mini App).
 */
export function itemLanguagesKeyboard(t: Catalog, reader: LanguageChoice, webAppUrl: string | undefined, isPrivate: boolean): InlineKeyboard {
  const read = readerLanguages(reader);
  const keyboard = new InlineKeyboard();
  for (const code of ITEM_LANGUAGES) keyboard.text(`${read.includes(code) ? '✅ ' : ''}${t.itemLanguageName[code]}`, `il:${code}`);
  if (webAppUrl && isPrivate) keyboard.row().webApp(t.page.openSettingsButton, webAppUrl);
  return keyboard;
}

function pickKeyboard(step: Step, options: { id: string; label: string }[], chosen: Set<string>, t: Catalog): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  options.forEach((o, index) => {
    keyboard.text(`${chosen.has(o.id) ? '✅ ' : ''}${o.label}`, `ob:${step.code}:${o.id}`);
    if (index % 2 === 1) keyboard.row();
  });
  if (options.length % 2 === 1) keyboard.row();
  return keyboard.text(t.all, `ob:${step.code}:*all`).text(t.none, `ob:${step.code}:*none`).row().text(t.next, `ob:${step.code}:*next`);
}
