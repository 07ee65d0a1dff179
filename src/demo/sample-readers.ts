import type { Db } from '../db/create-db.js';
import { ensureSubscriber, setSubscriberStatus, updateSubscriber } from '../stores/subscribers.js';

/**
 * Invented readers for the demo's dashboard (like the sample stories, not real people): they
 * arrived over the last 30 days, follow a few topics and regions, and some have left since, so
 * "readers per topic and region" and "readers over 30 days" have something to show. Made after
 * the demo's posts went out, so none of them is sent anything.
 */
export const SAMPLE_READERS = 48;
/** Their chat ids: far from the demo user (1) and from any real Telegram id a test uses. */
const FIRST_ID = 9_100_000_001;

const TOPICS = ['politics', 'diplomacy', 'energy', 'economy-business', 'security-defence', 'society', 'culture', 'sport'];
const REGIONS = ['south-caucasus', 'central-asia', 'russia', 'turkiye', 'iran', 'europe', 'middle-east'];
const DAY_MS = 86_400_000;

export async function seedSampleReaders(db: Db, now: Date): Promise<void> {
  // A fixed sequence, so every demo shows the same picture.
  let seed = 20_261_130;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = (list: string[], most: number) => list.filter(() => next() < most / list.length).slice(0, most);
  for (let i = 0; i < SAMPLE_READERS; i++) {
    const chatId = FIRST_ID + i;
    // More arrivals lately: a channel that is growing.
    const joined = new Date(now.getTime() - Math.floor(Math.sqrt(next()) * 30 * DAY_MS) - 3600_000);
    const language = next() < 0.35 ? 'ru' : 'en';
    await ensureSubscriber(db, { chatId, chatType: 'private', title: `Sample reader ${i + 1}`, language }, joined);
    await updateSubscriber(db, chatId, { onboarded: true, topics: pick(TOPICS, 3), regions: pick(REGIONS, 2), ...(next() < 0.3 ? { mode: 'digest' as const, digestHour: 8 } : {}) }, joined);
    if (next() < 0.15) {
      const left = new Date(Math.min(now.getTime() - 60_000, joined.getTime() + Math.floor(next() * 10 * DAY_MS)));
      await setSubscriberStatus(db, chatId, 'stopped', left);
    }
  }
}
