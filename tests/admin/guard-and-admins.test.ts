import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAdmins } from '../../src/stores/admins.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

describe('editors only: the guard and /admins', () => {
  let h: AdminHarness;
  beforeAll(async () => {
    h = await startAdminHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a non-admin every admin command and button, plainly, logs it and changes nothing', async () => {
    const stranger = h.api.addUser({ first_name: 'Mallory' });
    const feedsBefore = await h.db.selectFrom('feeds').selectAll().execute();
    const attempts = [
      ['admins', ''],
      ['admins', `add ${stranger.id}`],
      ['admins', `remove ${h.adminId}`],
      ['breaking', ''],
      ['breaking', 'Fake news'],
      ['broadcasts', ''],
      ['cancel', '1'],
      ['feeds', ''],
      ['feeds', 'add https://example.com/rss'],
      ['feeds', 'pause 1'],
      ['feeds', 'remove 1'],
      ['stats', ''],
    ] as const;
    // A minute apart, so that each refusal is written to the audit log (a flood is written once a minute).
    const nextMinute = () => (h.clock.now = new Date(h.clock.now.getTime() + 61_000));
    for (const [command, args] of attempts) {
      nextMinute();
      const answer = await h.command(stranger.id, command, args || undefined);
      expect(answer.text, `/${command} ${args}`).toBe(`Sorry, /${command} is only for Herald’s editors.`);
    }
    // A button of an admin's draft, pressed by someone else (e.g. a forwarded keyboard).
    const adminDraft = { chat_id: h.adminId, message_id: 1 };
    h.api.sendUserText(h.adminId, 'placeholder');
    for (const data of ['adm:bc:1:go', 'adm:bc:1:no', 'adm:bc:1:all', 'adm:whatever']) {
      nextMinute();
      const { queryId } = h.api.pressButton(stranger.id, adminDraft, { data }, { force: true });
      const answer = await h.api.waitFor(() => h.api.callbackQuery(queryId)?.answer);
      expect(answer.text).toBe('Only Herald’s editors can use this button.');
    }
    expect(await h.db.selectFrom('broadcasts').selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom('feeds').selectAll().execute()).toEqual(feedsBefore);
    expect((await listAdmins(h.db)).map((a) => a.userId)).toEqual([h.adminId]);
    const refused = await h.db.selectFrom('audit_log').selectAll().where('action', '=', 'refused').where('actor_id', '=', stranger.id).execute();
    expect(refused).toHaveLength(attempts.length + 4);
    expect(refused[0]!.details).toMatchObject({ attempted: '/admins' });
  });

  it('lists, adds by id and by forwarded message, removes, and refuses what would lock editors out', async () => {
    const newcomer = h.api.addUser({ first_name: 'Nina', username: 'nina' });
    const other = h.api.addUser({ first_name: 'Oleg' });
    expect((await h.command(h.adminId, 'admins', 'add 12abc')).text).toMatch(/is not a Telegram user id/);
    expect((await h.command(h.adminId, 'admins', `add ${newcomer.id}`)).text).toBe(`${newcomer.id} is now an editor.`);
    expect((await h.command(h.adminId, 'admins', `add ${newcomer.id}`)).text).toBe(`${newcomer.id} is already an editor.`);
    // The new editor is checked on their very next command and gets the admin menu.
    expect((await h.command(newcomer.id, 'broadcasts')).text).toMatch(/No breaking news has been sent yet/);
    expect(h.api.commands({ scope: { type: 'chat', chat_id: newcomer.id } }).map((c) => (c as { command: string }).command)).toContain('breaking');
    const russianMenu = h.api.commands({ scope: { type: 'chat', chat_id: newcomer.id }, language_code: 'ru' }) as { command: string; description: string }[];
    expect(russianMenu.find((c) => c.command === 'breaking')?.description).toBe('Срочная новость в канал и читателям');

    expect((await h.command(h.adminId, 'admins', 'add')).text).toMatch(/Forward me any message/);
    const before = h.api.messages(h.adminId, { botOnly: true }).length;
    h.api.forwardToBot(h.adminId, { fromUser: other.id, text: 'hello' });
    expect((await h.nextBotMessage(h.adminId, before)).text).toBe(`Oleg (${other.id}) is now an editor.`);

    const list = await h.command(h.adminId, 'admins');
    expect(list.text).toMatch(/Editors \(3\)/);
    expect(list.text).toMatch(new RegExp(`${h.adminId}: from ADMIN_IDS`));

    expect((await h.command(newcomer.id, 'admins', `remove ${h.adminId}`)).text).toMatch(/through the ADMIN_IDS setting/);
    expect((await h.command(newcomer.id, 'admins', `remove ${newcomer.id}`)).text).toBe('You cannot remove yourself; ask another editor.');
    expect((await h.command(h.adminId, 'admins', `remove ${newcomer.id}`)).text).toBe(`${newcomer.id} is no longer an editor.`);
    expect((await h.command(h.adminId, 'admins', `remove ${newcomer.id}`)).text).toBe(`${newcomer.id} is not an editor; nothing changed.`);
    // Removed means refused at once.
    expect((await h.command(newcomer.id, 'stats')).text).toBe('Sorry, /stats is only for Herald’s editors.');
    expect(h.api.callsOf('deleteMyCommands').length).toBeGreaterThan(0);

    const actions = await h.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'admin.%').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['admin.add', 'admin.add', 'admin.remove']);
    expect(actions[1]!.details).toMatchObject({ userId: other.id });
  });

  it('keeps admin commands out of groups', async () => {
    const group = h.api.addGroup({ title: 'Newsroom' });
    h.api.sendCommand(h.adminId, 'stats', { chat: group.id });
    const answer = await h.api.waitForMessage(group.id);
    expect(answer.text).toMatch(/work in a private chat with me/);
  });
});
