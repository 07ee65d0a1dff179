/**
 * /forget means forget: after a reader confirms it, no table holds their id. The tables come
 * from the database catalogue, so a table added later is caught: one with a person's id
 * column must be seeded here (and covered by forgetSubscriber), or this test names it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectInput } from '../../src/bot/admin/dialogue.js';
import type { Db } from '../../src/db/create-db.js';
import { Lane } from '../../src/db/schema.js';
import { addAdmin } from '../../src/stores/admins.js';
import { FORGOTTEN_PERSON, recordAudit } from '../../src/stores/audit.js';
import { createDraft, queueBroadcast } from '../../src/stores/broadcasts.js';
import { setForumRoute } from '../../src/stores/forum-routes.js';
import { takeAllowance } from '../../src/stores/rate-limits.js';
import { seedReader } from '../subscribers/support/readers.js';
import { startWorld, type World } from '../subscribers/support/world.js';

/** Columns that hold a Telegram user or chat id, by name: `chat_id`, `author_id`, `added_by`… */
const PERSON_COLUMN = /(^|_)(chat|user|actor|author|editor|admin|reader|subscriber|member|person|owner|sender|recipient)_id$|_by$/;

// Distinctive ids (ten digits), so finding one in a row's text is never a coincidence.
const READER = 7_345_123_987;
const OTHER_READER = 7_345_000_111;
const EDITOR = 7_345_999_222;
/** The editor who once added, then removed, the reader (or anyone seeded). */
const CHIEF = 7_345_888_444;
/** Whom a seeded person added as an editor while they were one. */
const addedBy = (id: number) => id + 1;

let world: World;
let db: Db;
/** Names the seeded feeds (never after a person: the test looks for their ids everywhere). */
let feeds = 0;

beforeAll(async () => {
  world = await startWorld();
  db = world.db;
});
afterAll(async () => {
  await world.close();
});
beforeEach(async () => {
  await world.testDb.reset();
});

/** Every table of Herald's schema, from the catalogue. */
async function allTables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name
  `.execute(db);
  return rows.map((r) => r.table_name);
}

/** Tables with a column that holds a person's id, from the catalogue: `table.column`. */
async function personIdColumns(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() order by table_name, column_name
  `.execute(db);
  return rows.filter((r) => PERSON_COLUMN.test(r.column_name)).map((r) => `${r.table_name}.${r.column_name}`);
}

/** The tables with a row that mentions the id anywhere: any column, inside keys, JSON and texts. */
async function tablesHolding(id: number): Promise<string[]> {
  const pattern = `(^|[^0-9-])${id}([^0-9]|$)`;
  const holding: string[] = [];
  for (const table of await allTables()) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} as r where r::text ~ ${pattern}`.execute(db);
    if ((rows[0]?.n ?? 0) > 0) holding.push(table);
  }
  return holding;
}

/**
 * A row with the reader's id in every place Herald can put one. The reader was an editor
 * once (wrote a broadcast, added an editor), was removed, and is now a plain reader in the
 * middle of a dialogue. Keys are `table.column` of the catalogue, or a table whose key text
 * carries the id.
 */
const SEEDS: Record<string, (id: number, now: Date) => Promise<void>> = {
  'subscribers.chat_id': async (id, now) => seedReader(db, id, { topics: ['energy'], keywords: ['tanap'] }, now),
  'deliveries.chat_id': async (id, now) => {
    const feed = await db.insertInto('feeds').values({ url: `https://example.test/feed-${++feeds}`, title: null, section: null, time_zone: null, language: null, etag: null, last_modified: null, fetch_interval_seconds: null, last_error: null }).returning('id').executeTakeFirstOrThrow();
    const item = await db
      .insertInto('items')
      .values({ feed_id: feed.id, dedupe_key: 'k', guid: null, url: null, canonical_url: null, title: 'T', author: null, section: null, language: null, published_at: now, classification: '{}', full_text_length: null, content_hash: 'h' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [kind, status] of [['direct', 'sent'], ['digest', 'held']] as const) {
      await db
        .insertInto('deliveries')
        .values({ item_id: kind === 'direct' ? item.id : null, broadcast_id: null, chat_id: String(id), message_thread_id: null, kind, priority: Lane.instant, status, payload: null, next_attempt_at: now, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })
        .execute();
    }
  },
  // Their own breaking news, queued to every reader (themselves included) while they were an editor.
  'broadcasts.author_id': async (id, now) => {
    const broadcast = await createDraft(db, { authorId: id, html: '<b>Breaking</b>', photo: null }, now);
    await queueBroadcast(db, broadcast, now);
    await recordAudit(db, id, 'breaking.send', { broadcastId: broadcast, readers: 2 }, now);
  },
  'admins.added_by': async (id, now) => {
    await addAdmin(db, addedBy(id), 'Added', id, now);
    await recordAudit(db, id, 'admin.add', { userId: addedBy(id), name: 'Added' }, now);
  },
  'audit_log.actor_id': async (id, now) => {
    await recordAudit(db, CHIEF, 'admin.add', { userId: id, name: `Reader ${id}` }, now);
    await recordAudit(db, CHIEF, 'admin.remove', { userId: id }, now);
    await recordAudit(db, id, 'refused', { attempted: '/feeds', chatId: id }, now);
  },
  'forum_routes.chat_id': async (id, now) => setForumRoute(db, id, { kind: 'topic', value: 'energy', threadId: 7 }, now),
  // Their allowance of presses (the bot's buttons and the Mini App's requests draw on it).
  'rate_limits.user_id': async (id, now) => void (await takeAllowance(db, id, 'press', { burst: 24, perSecond: 1.5 }, now)),
  // Key texts: an editor's open question (bot/admin/dialogue.ts); the onboarding dialogue is started through the bot.
  service_state: async (id, now) => expectInput(db, id, { step: 'admin-forward' }, now),
};

