/**
 * Alerts go straight to each editor (not through the outbox, which may be what is stuck),
 * each in the language the editor chose for their own chat with the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'grammy';
import { pino } from 'pino';
import type { Db } from '../../src/db/create-db.js';
import { createUpkeep } from '../../src/jobs/upkeep.js';
import { addAdmin } from '../../src/stores/admins.js';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('alerts reach every editor in their own language', () => {
  let testDb: TestDb;
  let db: Db;
  let api: FakeBotApi;
  const now = new Date('2026-11-28T12:00:00Z');

  beforeAll(async () => {
    testDb = await createTestDb();
    db = testDb.db as Db;
    api = await startFakeBotApi();
  });
  afterAll(async () => {
    await api.close();
    await testDb.close();
  });

  it('tells a Russian-speaking editor in Russian and the others in English, from one alert', async () => {
    const russian = api.addUser({ first_name: 'Ирина', language_code: 'ru' });
    const english = api.addUser({ first_name: 'Sam' });
    const silent = api.addUser({ first_name: 'New' });
    for (const editor of [russian, english, silent]) await addAdmin(db, editor.id, editor.first_name, 1, now);
    await db.insertInto('subscribers').values([
      { chat_id: russian.id, language: 'ru' },
      { chat_id: english.id, language: 'en' },
    ]).execute();
    await db
      .insertInto('feeds')
      .values({ url: 'https://outlet.example/rss', title: 'Outlet <wire>', section: null, time_zone: null, language: null, etag: null, last_modified: null, fetch_interval_seconds: null, last_error: 'HTTP 503', consecutive_failures: 5 })
      .execute();

    const upkeep = createUpkeep({ db, logger: pino({ level: 'silent' }), now: () => now, api: new Api(api.token, { apiRoot: api.apiRoot }) }, { feedFailures: 5 });
    await upkeep.run();

    const [toRussian] = api.sentTo(russian.id);
    expect(toRussian?.text).toMatch(/^⚠️ Лента #\d+ Outlet <wire> не загрузилась 5 раз подряд\.\nПоследняя ошибка: HTTP 503/);
    expect(toRussian?.source?.parse_mode).toBe('HTML');
    expect(api.sentTo(english.id)[0]?.text).toMatch(/^⚠️ Feed #\d+ Outlet <wire> has failed 5 times in a row\.\nLast error: HTTP 503/);
    // An editor who never chose a language in a chat with the bot gets English.
    expect(api.sentTo(silent.id).map((m) => m.text)).toEqual([expect.stringMatching(/has failed 5 times/)]);
  });
});
