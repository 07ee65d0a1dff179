/**
 * An editor's open question ("forward me a message of the new editor", "send the breaking
 * text") is answered only by someone who is an editor when the answer comes, and only for
 * 15 minutes; removing an editor clears it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAdmin, isAdmin, listAdmins } from '../../src/stores/admins.js';
import { startWorld, type World } from '../subscribers/support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('pending editor dialogue steps', () => {
  let chief: number;
  let deputy: number;
  beforeEach(async () => {
    await world.testDb.reset();
    chief = world.api.addUser({ first_name: 'Chief' }).id;
    deputy = world.api.addUser({ first_name: 'Deputy' }).id;
    await addAdmin(world.db, chief, 'Chief', chief, world.clock.now());
    await addAdmin(world.db, deputy, 'Deputy', chief, world.clock.now());
  });

  it('a removed editor cannot finish "/admins add" by forwarding a message afterwards', async () => {
    const [ask] = await world.command(deputy, 'admins', { args: 'add' });
    expect(ask?.text).toContain('Forward me any message');
    const [removed] = await world.command(chief, 'admins', { args: `remove ${deputy}` });
    expect(removed?.text).toBe(`${deputy} is no longer an editor.`);

    // The former editor forwards one of their own messages, and one of an accomplice's.
    const accomplice = world.api.addUser({ first_name: 'Accomplice' }).id;
    for (const fromUser of [deputy, accomplice]) {
      await world.handled(world.api.forwardToBot(deputy, { fromUser, text: 'hi' }));
    }
    expect(await isAdmin(world.db, deputy)).toBe(false);
    expect(await isAdmin(world.db, accomplice)).toBe(false);
    expect(world.api.sentTo(deputy).some((m) => m.text?.includes('is now an editor'))).toBe(false);
  });

  it('a removed editor’s open question is gone even if they are made an editor again', async () => {
    await world.command(deputy, 'breaking');
    await world.command(chief, 'admins', { args: `remove ${deputy}` });
    await world.command(chief, 'admins', { args: `add ${deputy}` });
    // Plain text is now just text: no breaking-news draft is opened from it.
    await world.text(deputy, 'Markets crash');
    expect(await world.db.selectFrom('broadcasts').selectAll().execute()).toEqual([]);
  });

  it('an open question lapses after 15 minutes', async () => {
    const newcomer = world.api.addUser({ first_name: 'Newcomer' }).id;
    await world.command(chief, 'admins', { args: 'add' });
    world.clock.advance(16 * 60_000);
    await world.handled(world.api.forwardToBot(chief, { fromUser: newcomer, text: 'hello' }));
    expect((await listAdmins(world.db)).map((a) => a.userId).sort()).toEqual([chief, deputy].sort());

    await world.command(chief, 'breaking');
    world.clock.advance(16 * 60_000);
    await world.text(chief, 'An old thought');
    expect(await world.db.selectFrom('broadcasts').selectAll().execute()).toEqual([]);

    // Within the 15 minutes the same steps work.
    await world.command(chief, 'admins', { args: 'add' });
    world.clock.advance(14 * 60_000);
    const before = world.api.sentTo(chief).length;
    await world.handled(world.api.forwardToBot(chief, { fromUser: newcomer, text: 'hello' }));
    expect(world.api.sentTo(chief).slice(before).map((m) => m.text)).toEqual([expect.stringContaining('is now an editor')]);
  });
});

describe('a stranger flooding editors’ commands', () => {
  let flooded: World;
  beforeAll(async () => {
    // Herald's default allowance: 8 messages at once, then one every 2 s. The world's clock stands still.
    flooded = await startWorld({ rateLimit: { burst: 8, perSecond: 0.5 } });
  });
  afterAll(async () => {
    await flooded.close();
  });

  it('40 refused /stats cost at most the allowance in answers and one audit row', async () => {
    const stranger = flooded.api.addUser({ first_name: 'Mallory' }).id;
    const updates = Array.from({ length: 40 }, () => flooded.api.sendCommand(stranger, 'stats'));
    await flooded.handled(updates);
    const answers = flooded.api.sentTo(stranger).map((m) => m.text);
    expect(answers.filter((t) => t === 'Sorry, /stats is only for Herald’s editors.')).toHaveLength(8);
    expect(answers.filter((t) => t?.includes('Too many'))).toHaveLength(1);
    expect(answers).toHaveLength(9);
    const audited = await flooded.db.selectFrom('audit_log').selectAll().where('actor_id', '=', stranger).execute();
    expect(audited).toHaveLength(1);

    // A minute later the stranger is answered again, and audited again.
    flooded.clock.advance(61_000);
    const [again] = await flooded.command(stranger, 'stats');
    expect(again?.text).toBe('Sorry, /stats is only for Herald’s editors.');
    expect(await flooded.db.selectFrom('audit_log').selectAll().where('actor_id', '=', stranger).execute()).toHaveLength(2);
  });
});
