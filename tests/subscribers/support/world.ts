/**
 * The app world (tests/helpers/app-world.ts) as the reader tests use it: the whole Herald
 * (createApp) over the fake Bot API and a test database, with a small taxonomy for the menus,
 * no feeds, no editors (the admins table names any), and a clock that stands still. Updates
 * arrive by long polling; there is no sender loop: a test sends with `drain()`.
 */
import type { TaxonomyView } from '../../../src/readers/taxonomy-view.js';
import { getSubscriber } from '../../../src/stores/subscribers.js';
import type { FakeMessage } from '../../helpers/fake-bot-api.js';
import { Clock, startAppWorld, WORLD_START, type AppWorld } from '../../helpers/app-world.js';

export const TAXONOMY: TaxonomyView = {
  topics: [
    { id: 'energy', label: { en: 'Energy', ru: 'Энергетика' } },
    { id: 'security-defence', label: { en: 'Security & defence', ru: 'Безопасность и оборона' } },
    { id: 'economy', label: { en: 'Economy', ru: 'Экономика' } },
    { id: 'sport', label: { en: 'Sport', ru: 'Спорт' } },
  ],
  regions: [
    { id: 'south-caucasus', label: { en: 'South Caucasus', ru: 'Южный Кавказ' }, countries: ['AM', 'AZ', 'GE'] },
    { id: 'central-asia', label: { en: 'Central Asia', ru: 'Центральная Азия' }, countries: ['KZ', 'KG', 'TJ', 'TM', 'UZ'] },
    { id: 'europe', label: { en: 'Europe', ru: 'Европа' }, countries: ['DE', 'FR', 'GB'] },
  ],
};

export interface WorldOptions {
  /** Each reader's allowance of messages and presses; generous by default. */
  rateLimit?: { burst: number; perSecond: number };
}

export interface World extends AppWorld {
  subscriber(chatId: number): ReturnType<typeof getSubscriber>;
}

/** Started: the bot is long polling when this resolves. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const world = await startAppWorld({
    clock: new Clock(WORLD_START),
    feeds: [],
    editor: false,
    sender: false,
    readerTaxonomy: TAXONOMY,
    // Groups and forums get several posts in one send-out: no minute's wait between them here.
    senderTuning: { sendRate: 1000, channelRate: 1000 },
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  try {
    await world.start();
  } catch (error) {
    await world.close();
    throw error;
  }
  return Object.assign(world, { subscriber: (chatId: number) => getSubscriber(world.db, chatId) });
}

/** The labels of a message's inline buttons, row by row. */
export function buttonsOf(message: FakeMessage): string[][] {
  const markup = message.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
}

export function flatButtons(message: FakeMessage): string[] {
  return buttonsOf(message).flat();
}
