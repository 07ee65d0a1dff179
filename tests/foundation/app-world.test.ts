// The example of tests/helpers/README.md ("The app world", the example an end-to-end test starts from), kept here so it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';

let world: AppWorld;

beforeAll(async () => {
  world = await startAppWorld(); // Herald + fake Telegram + fake outlet (/rss.xml) + a database, one clock
  await world.start(); // long polling, the sender loop; cron jobs wait for runJob()
});
afterAll(async () => {
  await world?.close();
});

describe('a reader on the daily digest', () => {
  it('gets the outlet’s new story in their digest once the clock reaches their digest hour, not before', async () => {
    const { api, feeds, clock } = world;
    await world.runJob('poll'); // the outlet's feed is seen for the first time (empty)

    // A reader subscribes through the bot: everything, as a daily digest (08:00 their time, UTC).
    const reader = api.addUser({ first_name: 'Aysel' });
    const [topics] = await world.command(reader.id, 'start');
    await world.press(reader.id, topics!, { text: 'All' });
    const [regions] = await world.press(reader.id, world.current(topics!), { text: 'Next ›' });
    const [mode] = await world.press(reader.id, world.current(regions!), { text: 'Next ›' });
    const [done] = await world.press(reader.id, mode!, { text: '🗞 Daily digest' });
    expect(done?.text).toContain('daily digest at 08:00');

    // An hour later the outlet publishes; Herald polls: the channel gets it at once, the reader does not.
    clock.advance(3600_000);
    feeds.addItem('/rss.xml', { guid: 'pipeline', title: 'Pipeline deal signed in Baku', link: 'https://outlet.example/pipeline', description: 'Gas will flow from 2027.', pubDate: clock.now() });
    await world.runJob('poll');
    await api.waitForMessage(world.channel.id, (m) => m.text?.includes('Pipeline deal signed') ?? false);
    await world.runJob('digests');
    expect(api.sentTo(reader.id).some((m) => m.text?.includes('Pipeline deal signed'))).toBe(false);

    // 08:05 the next morning in the reader's time zone: the digest job sends it, the sender delivers.
    clock.set('2026-11-29T08:05:00Z');
    await world.runJob('digests');
    const digest = await api.waitForMessage(reader.id, (m) => m.text?.startsWith('🗞 Your digest') ?? false);
    expect(digest.text).toContain('Pipeline deal signed in Baku');
  });
});
