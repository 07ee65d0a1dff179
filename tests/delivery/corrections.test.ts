import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueCorrections } from '../../src/stores/deliveries.js';
import { Faults } from '../helpers/fake-bot-api.js';
import { startHarness, type Harness } from './support/harness.js';
import { queueDirect, rowsOf, seedFeed, seedItem } from './support/seed.js';

let h: Harness;
let feedId: number;

beforeAll(async () => {
  h = await startHarness({ rateLimits: { mode: 'count', groupPerMinute: 600 } });
  feedId = await seedFeed(h.db);
});

afterAll(async () => {
  await h.close();
});

const DAY = 24 * 3600 * 1000;

describe('corrections', () => {
  it('edits the channel post and private messages in place with an "updated" mark, not a new post', async () => {
    const channel = h.api.addChannel();
    const reader = h.api.addUser();
    const itemId = await seedItem(h.db, feedId, { title: 'Old title', imageUrl: 'https://img.example/c.jpg' });
    await h.db.insertInto('deliveries').values({ item_id: itemId, broadcast_id: null, chat_id: String(channel.id), message_thread_id: null, kind: 'channel', priority: 1, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null }).execute();
    const textItem = await seedItem(h.db, feedId, { title: 'Text old' });
    await queueDirect(h.db, textItem, [reader.id]);
    const sender = h.sender({ channelRate: 600 });
    await sender.drain();

    await h.db.updateTable('items').set({ title: 'New title' }).where('id', '=', itemId).execute();
    await h.db.updateTable('items').set({ title: 'Text new' }).where('id', '=', textItem).execute();
    const now = new Date();
    expect(await queueCorrections(h.db, [itemId, textItem], new Date(now.getTime() - 2 * DAY), now)).toBe(2);
    await sender.drain();

    const [post] = h.api.sentTo(channel.id);
    expect(h.api.sentTo(channel.id)).toHaveLength(1);
    expect(post?.caption).toMatch(/Updated/);
    expect(post?.caption).toContain('New title');
    expect(post?.edits).toHaveLength(1);
    expect(h.api.callsTo(channel.id, 'editMessageCaption')).toHaveLength(1);
    const [dm] = h.api.sentTo(reader.id);
    expect(dm?.text).toContain('Text new');
    expect(h.api.callsTo(reader.id, 'editMessageText')).toHaveLength(1);
    const rows = [...(await rowsOf(h.db, itemId)), ...(await rowsOf(h.db, textItem))];
    for (const row of rows) {
      expect(row.status).toBe('sent');
      expect(row.edited_at).not.toBeNull();
    }
  });

  it('leaves messages older than 48 hours and rows never sent alone', async () => {
    const reader = h.api.addUser();
    const itemId = await seedItem(h.db, feedId);
    await queueDirect(h.db, itemId, [reader.id]);
    await h.db.updateTable('deliveries').set({ status: 'sent', message_id: 1, sent_at: new Date(Date.now() - 3 * DAY) }).where('item_id', '=', itemId).execute();
    const pending = await seedItem(h.db, feedId);
    await queueDirect(h.db, pending, [reader.id]);
    const now = new Date();
    expect(await queueCorrections(h.db, [itemId, pending], new Date(now.getTime() - 2 * DAY), now)).toBe(0);
  });

  it('records an edit Telegram refuses and does not retry it', async () => {
    const reader = h.api.addUser();
    const itemId = await seedItem(h.db, feedId, { title: 'To be refused' });
    await queueDirect(h.db, itemId, [reader.id]);
    const sender = h.sender();
    await sender.drain();
    h.api.failNext('editMessageText', 1, Faults.badRequest('message to edit not found'));
    const now = new Date();
    await queueCorrections(h.db, [itemId], new Date(now.getTime() - 2 * DAY), now);
    await sender.drain();
    await sender.drain();
    const [row] = await rowsOf(h.db, itemId);
    expect(row?.status).toBe('sent');
    expect(row?.last_error).toBe('edit refused: 400: Bad Request: message to edit not found');
    expect(h.api.callsTo(reader.id, 'editMessageText')).toHaveLength(1);
  });

  it('a message in flight when its item changes is edited once its send is recorded', async () => {
    const reader = h.api.addUser();
    const itemId = await seedItem(h.db, feedId, { title: 'Wording while sending' });
    await queueDirect(h.db, itemId, [reader.id]);
    // Telegram takes its time answering, and the correction lands meanwhile.
    h.api.failNext('sendMessage', 1, Faults.delay(1500), (c) => String(c.params.chat_id) === String(reader.id));
    const sender = h.sender();
    const drained = sender.drain();
    await h.api.waitForCall('sendMessage', (c) => String(c.params.chat_id) === String(reader.id));
    await h.db.updateTable('items').set({ title: 'Wording corrected' }).where('id', '=', itemId).execute();
    const now = new Date();
    expect(await queueCorrections(h.db, [itemId], new Date(now.getTime() - 2 * DAY), now)).toBe(1);
    await drained;
    await sender.drain();

    const [dm] = h.api.sentTo(reader.id);
    expect(h.api.sentTo(reader.id)).toHaveLength(1);
    expect(dm?.text).toContain('Wording corrected');
    expect(h.api.callsTo(reader.id, 'editMessageText')).toHaveLength(1);
    const [row] = await rowsOf(h.db, itemId);
    expect(row).toMatchObject({ status: 'sent', payload: null });
  });
});
