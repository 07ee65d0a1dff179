import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../../src/stores/admins.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

describe('the editors’ features speak the editor’s language', () => {
  let h: AdminHarness;
  beforeAll(async () => {
    h = await startAdminHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers an editor whose Telegram is in Russian in Russian: /stats and /feeds', async () => {
    const editor = h.api.addUser({ first_name: 'Ирина', language_code: 'ru' });
    await addAdmin(h.db, editor.id, 'Ирина', h.adminId, h.clock.now);

    const stats = await h.command(editor.id, 'stats');
    expect(stats.text).toMatch(/^Читатели\nактивных 0 · остановили 0 · заблокировали бота 0\n/);
    expect(stats.text).toContain('Доставка за последние 24 ч');
    expect(stats.text).toContain('Популярные темы: пока нет');

    const feeds = await h.command(editor.id, 'feeds');
    expect(feeds.text).toMatch(/^Источников пока нет\.\n\n\/feeds: список источников/);
    expect((await h.command(editor.id, 'feeds', 'pause 999')).text).toBe('Источника #999 нет. Номера есть в /feeds.');

    // The English-speaking editor still gets English.
    expect((await h.command(h.adminId, 'stats')).text).toMatch(/^Readers\nactive 0 · stopped 0 · blocked 0\n/);
  });

  it('refuses a Russian-speaking stranger in Russian, command and button alike', async () => {
    const stranger = h.api.addUser({ first_name: 'Пётр', language_code: 'ru' });
    expect((await h.command(stranger.id, 'stats')).text).toBe('Извините, /stats — только для редакторов Herald.');

    h.api.sendUserText(h.adminId, 'placeholder');
    const { queryId } = h.api.pressButton(stranger.id, { chat_id: h.adminId, message_id: 1 }, { data: 'adm:bc:1:go' }, { force: true });
    const answer = await h.api.waitFor(() => h.api.callbackQuery(queryId)?.answer);
    expect(answer.text).toBe('Эта кнопка только для редакторов Herald.');
  });
});
