/**
 * Commands read as Telegram marks them. Telegram's bot_command entity ends at the first
 * character that is not a letter, digit or underscore, and grammY runs the command the entity
 * names: "/cancel#1" is /cancel with "#1". Every permission check must see the same command,
 * or a stranger reaches an editor's handler and a group member an admin's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAdmin, listAdmins } from '../../src/stores/admins.js';
import { createDraft, getBroadcast, queueBroadcast } from '../../src/stores/broadcasts.js';
import { addReaders } from '../admin/harness.js';
import type { Update } from '../helpers/fake-bot-api.js';
import { startWorld, type World } from '../subscribers/support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

/** The entity Telegram's clients attach: "/name" plus an "@bot" right after it, nothing more. */
function commandEntity(text: string) {
  const head = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text)?.[0] ?? '';
  return [{ type: 'bot_command' as const, offset: 0, length: head.length }];
}

/** What a user types, as an update with Telegram's entities; resolves with the bot's new messages in that chat. */
async function typed(userId: number, text: string, where: { chat?: number; threadId?: number } = {}) {
  const chatId = where.chat ?? userId;
  const before = new Set(world.api.messages(chatId, { botOnly: true }).map((m) => m.message_id));
  const update: Update = world.api.sendUserText(userId, text, { ...where, entities: commandEntity(text) });
  await world.handled(update);
  return world.api.messages(chatId, { botOnly: true }).filter((m) => !before.has(m.message_id));
}

describe('editors’ commands with punctuation or another bot’s name', () => {
  let editor: number;
  let stranger: number;
  beforeEach(async () => {
    await world.testDb.reset();
    editor = world.api.addUser({ first_name: 'Editor' }).id;
    stranger = world.api.addUser({ first_name: 'Mallory' }).id;
    await addAdmin(world.db, editor, 'Editor', editor, world.clock.now());
  });

  it('a stranger cannot cancel a broadcast in progress with "/cancel#1" or any other spelling', async () => {
    const reader = world.api.addUser().id;
    await addReaders(world.db, [{ chatId: reader }]);
    const id = await createDraft(world.db, { authorId: editor, html: '🚨 Bridge closed', photo: null }, world.clock.now());
    expect((await queueBroadcast(world.db, id, world.clock.now())).ok).toBe(true);

    for (const text of [`/cancel#${id}`, `/cancel.${id}`, `/cancel,${id}`, `/cancel!${id}`, `/cancel@herald_test_bot ${id}`]) {
      world.clock.advance(61_000);
      const [answer, ...more] = await typed(stranger, text);
      expect(answer?.text, text).toBe('Sorry, /cancel is only for Herald’s editors.');
      expect(more, text).toEqual([]);
    }
    expect((await getBroadcast(world.db, id))?.status).toBe('sending');
    const waiting = await world.db.selectFrom('deliveries').select('status').where('broadcast_id', '=', id).execute();
    expect(waiting.map((r) => r.status)).toEqual(['pending']);
  });

  it('a stranger reads no /stats, /broadcasts, /feeds or /dashboard and opens no draft, whatever follows the command', async () => {
    const cases = [
      ['/stats.', '/stats'],
      ['/stats?', '/stats'],
      ['/broadcasts!', '/broadcasts'],
      ['/feeds;', '/feeds'],
      ['/feeds-add http://example.com/rss', '/feeds'],
      ['/breaking!Fake news', '/breaking'],
      ['/breaking:', '/breaking'],
      [`/admins+add ${stranger}`, '/admins'],
      ['/stats@herald_test_bot', '/stats'],
      ['/dashboard.', '/dashboard'],
      ['/dashboard!x', '/dashboard'],
    ];
    for (const [text, command] of cases) {
      world.clock.advance(61_000);
      const answers = await typed(stranger, text!);
      expect(answers.map((m) => m.text), text).toEqual([`Sorry, ${command} is only for Herald’s editors.`]);
    }
    expect(await world.db.selectFrom('broadcasts').selectAll().execute()).toEqual([]);
    expect((await listAdmins(world.db)).map((a) => a.userId)).toEqual([editor]);
    const refused = await world.db.selectFrom('audit_log').select('details').where('actor_id', '=', stranger).where('action', '=', 'refused').execute();
    expect(refused).toHaveLength(cases.length);
  });

  it('the same punctuation runs the command for an editor, as grammY reads it', async () => {
    const [stats] = await typed(editor, '/stats.');
    expect(stats?.text).toContain('Readers');
  });

  it('a command addressed to another bot is no command of Herald’s, for editors and strangers alike', async () => {
    for (const user of [editor, stranger]) {
      for (const text of ['/stats@other_bot', '/breaking@other_bot Fake news', '/cancel@other_bot 1']) {
        const answers = await typed(user, text);
        // Private chats answer anything unknown with the pointer to /help, and nothing else happens.
        expect(answers.map((m) => m.text), `${user} ${text}`).toEqual([expect.stringContaining('/help')]);
      }
    }
    expect(await world.db.selectFrom('broadcasts').selectAll().execute()).toEqual([]);
    expect(await world.db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
  });
});

describe('group admins’ commands with punctuation', () => {
  let admin: number;
  let member: number;
  let forum: number;
  let topic: number;
  beforeEach(async () => {
    await world.testDb.reset();
    admin = world.api.addUser({ first_name: 'Admin' }).id;
    member = world.api.addUser({ first_name: 'Member' }).id;
    forum = world.api.addGroup({ forum: true, members: { [admin]: 'creator', [member]: 'member' } }).id;
    topic = world.api.createTopic(forum, 'Energy desk');
  });

  it('a plain member cannot subscribe the group with "/start!" or "/start." in a topic or in General', async () => {
    for (const where of [{ chat: forum }, { chat: forum, threadId: topic }]) {
      for (const text of ['/start!', '/start.', '/start,please', '/start#x', '/start@herald_test_bot!']) {
        const answers = await typed(member, text, where);
        expect(answers.map((m) => m.text), text).toEqual([expect.stringContaining('Only the admins')]);
      }
    }
    expect(await world.subscriber(forum)).toBeUndefined();
  });

  it('a plain member cannot route, unroute, retime, stop or forget a subscribed group', async () => {
    await typed(admin, '/start', { chat: forum });
    await typed(admin, '/route Sport', { chat: forum, threadId: topic });
    const before = await world.subscriber(forum);
    const routesBefore = await world.db.selectFrom('forum_routes').selectAll().execute();
    expect(routesBefore).toHaveLength(1);

    for (const text of ['/route#Energy', '/route.Energy', '/unroute#Sport', '/timezone+4', '/quiet!off', '/digest.8', '/topics.', '/regions!', '/keywords+add gas', '/settings.', '/stop,', '/forget!', '/latest.20']) {
      const answers = await typed(member, text, { chat: forum, threadId: topic });
      expect(answers.map((m) => m.text), text).toEqual([expect.stringContaining('Only the admins')]);
    }
    expect(await world.subscriber(forum)).toEqual(before);
    expect(await world.db.selectFrom('forum_routes').selectAll().execute()).toEqual(routesBefore);
  });

  it('the group’s admin gets the same commands carried out', async () => {
    await typed(admin, '/start!', { chat: forum });
    expect(await world.subscriber(forum)).toMatchObject({ status: 'active' });
    const [routed] = await typed(admin, '/route#Energy', { chat: forum, threadId: topic });
    expect(routed?.text).toContain('Energy');
    expect(await world.db.selectFrom('forum_routes').select(['kind', 'value']).execute()).toEqual([{ kind: 'topic', value: 'energy' }]);
  });
});
