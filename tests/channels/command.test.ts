/**
 * /channels (issue #17): only editors, whatever follows the command; a channel is added only
 * where Telegram says the bot may post and edit, and every refusal says what is wrong; a rule
 * naming an unknown value names it and the valid ones; CHANNEL_ID is one channel, paused when
 * the settings stop naming it; breaking news goes to the channels and readers' languages the
 * editor picks.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upkeepBroadcasts } from '../../src/jobs/broadcast-pins.js';
import type { FakeMessage, Update } from '../helpers/fake-bot-api.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';

let world: AppWorld;
const editor = () => world.editor!.id;
const texts = (messages: FakeMessage[]) => messages.map((m) => m.text ?? '');
const channelsTable = () => world.db.selectFrom('channels').select(['id', 'chat_id', 'languages', 'sections', 'topics', 'regions', 'paused', 'paused_by', 'from_config']).orderBy('id').execute();
const channels = async (args = '') => texts(await world.command(editor(), 'channels', args ? { args } : {}));

/** What a user types, with the entity Telegram's clients attach ("/name" plus "@bot" right after it); the bot's new messages. */
async function typed(userId: number, text: string): Promise<string[]> {
  const head = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text)?.[0] ?? '';
  const before = new Set(world.api.messages(userId, { botOnly: true }).map((m) => m.message_id));
  const update: Update = world.api.sendUserText(userId, text, { entities: [{ type: 'bot_command', offset: 0, length: head.length }] });
  await world.handled(update);
  return texts(world.api.messages(userId, { botOnly: true }).filter((m) => !before.has(m.message_id)));
}

beforeAll(async () => {
  world = await startAppWorld({ feeds: [], sender: false });
  await world.start();
});
afterAll(async () => {
  await world?.close();
});

describe('/channels is for editors only', () => {
  it('is in the editors’ command menu, in English and Russian', async () => {
    await world.command(editor(), 'channels');
    const scope = { type: 'chat', chat_id: editor() };
    const menu = (language_code?: string) => world.api.commands({ scope, ...(language_code ? { language_code } : {}) }) as { command: string; description: string }[];
    expect(menu().find((c) => c.command === 'channels')?.description).toBe('Channels and their rules; add, change, pause, remove');
    expect(menu('ru').find((c) => c.command === 'channels')?.description).toBe('Каналы и их правила; добавить, изменить, пауза, удалить');
  });

  it('a stranger is refused, whatever punctuation follows the command, and nothing changes', async () => {
    const stranger = world.api.addUser({ first_name: 'Mallory' }).id;
    const before = await channelsTable();
    const cases = ['/channels', '/channels.', '/channels#1', '/channels!', '/channels add @mallory_news', '/channels#pause 1', '/channels.remove 1', '/channels@herald_test_bot'];
    for (const text of cases) {
      world.clock.advance(61_000); // each refusal a minute apart, so each is written to the audit log
      expect(await typed(stranger, text), text).toEqual(['Sorry, /channels is only for Herald’s editors.']);
    }
    // Another bot's command is no command of Herald's: the pointer to /help, for editors and strangers alike.
    for (const user of [stranger, editor()]) expect(await typed(user, '/channels@other_bot remove 1')).toEqual([expect.stringContaining('/help')]);
    expect(await channelsTable()).toEqual(before);
    const refused = await world.db.selectFrom('audit_log').select('details').where('actor_id', '=', stranger).where('action', '=', 'refused').execute();
    expect(refused).toHaveLength(cases.length);
    expect(refused.every((r) => (r.details as { attempted: string }).attempted === '/channels')).toBe(true);
  });

  it('the same punctuation runs the command for an editor, as grammY reads it', async () => {
    // "/channels." is /channels with "." after it: no such verb, so the editor is shown how to use it.
    expect((await typed(editor(), '/channels.'))[0]).toMatch(/^\/channels: the channels and their rules\n\/channels add /);
    expect((await typed(editor(), '/channels'))[0]).toMatch(/^Channels \(1\)/);
  });
});