/** The person columns the seeds do not reach: an editor's own row only exists for a current editor (tested below). */
// channels.chat_id is a channel's id (never a reader's: a channel cannot ask to be forgotten);
// channels.paused_by says 'editor' or 'config', never who.
const NOT_SEEDED_ON_PURPOSE = new Set(['admins.user_id', 'channels.chat_id', 'channels.paused_by']);

async function seedEverything(id: number): Promise<void> {
  for (const seed of Object.values(SEEDS)) await seed(id, world.clock.now());
}

/** /forget through the bot over the fake Bot API: the command, then "Yes, delete". */
async function forgetThroughBot(id: number): Promise<void> {
  const [question] = await world.command(id, 'forget');
  expect(question?.text).toContain('Delete everything');
  await world.press(id, question!, { text: 'Yes, delete' });
  expect(world.current(question!).text).toContain('deleted');
}

describe('/forget leaves no trace of a reader', () => {
  it('seeds a row for the reader in every table with a person’s id column (a new table must be added here)', async () => {
    const unseeded = (await personIdColumns()).filter((column) => !(column in SEEDS) && !NOT_SEEDED_ON_PURPOSE.has(column));
    expect(unseeded, 'person-id columns neither seeded by this test nor known: seed them here and make forgetSubscriber cover them').toEqual([]);
  });

  it('after /forget no table holds the reader’s id; other people’s rows and the events themselves stay', async () => {
    world.api.addUser({ id: READER, first_name: 'Aysel' });
    // Mid-way through the onboarding dialogue: its state is in conversations.
    const [step] = await world.command(READER, 'start');
    expect(step?.text).toContain('Step 1 of 3');
    await seedEverything(READER);
    await seedEverything(OTHER_READER);

    const seededTables = [...new Set(Object.keys(SEEDS).map((key) => key.split('.')[0]!))];
    expect(await tablesHolding(READER), 'the seeds put the reader’s id in every table they are meant to').toEqual(expect.arrayContaining([...seededTables, 'conversations']));
    const auditRows = (await db.selectFrom('audit_log').select('id').execute()).length;

    await forgetThroughBot(READER);

    expect(await tablesHolding(READER), 'tables that still hold the reader’s id after /forget').toEqual([]);
    // Only the reader went: the other reader is whole, and the events are still on record, by nobody.
    expect(await tablesHolding(OTHER_READER)).toEqual(expect.arrayContaining(seededTables));
    expect(await world.subscriber(OTHER_READER)).toBeDefined();
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(auditRows);
    const refused = await db.selectFrom('audit_log').select('details').where('action', '=', 'refused').where('actor_id', '=', FORGOTTEN_PERSON).execute();
    expect(refused.map((r) => r.details)).toEqual([{ attempted: '/feeds', chatId: null }]);
    const named = await db.selectFrom('audit_log').select('details').where('actor_id', '=', CHIEF).where('action', '=', 'admin.add').execute();
    expect(named.map((r) => r.details)).toEqual(expect.arrayContaining([{ userId: null, name: 'Reader [forgotten]' }, { userId: OTHER_READER, name: `Reader ${OTHER_READER}` }]));
    // The editor they added stays one, added by nobody now (a null added_by would mean "from ADMIN_IDS").
    expect(await db.selectFrom('admins').select('added_by').where('user_id', '=', addedBy(READER)).execute()).toEqual([{ added_by: FORGOTTEN_PERSON }]);
  });

  it('an editor who forgets their reader data stays an editor: their admins row, broadcasts and audit trail are kept', async () => {
    world.api.addUser({ id: EDITOR, first_name: 'Editor' });
    await seedEverything(EDITOR);
    await addAdmin(db, EDITOR, 'Editor', CHIEF, world.clock.now());

    await forgetThroughBot(EDITOR);

    expect(await world.subscriber(EDITOR)).toBeUndefined();
    expect((await tablesHolding(EDITOR)).sort()).toEqual(['admins', 'audit_log', 'broadcasts']);
    expect(await db.selectFrom('audit_log').select('action').where('actor_id', '=', EDITOR).orderBy('id').execute()).toEqual([
      { action: 'breaking.send' },
      { action: 'admin.add' },
      { action: 'refused' },
    ]);
  });
});
