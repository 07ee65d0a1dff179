/**
 * Fault: Telegram accepts the long poll's connection and never answers getUpdates. grammY's
 * own request timeout is 500 s, so without a bound of Herald's the bot would hear nothing for
 * eight minutes; Herald's bot gives an unanswered poll up a little after the long-poll timeout
 * (longPollSeconds + 10 s; 30 + 10 in production, 1 + 10 here) and the runner polls again:
 * readers' updates flow again without restarting Herald, none lost, none handled twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import { Faults } from '../helpers/fake-bot-api.js';
import { measureFault, type FaultWorld } from './support.js';

let world: AppWorld;

beforeAll(async () => {
  // A one-second long poll, so the bot's requests time out after 11 s rather than Herald's 40.
  world = await startAppWorld({ feeds: [], editor: false, longPollSeconds: 1 });
  await world.start();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('long polling when Telegram never answers getUpdates', () => {
  it('gives the hung poll up, polls again, and the updates sent meanwhile are handled once', async () => {
    const { api } = world;
    const app = world.app;
    const reader = api.addUser({ first_name: 'Aysel' });
    const [welcome] = await world.command(reader.id, 'start');
    expect(welcome).toBeDefined();

    // The figures bench/faults.ts reports: the update sent during the hang answered (lost 0) once (duplicates 0).
    const before = api.sentTo(reader.id).length;
    const answersToHelp = () => api.sentTo(reader.id).length - before;
    const figuresOf = { world, tally: () => ({ lost: answersToHelp() === 0 ? 1 : 0, duplicates: Math.max(0, answersToHelp() - 1) }) } as unknown as FaultWorld;
    const measured = measureFault(figuresOf, 'Telegram never answers getUpdates (long poll 1 s, so the bot gives up at 11 s; 40 s in production)');

    // The next getUpdates is accepted and never answered; Telegram answers the ones after it again.
    const silence = api.failNext('getUpdates', 1, Faults.hang());
    const hung = await api.waitForCall('getUpdates', (c) => c.fault === 'hang');
    measured.ended();
    const update = api.sendCommand(reader.id, 'help'); // queued at Telegram while the poll hangs
    expect(api.sentTo(reader.id)).toHaveLength(before);

    // Herald gives the hung poll up by itself and polls again: the queued update is handled.
    await world.handled(update, { timeoutMs: 30_000, message: 'the update sent during the hang to be handled' });
    expect(silence.remaining).toBe(0);
    expect(hung.outcome).toBe('client-gone');
    const after = api.callsOf('getUpdates').filter((c) => c.at > hung.at);
    expect(after.some((c) => c.status === 200)).toBe(true);
    // The same Herald throughout, and the update handled once: one answer to /help.
    expect(world.app).toBe(app);
    expect(answersToHelp()).toBe(1);

    // And it keeps flowing: a later update is handled too.
    await measured.record([], 0);
    await world.command(reader.id, 'help');
    expect(answersToHelp()).toBe(2);
  }, 60_000);
});
