import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { upkeepBroadcasts } from '../../src/jobs/broadcast-pins.js';
import { addReaders, buttons, startAdminHarness, type AdminHarness } from './harness.js';

describe('/breaking: from the editor to the channel and the chosen readers', () => {
  let h: AdminHarness;
  beforeEach(async () => {
    h = await startAdminHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('runs the whole dialogue: text, exact preview, audience, pin, confirm, delivery with quiet hours, progress and cancel', async () => {
    const { api, db } = h;
    const energyCentralAsia = api.addUser();
    const europe = api.addUser();
    const everything = api.addUser();
    const stopped = api.addUser();
    const sleeping = api.addUser();
    const minute = h.clock.now.getUTCHours() * 60 + h.clock.now.getUTCMinutes();
    await addReaders(db, [
      { chatId: energyCentralAsia.id, topics: ['energy'], regions: ['central-asia'] },
      { chatId: europe.id, regions: ['europe'] },
      { chatId: everything.id },
      { chatId: stopped.id, status: 'stopped' },
      // In quiet hours right now: gets it when they end, since the editor does not pass them.
      { chatId: sleeping.id, regions: ['central-asia'], quietStart: (minute + 1440 - 60) % 1440, quietEnd: (minute + 60) % 1440 },
    ]);

    const ask = await h.command(h.adminId, 'breaking');
    expect(ask.text).toMatch(/Send the breaking news/);

    // The editor's formatting is kept; their literal "<b>" is shown as typed, not as markup.
    const before = api.messages(h.adminId, { botOnly: true }).length;
    api.sendUserText(h.adminId, 'Pipeline explosion near Baku <b>unconfirmed', { entities: [{ type: 'bold', offset: 0, length: 18 }] });
    const preview = await h.nextBotMessage(h.adminId, before);
    expect(preview.text).toBe('🚨 BREAKING\n\nPipeline explosion near Baku <b>unconfirmed');
    expect(preview.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'bold', length: 18 })]));
    let control = await h.nextBotMessage(h.adminId, before + 1);
    expect(control.text).toMatch(/exact post readers will see/);
    expect(control.text).toMatch(/Audience: everyone: 4 active readers/);

    const press = async (label: string | RegExp) => {
      const button = buttons(control).find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
      if (!button?.callback_data) throw new Error(`no button ${String(label)} in ${JSON.stringify(buttons(control))}`);
      const editsBefore = control.edits.length;
      const { queryId } = api.pressButton(h.adminId, control, { data: button.callback_data });
      await api.waitFor(() => api.callbackQuery(queryId)?.answer);
      control = await api.waitFor(() => {
        const m = api.messages(h.adminId, { botOnly: true }).find((x) => x.message_id === control.message_id);
        return m && m.edits.length > editsBefore ? m : undefined;
      });
    };

    await press('Choose topics/regions');
    expect(buttons(control).map((b) => b.text)).toEqual(expect.arrayContaining(['#energy', '🌍 central-asia', '🌍 europe']));
    await press('🌍 central-asia');
    expect(control.text).toMatch(/regions central-asia: 3 active readers/);
    await press('⬅️ Done');
    await press('📌 No pin');
    expect(control.text).toMatch(/Pin in the channel: yes, for 1 h/);
    await press('✅ Send now');
    expect(control.text).toMatch(/going out to the channel and 3 readers/);

    const drained = await h.sender.drain();
    expect(drained.sent).toBe(3);
    const postText = '🚨 BREAKING\n\nPipeline explosion near Baku <b>unconfirmed';
    expect(api.sentTo(h.channelId).map((m) => m.text)).toEqual([postText]);
    expect(api.sentTo(energyCentralAsia.id).map((m) => m.text)).toEqual([postText]);
    expect(api.sentTo(everything.id).map((m) => m.text)).toEqual([postText]);
    expect(api.sentTo(europe.id)).toEqual([]);
    expect(api.sentTo(stopped.id)).toEqual([]);
    expect(api.sentTo(sleeping.id)).toEqual([]);
    const waiting = await db.selectFrom('deliveries').selectAll().where('chat_id', '=', String(sleeping.id)).executeTakeFirstOrThrow();
    expect(waiting.status).toBe('pending');
    expect(waiting.priority).toBe(0);
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(h.clock.now.getTime() + 50 * 60_000);

    // Pinned once sent, unpinned after the chosen hour.
    const pins = {
      db,
      logger: pino({ level: 'silent' }),
      now: () => h.clock.now,
      pin: (chat: string, id: number) => callBotApi(h, 'pinChatMessage', chat, id),
      unpin: (chat: string, id: number) => callBotApi(h, 'unpinChatMessage', chat, id),
    };
    await upkeepBroadcasts(pins);
    await upkeepBroadcasts(pins);
    expect(api.callsOf('pinChatMessage')).toHaveLength(1);
    expect(api.sentTo(h.channelId)[0]!.pinned).toBe(true);
    h.clock.now = new Date(h.clock.now.getTime() + 61 * 60_000);
    await upkeepBroadcasts(pins);
    expect(api.callsOf('unpinChatMessage')).toHaveLength(1);
    expect(api.sentTo(h.channelId)[0]!.pinned).toBe(false);

    const progress = await h.command(h.adminId, 'broadcasts');
    expect(progress.text).toMatch(/#1 sending/);
    expect(progress.text).toMatch(/sent 3 · failed 0 · waiting 1/);

    const cancelled = await h.command(h.adminId, 'cancel', '1');
    expect(cancelled.text).toBe('Broadcast #1 stopped: 1 message will not be sent. Messages already sent stay.');
    expect((await db.selectFrom('deliveries').select('status').where('chat_id', '=', String(sleeping.id)).executeTakeFirstOrThrow()).status).toBe('cancelled');
    expect((await h.command(h.adminId, 'cancel', '1')).text).toMatch(/already cancelled; there is nothing left to stop/);
    expect((await h.command(h.adminId, 'cancel', '99')).text).toMatch(/There is no broadcast #99/);
    expect((await h.command(h.adminId, 'cancel', 'abc')).text).toMatch(/is not a broadcast number/);

    const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['breaking.draft', 'breaking.send', 'broadcasts.view', 'breaking.cancel']);
    expect(audit.every((a) => a.actor_id === h.adminId)).toBe(true);
  });

  it('refuses empty and over-long text with the reason and keeps asking; cancel sends nothing', async () => {
    await h.command(h.adminId, 'breaking');
    const long = await h.say(h.adminId, 'x'.repeat(5000));
    expect(long.text).toMatch(/Too long: your text has 5000 characters\. A text post holds at most 4096 characters, which leaves 4083/);
    const ok = await h.say(h.adminId, 'Short and true');
    expect(ok.text).toBe('🚨 BREAKING\n\nShort and true');
    const control = await h.nextBotMessage(h.adminId, h.api.messages(h.adminId, { botOnly: true }).indexOf(ok) + 1);
    const cancel = buttons(control).find((b) => b.text === '✖️ Cancel')!;
    const { queryId } = h.api.pressButton(h.adminId, control, { data: cancel.callback_data! });
    await h.api.waitFor(() => h.api.callbackQuery(queryId)?.answer);
    await h.api.waitFor(() => h.api.messages(h.adminId, { botOnly: true }).find((m) => m.message_id === control.message_id && /cancelled: nothing was sent/.test(m.text ?? '')));
    // Pressing Send on the cancelled draft (an old keyboard) changes nothing.
    const again = h.api.pressButton(h.adminId, control, { data: cancel.callback_data!.replace(/:no$/, ':go') }, { force: true });
    expect((await h.api.waitFor(() => h.api.callbackQuery(again.queryId)?.answer)).text).toBe('Broadcast #1 is already discarded.');
    expect(await h.db.selectFrom('deliveries').selectAll().execute()).toEqual([]);
    expect((await h.db.selectFrom('broadcasts').select('status').executeTakeFirstOrThrow()).status).toBe('discarded');
  });

  it('refuses a photo whose caption is over the caption limit, and takes a bare photo', async () => {
    await h.command(h.adminId, 'breaking');
    const push = (caption: string | undefined) => {
      const before = h.api.messages(h.adminId, { botOnly: true }).length;
      h.api.pushUpdate({
        message: {
          message_id: 9000 + before,
          date: Math.floor(Date.now() / 1000),
          chat: { id: h.adminId, type: 'private', first_name: 'Editor' },
          from: { id: h.adminId, is_bot: false, first_name: 'Editor' },
          photo: [{ file_id: 'photo-small', file_unique_id: 'ps', width: 90, height: 60 }, { file_id: 'photo-large', file_unique_id: 'pl', width: 800, height: 600 }],
          ...(caption !== undefined ? { caption } : {}),
        },
      } as never);
      return h.nextBotMessage(h.adminId, before);
    };
    const refused = await push('y'.repeat(1100));
    expect(refused.text).toMatch(/Too long: your text has 1100 characters\. A photo caption holds at most 1024/);
    expect(await h.db.selectFrom('broadcasts').selectAll().execute()).toEqual([]);
    // Still asking: a photo alone is accepted, previewed as a photo with the label as caption.
    const preview = await push(undefined);
    expect(preview.photo).toBeDefined();
    expect(preview.caption).toBe('🚨 BREAKING');
    expect(await h.db.selectFrom('broadcasts').select(['photo', 'status']).execute()).toEqual([{ photo: 'photo-large', status: 'draft' }]);
  });

  it('takes a forwarded message as the text, and a bare /cancel ends the question', async () => {
    await h.command(h.adminId, 'breaking');
    expect((await h.command(h.adminId, 'cancel')).text).toBe('Stopped. Nothing was changed.');
    // After /cancel, plain text is no longer taken as breaking news.
    await h.command(h.adminId, 'breaking');
    const before = h.api.messages(h.adminId, { botOnly: true }).length;
    h.api.forwardToBot(h.adminId, { fromChat: h.channelId, text: 'Ceasefire announced' });
    const preview = await h.nextBotMessage(h.adminId, before);
    expect(preview.text).toBe('🚨 BREAKING\n\nCeasefire announced');
  });
});

/** What the app's upkeep does through grammY, done here with a plain Bot API call. */
async function callBotApi(h: AdminHarness, method: 'pinChatMessage' | 'unpinChatMessage', chatId: string, messageId: number): Promise<void> {
  const response = await fetch(`${h.api.apiRoot}/bot${h.api.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, message_id: messageId, disable_notification: true }),
  });
  const body = (await response.json()) as { ok: boolean; description?: string };
  if (!body.ok) throw new Error(body.description);
}
