import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutItems } from '../../src/stores/fan-out.js';
import { storeClassified } from './support/items.js';
import { flatButtons, startWorld, type World } from './support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('groups', () => {
  it('a group is configured by its admins only; others are told why', async () => {
    const { api } = world;
    const admin = api.addUser({ first_name: 'Admin' });
    const member = api.addUser({ first_name: 'Member' });
    const group = api.addGroup({ type: 'supergroup', botStatus: 'left', members: { [admin.id]: 'administrator', [member.id]: 'member' } });

    await world.handled(api.addBotToGroup(group.id, admin.id));
    expect(api.sentTo(group.id).at(-1)?.text).toContain('An admin of this group can send /start');

    const [refused] = await world.command(member.id, 'start', { chat: group.id, mention: true });
    expect(refused?.text).toContain('Only the admins');
    expect(await world.subscriber(group.id)).toBeUndefined();

    const [subscribed] = await world.command(admin.id, 'start', { chat: group.id, mention: true });
    expect(subscribed?.text).toContain('This group now receives the news');
    expect(await world.subscriber(group.id)).toMatchObject({ status: 'active', chatType: 'supergroup', threadId: null });

    const [menu] = await world.command(admin.id, 'topics', { chat: group.id, mention: true });
    const { update, queryId } = api.pressButton(member.id, menu!, { text: 'Energy' });
    await world.handled(update);
    expect(api.callbackQuery(queryId)?.answer).toMatchObject({ text: expect.stringContaining('Only the admins'), show_alert: true });
    expect((await world.subscriber(group.id))?.topics).toEqual([]);
    await world.press(admin.id, menu!, { text: 'Energy' });
    expect((await world.subscriber(group.id))?.topics).toEqual(['energy']);
    expect(flatButtons(world.current(menu!))).toContain('✅ Energy');

    // Free text in a group is not answered.
    const before = api.sentTo(group.id).length;
    await world.handled(api.sendUserText(member.id, 'just chatting', { chat: group.id }));
    expect(api.sentTo(group.id)).toHaveLength(before);

    // Removed from the group: the group is marked blocked and gets nothing more.
    await world.handled(api.removeBotFromGroup(group.id, admin.id));
    expect((await world.subscriber(group.id))?.status).toBe('blocked');
  });

  it('a group upgraded to a supergroup keeps its subscription under the new id', async () => {
    const { api } = world;
    const admin = api.addUser();
    const group = api.addGroup({ type: 'group', members: { [admin.id]: 'creator' } });
    await world.command(admin.id, 'start', { chat: group.id, mention: true });
    await world.db.updateTable('subscribers').set({ topics: ['sport'] }).where('chat_id', '=', group.id).execute();
    // Telegram tells both chats (migrate_to in the old one, migrate_from in the new): wait for both.
    const before = api.updates.length;
    const upgraded = api.migrateGroup(group.id);
    await world.handled(api.updates.slice(before));
    expect(await world.subscriber(group.id)).toBeUndefined();
    expect(await world.subscriber(upgraded.id)).toMatchObject({ status: 'active', topics: ['sport'] });
  });

  it('in a forum, /start in a topic sends the group’s news into that topic', async () => {
    const { api, db, clock } = world;
    const admin = api.addUser();
    const forum = api.addGroup({ forum: true, members: { [admin.id]: 'creator' } });
    const topic = api.createTopic(forum.id, 'News feed');
    const [subscribed] = await world.command(admin.id, 'start', { chat: forum.id, threadId: topic, mention: true });
    expect(subscribed?.text).toContain('forum topic now receives');
    expect(subscribed?.message_thread_id).toBe(topic);
    expect((await world.subscriber(forum.id))?.threadId).toBe(topic);

    const ids = await storeClassified(db, [{ title: 'Forum story' }], clock.now());
    await fanOutItems(db, ids, clock.now());
    await world.drain();
    const posted = api.sentTo(forum.id).find((m) => m.text?.includes('Forum story'));
    expect(posted?.message_thread_id).toBe(topic);
  });

  it('in a forum, each topic or region can have a forum topic of its own', async () => {
    const { api, db, clock } = world;
    const admin = api.addUser();
    const member = api.addUser();
    const forum = api.addGroup({ forum: true, members: { [admin.id]: 'creator', [member.id]: 'member' } });
    const energyTopic = api.createTopic(forum.id, 'Energy');
    const asiaTopic = api.createTopic(forum.id, 'Central Asia');
    await world.command(admin.id, 'start', { chat: forum.id, mention: true });

    const [refused] = await world.command(member.id, 'route', { chat: forum.id, threadId: energyTopic, args: 'Energy', mention: true });
    expect(refused?.text).toContain('Only the admins');
    const [outside] = await world.command(admin.id, 'route', { chat: forum.id, args: 'Energy', mention: true });
    expect(outside?.text).toContain('inside the forum topic');
    const [unknown] = await world.command(admin.id, 'route', { chat: forum.id, threadId: energyTopic, args: '<b>Atlantis</b>', mention: true });
    expect(unknown?.text).toContain('“<b>Atlantis</b>” is not a topic or region');
    const [energySet] = await world.command(admin.id, 'route', { chat: forum.id, threadId: energyTopic, args: 'energy', mention: true });
    expect(energySet?.text).toContain('now receives everything about Energy');
    expect(energySet?.message_thread_id).toBe(energyTopic);
    await world.command(admin.id, 'route', { chat: forum.id, threadId: asiaTopic, args: 'Центральная Азия', mention: true });
    const [list] = await world.command(admin.id, 'route', { chat: forum.id, threadId: asiaTopic, mention: true });
    expect(list?.text).toContain(`Energy → topic #${energyTopic}`);
    expect(list?.text).toContain('Central Asia → this topic');

    const ids = await storeClassified(db, [
      { title: 'Kazakh gas pipeline', topics: ['energy'], regions: ['central-asia'] },
      { title: 'Wind farm opens', topics: ['energy'], regions: ['europe'] },
      { title: 'Cup final tonight', topics: ['sport'] },
    ], clock.now());
    await fanOutItems(db, ids, clock.now());
    await world.drain();
    const threadsOf = (title: string) => api.sentTo(forum.id).filter((m) => m.text?.includes(title)).map((m) => m.message_thread_id ?? null).sort();
    expect(threadsOf('Kazakh gas pipeline')).toEqual([energyTopic, asiaTopic].sort());
    expect(threadsOf('Wind farm opens')).toEqual([energyTopic]);
    // What no forum topic asked for keeps the group's own place.
    expect(threadsOf('Cup final tonight')).toEqual([null]);

    // An admin deletes the Central Asia forum topic: its route goes, and the story that found
    // it gone is posted in the group's own place instead of being lost.
    api.chat(forum.id)!.topics.delete(asiaTopic);
    const [tashkent] = await storeClassified(db, [{ title: 'Tashkent summit', regions: ['central-asia'] }], clock.now());
    await fanOutItems(db, [tashkent!], clock.now());
    await world.drain();
    expect(threadsOf('Tashkent summit')).toEqual([null]);
    const [afterDelete] = await world.command(admin.id, 'route', { chat: forum.id, threadId: energyTopic, mention: true });
    expect(afterDelete?.text).not.toContain('Central Asia');

    const [removed] = await world.command(admin.id, 'unroute', { chat: forum.id, threadId: energyTopic, args: 'Energy', mention: true });
    expect(removed?.text).toContain('no longer has a forum topic');
    const [later] = await storeClassified(db, [{ title: 'Oil price falls', topics: ['energy'] }], clock.now());
    await fanOutItems(db, [later!], clock.now());
    await world.drain();
    expect(threadsOf('Oil price falls')).toEqual([null]);
  });

  it('/route outside a forum says where it works', async () => {
    const { api } = world;
    const admin = api.addUser();
    const group = api.addGroup({ type: 'group', members: { [admin.id]: 'creator' } });
    await world.command(admin.id, 'start', { chat: group.id, mention: true });
    const [reply] = await world.command(admin.id, 'route', { chat: group.id, args: 'Energy', mention: true });
    expect(reply?.text).toContain('inside the forum topic');
  });
});