describe('adding a channel: Telegram is asked what the bot may do there', () => {
  const refusedWith = async (args: string, reason: RegExp) => {
    const answers = await channels(`add ${args}`);
    expect(answers[0]).toBe('Checking that the bot can post in that channel…');
    expect(answers.at(-1), args).toMatch(reason);
    expect(answers.at(-1), args).toMatch(/Nothing was added\.$/);
  };

  it('refuses a channel where the bot is not an admin, is not at all, may not post or may not edit, saying which', async () => {
    const before = await channelsTable();
    world.api.addChannel({ title: 'Member Only', username: 'member_only', botStatus: 'member' });
    await refusedWith('@member_only', /^The bot is not an admin of “Member Only”, so it cannot post there\. .*Add Admin → @herald_test_bot, with “Post messages” and “Edit messages of others”/);
    world.api.addChannel({ title: 'Left Behind', username: 'left_behind', botStatus: 'left' });
    await refusedWith('@left_behind', /^The bot is not in “Left Behind”\./);
    world.api.addChannel({ title: 'No Posting', username: 'no_posting', botRights: { can_post_messages: false } });
    await refusedWith('@no_posting', /^The bot is an admin of “No Posting” but may not post messages\. Give @herald_test_bot “Post messages”\./);
    world.api.addChannel({ title: 'No Editing', username: 'no_editing', botRights: { can_edit_messages: false } });
    await refusedWith('@no_editing', /may not edit messages \(corrections edit the post\)\. Give @herald_test_bot “Edit messages of others”\./);
    // A private channel the bot is not in: Telegram does not even find it.
    const hidden = world.api.addChannel({ title: 'Hidden', botStatus: 'left' });
    await refusedWith(String(hidden.id), new RegExp(`^Telegram finds no channel ${hidden.id} for this bot\\.`));
    world.api.addGroup({ title: 'A Group', username: 'a_group', type: 'supergroup' });
    await refusedWith('@a_group', /^@a_group is a supergroup chat, not a channel\./);
    await refusedWith('@nobody_here', /^Telegram finds no channel @nobody_here/);
    expect(await channelsTable()).toEqual(before);
  });

  it('a bad rule value is named with the valid ones, before Telegram is asked anything', async () => {
    world.api.addChannel({ title: 'Outlet English', username: 'outlet_en' });
    const calls = world.api.callsOf('getChat').length;
    expect(await channels('add @outlet_en lang=fr')).toEqual(['Unknown lang “fr”. Valid lang values: en, ru, az.\n\nNothing was changed.']);
    expect((await channels('add @outlet_en section=sports'))[0]).toMatch(/^Unknown section “sports”\. Valid section values: breaking, interview, opinion, analytics, news\./);
    expect((await channels('add @outlet_en topics=energy,spaceflight'))[0]).toMatch(/^Unknown topics “spaceflight”\. Valid topics values: politics, diplomacy, .*energy/);
    expect((await channels('add @outlet_en regions=atlantis'))[0]).toMatch(/^Unknown regions “atlantis”\. Valid regions values: south-caucasus, /);
    expect(await channels('add @outlet_en colour=red')).toEqual(['“colour=red” is not a part of a rule. A rule is made of lang=…, section=…, topics=…, regions=….\n\nNothing was changed.']);
    expect(world.api.callsOf('getChat')).toHaveLength(calls);
  });

  it('adds a channel the bot may post in, once, and changes, pauses, resumes and removes it, each change audited', async () => {
    expect((await channels('add @outlet_en lang=en topics=energy,politics')).at(-1)).toMatch(/^Added channel #(\d+): Outlet English\. It takes lang=en topics=energy,politics, from the next new item on\.$/);
    const [row] = (await channelsTable()).filter((c) => c.languages.includes('en'));
    const id = row!.id;
    expect(row).toMatchObject({ topics: ['energy', 'politics'], sections: [], regions: [], paused: false, from_config: false });
    // The same channel again, by its @name in another case or by its id: already there.
    expect((await channels('add @Outlet_EN')).at(-1)).toBe(`That channel is already on the list as #${id} (Outlet English). Change its rule with /channels rule ${id} …`);

    expect(await channels(`rule ${id} regions=south-caucasus topics=any`)).toEqual([`Channel #${id} (Outlet English) now takes lang=en regions=south-caucasus, from the next new item on.`]);
    expect(await channels(`rule #${id} region=iran,atlantis`)).toEqual([expect.stringMatching(/^Unknown regions “atlantis”/)]);
    expect((await channelsTable()).find((c) => c.id === id)).toMatchObject({ languages: ['en'], topics: [], regions: ['south-caucasus'] });
    expect(await channels(`pause #${id}`)).toEqual([`Channel #${id} (Outlet English) paused: it gets no new items until /channels resume ${id}.`]);
    expect(await channels(`resume @outlet_en`)).toEqual([`Channel #${id} (Outlet English) resumed: it gets new items again.`]);
    expect(await channels(`rule ${id} any`)).toEqual([`Channel #${id} (Outlet English) now takes every item, from the next new item on.`]);
    expect(await channels(`pause 999`)).toEqual(['There is no channel 999. See /channels for the ids.']);
    expect(await channels(`remove ${id}`)).toEqual([`Channel #${id} (Outlet English) removed. What it already shows stays there.`]);
    expect((await channelsTable()).map((c) => c.id)).not.toContain(id);

    const audit = await world.db.selectFrom('audit_log').select(['actor_id', 'action', 'details']).where('action', 'like', 'channel.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['channel.add', 'channel.rule', 'channel.pause', 'channel.resume', 'channel.rule', 'channel.remove']);
    expect(audit.every((a) => a.actor_id === editor())).toBe(true);
    expect(audit[1]!.details).toMatchObject({ channelId: id, from: { topics: ['energy', 'politics'], regions: [] }, to: { languages: ['en'], topics: [], regions: ['south-caucasus'] } });
  });
});

describe('CHANNEL_ID is one channel with no rule', () => {
  it('taken away from the settings, its channel is paused (kept); named again, it resumes; an editor’s pause outlasts restarts', async () => {
    const configChannel = String(world.channel.id);
    const row = async () => (await channelsTable()).find((c) => c.chat_id === configChannel)!;
    expect(await row()).toMatchObject({ languages: [], sections: [], topics: [], regions: [], paused: false, from_config: true });

    await world.restart({ env: { CHANNEL_ID: '' } });
    expect(await row()).toMatchObject({ paused: true, paused_by: 'config', from_config: false });
    expect((await channels())[0]).toContain(`${configChannel}\n⏸ paused: CHANNEL_ID no longer names it · takes: everything`);

    await world.restart({ env: { CHANNEL_ID: configChannel } });
    expect(await row()).toMatchObject({ paused: false, paused_by: null, from_config: true });

    // Removing it here would not last (the next start adds it again): the editor is told where it is set.
    const id = (await row()).id;
    expect(await channels(`remove ${id}`)).toEqual([`Channel #${id} (${configChannel}) is the CHANNEL_ID setting: take it out of the settings to remove it, or pause it here with /channels pause ${id}.`]);
    await channels(`pause ${id}`);
    await world.restart();
    expect(await row()).toMatchObject({ paused: true, paused_by: 'editor', from_config: true });
    await channels(`resume ${(await row()).id}`);
  });
});

describe('/breaking asks which channels and which readers’ languages', () => {
  it('every active channel and every language unless the editor picks; sent only where picked', async () => {
    const english = world.api.addChannel({ title: 'Breaking English', username: 'breaking_en' });
    const paused = world.api.addChannel({ title: 'Quiet Channel', username: 'quiet_channel' });
    await channels('add @breaking_en lang=en');
    await channels('add @quiet_channel');
    const quietId = (await channelsTable()).find((c) => c.chat_id === String(paused.id))!.id;
    await channels(`pause ${quietId}`);
    const russianReader = world.api.addUser({ first_name: 'Rustam', language_code: 'ru' });
    const englishReader = world.api.addUser({ first_name: 'Emma' });
    const reader = { status: 'active' as const, onboarded: true, title: null, message_thread_id: null, last_digest_at: null };
    await world.db
      .insertInto('subscribers')
      .values([
        { ...reader, chat_id: russianReader.id, language: 'ru' },
        { ...reader, chat_id: englishReader.id, language: 'en' },
      ])
      .execute();

    const [preview, control] = await world.command(editor(), 'breaking', { args: 'Border crossing reopened' });
    expect(preview?.text).toContain('Border crossing reopened');
    expect(control?.text).toContain('Channels: all active (2)');
    expect(control?.text).toContain('Readers of: all languages');
    let current = control!;
    const press = async (label: string) => {
      await world.press(editor(), current, { text: label });
      current = world.current(current);
      return current;
    };
    const labels = (m: FakeMessage) => (m.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat().map((b) => b.text);

    await press('📣 Channels');
    // The paused channel is not offered; the others are all chosen to begin with.
    expect(labels(current)).toEqual(['✅ All active channels', `✅ 📣 ${world.channel.id}`, '✅ 📣 Breaking English', '⬅️ Done']);
    await press(`✅ 📣 ${world.channel.id}`);
    expect(current.text).toContain('Channels: Breaking English');
    await press('⬅️ Done');
    await press('🌐 Languages');
    await press('Russian');
    expect(current.text).toContain('Readers of: Russian');
    expect(current.text).toMatch(/Audience: everyone: 1 active reader\b/);
    await press('⬅️ Done');
    await press('✅ Send now');
    expect(current.text).toMatch(/going out to the channel and 1 reader\./);

    await world.drain();
    expect(world.api.sentTo(english.id).map((m) => m.text)).toEqual(['🚨 BREAKING\n\nBorder crossing reopened']);
    expect(world.api.sentTo(world.channel.id)).toEqual([]);
    expect(world.api.sentTo(paused.id)).toEqual([]);
    expect(world.api.sentTo(russianReader.id).map((m) => m.text)).toEqual(['🚨 BREAKING\n\nBorder crossing reopened']);
    expect(world.api.sentTo(englishReader.id)).toEqual([]);
    const [sent] = await world.db.selectFrom('audit_log').select('details').where('action', '=', 'breaking.send').execute();
    expect(sent!.details).toMatchObject({ channel: 1, readers: 1, audience: { languages: ['ru'] } });
  });

  it('pinned in every channel it went to, each its own post, and unpinned in each when the hours are up', async () => {
    const english = (await channelsTable()).find((c) => c.languages.includes('en'))!;
    const [, control] = await world.command(editor(), 'breaking', { args: 'Airport closed by fog' });
    await world.press(editor(), control!, { text: '📌 No pin' });
    await world.press(editor(), world.current(control!), { text: '✅ Send now' });
    await world.drain();
    const posts = [world.channel.id, Number(english.chat_id)].map((chat) => world.api.sentTo(chat).find((m) => m.text?.includes('Airport closed'))!);
    // The two channels' posts have their own message ids (the fake numbers each chat's messages apart).
    expect(posts.every(Boolean)).toBe(true);

    const callBotApi = async (method: string, chatId: string, messageId: number) => {
      const response = await fetch(`${world.api.apiRoot}/bot${world.api.token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: chatId, message_id: messageId }) });
      const body = (await response.json()) as { ok: boolean; description?: string };
      if (!body.ok) throw new Error(body.description);
    };
    const pins = {
      db: world.db,
      logger: pino({ level: 'silent' }),
      now: () => world.clock.now(),
      pin: (chat: string, id: number) => callBotApi('pinChatMessage', chat, id),
      unpin: (chat: string, id: number) => callBotApi('unpinChatMessage', chat, id),
    };
    await upkeepBroadcasts(pins);
    await upkeepBroadcasts(pins);
    expect(posts.map((p) => world.current(p).pinned)).toEqual([true, true]);
    expect(world.api.callsOf('pinChatMessage')).toHaveLength(2);
    world.clock.advance(61 * 60_000);
    await upkeepBroadcasts(pins);
    await upkeepBroadcasts(pins);
    expect(posts.map((p) => world.current(p).pinned)).toEqual([false, false]);
    expect(world.api.callsOf('unpinChatMessage')).toHaveLength(2);
  });

  it('a stranger cannot press the channel or language buttons of an editor’s draft', async () => {
    const stranger = world.api.addUser({ first_name: 'Eve' }).id;
    const [, control] = await world.command(editor(), 'breaking', { args: 'Draft for editors' });
    const draftId = /#(\d+)/.exec(control!.text ?? '')![1];
    for (const data of [`adm:bc:${draftId}:c:1`, `adm:bc:${draftId}:l:ru`, `adm:bc:${draftId}:ca`]) {
      world.clock.advance(61_000);
      const { queryId } = world.api.pressButton(stranger, control!, { data }, { force: true });
      expect((await world.api.waitFor(() => world.api.callbackQuery(queryId)?.answer)).text).toBe('Only Herald’s editors can use this button.');
    }
    const draft = await world.db.selectFrom('broadcasts').select(['channel_ids', 'audience', 'status']).where('id', '=', Number(draftId)).executeTakeFirstOrThrow();
    expect(draft).toEqual({ channel_ids: null, audience: {}, status: 'draft' });
  });
});
