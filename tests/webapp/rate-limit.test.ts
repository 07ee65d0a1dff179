// Per-user rate limits on the Mini App's API, as in the bot: each request draws on the user's
// allowance of button presses, kept in the database, so it holds across every Herald instance
// and across the bot and the pages (a flood split between them, or between two instances behind
// one address, gets no more than one allowance).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSubscriber } from '../../src/stores/subscribers.js';
import { initDataKey } from '../../src/web/init-data.js';
import { createWebApp } from '../../src/web/web-app.js';
import { loadTaxonomy } from '../../src/news/understand/load-taxonomy.js';
import { Clock } from '../helpers/clock.js';
import { ensurePagesBuilt, startWebWorld, type WebWorld } from './support.js';

// The bot's allowance in this world: 2 messages at once, then one every 2 s; presses (and page
// requests) three times that: 6 at once, then 1.5 a second.
const RATE_LIMIT = { burst: 2, perSecond: 0.5 };
const PRESS_BURST = 6;

let web: WebWorld;
let second: Server;
let secondBase: string;

beforeAll(async () => {
  await ensurePagesBuilt();
  // A clock that stands still: allowances refill only when the test moves it.
  web = await startWebWorld({ sender: false, rateLimit: RATE_LIMIT, clock: new Clock() });
  // A second Herald instance's Mini App on the same database (what a load balancer's other backend serves).
  const other = createWebApp(
    { path: '/app', key: initDataKey(web.world.env.BOT_TOKEN!), rateLimit: { burst: RATE_LIMIT.burst * 3, perSecond: RATE_LIMIT.perSecond * 3 } },
    { db: web.world.db, logger: web.world.logger, taxonomy: loadTaxonomy(), now: web.world.clock.now },
  );
  second = createServer((req, res) => void other.handle(req, res));
  await new Promise<void>((resolve) => second.listen(0, '127.0.0.1', () => resolve()));
  secondBase = `http://127.0.0.1:${(second.address() as { port: number }).port}/app`;
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => (second ? second.close(() => resolve()) : resolve()));
  await web?.close();
});

const onSecond = async (initData: string) => (await fetch(`${secondBase}/api/me`, { headers: { authorization: `tma ${initData}` } })).status;

describe('the Mini App’s per-user rate limit', () => {
  it('refuses a flood with 429 once the allowance is spent, serves other users meanwhile, and refills with time', async () => {
    const reader = web.world.api.addUser({ first_name: 'Flood' });
    const other = web.world.api.addUser({ first_name: 'Calm' });
    await web.subscribe(reader);
    await web.subscribe(other);
    const initData = web.sign(reader);
    const statuses: number[] = [];
    for (let i = 0; i < PRESS_BURST + 4; i++) statuses.push((await web.api('GET', 'me', { initData })).status);
    expect(statuses).toEqual([...Array(PRESS_BURST).fill(200), 429, 429, 429, 429]);
    const refused = await web.api('PUT', 'settings', { initData, body: { version: 0 } });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ error: 'rate-limited' });
    expect((await web.api('GET', 'me', { initData: web.sign(other) })).status).toBe(200);
    // A second later, 1.5 more: one request.
    web.world.clock.advance(1000);
    expect((await web.api('GET', 'me', { initData })).status).toBe(200);
    expect((await web.api('GET', 'me', { initData })).status).toBe(429);
  });

  it('holds across two Herald instances: requests split between them get one allowance, not two', async () => {
    const reader = web.world.api.addUser({ first_name: 'Split' });
    await web.subscribe(reader);
    const initData = web.sign(reader);
    const statuses: number[] = [];
    for (let i = 0; i < PRESS_BURST + 2; i++) statuses.push(i % 2 === 0 ? (await web.api('GET', 'me', { initData })).status : await onSecond(initData));
    expect(statuses).toEqual([...Array(PRESS_BURST).fill(200), 429, 429]);
    web.world.clock.advance(2000); // three more, whichever instance answers
    expect([await onSecond(initData), await web.api('GET', 'me', { initData }).then((r) => r.status), await onSecond(initData), await onSecond(initData)]).toEqual([200, 200, 200, 429]);
  });

  it('gives requests arriving at once, at both instances, no more than the allowance between them', async () => {
    const reader = web.world.api.addUser({ first_name: 'Burst' });
    await web.subscribe(reader);
    const initData = web.sign(reader);
    const statuses = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? web.api('GET', 'me', { initData }).then((r) => r.status) : onSecond(initData))));
    expect(statuses.filter((s) => s === 200)).toHaveLength(PRESS_BURST);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16 - PRESS_BURST);
  });

  it('is the same allowance as the user’s button presses in the bot: page requests leave a flood of presses no more room', async () => {
    const reader = web.world.api.addUser({ first_name: 'Both' });
    await web.subscribe(reader);
    const [menu] = await web.world.command(reader.id, 'topics');
    expect(menu?.text).toBeTruthy();
    const initData = web.sign(reader);
    for (let i = 0; i < PRESS_BURST; i++) expect((await web.api('GET', 'me', { initData })).status).toBe(200);
    // The allowance is spent on the page: a press in the chat is answered "too many" and changes nothing.
    const answers = web.world.api.callsOf('answerCallbackQuery').length;
    await web.world.press(reader.id, menu!, { text: 'Energy' });
    const answer = web.world.api.callsOf('answerCallbackQuery').slice(answers);
    expect(answer.map((c) => c.params.text)).toEqual(['Too many commands at once. Please wait a few seconds.']);
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual([]);
    // With time the press works again, and then the page is refused until the bucket refills.
    web.world.clock.advance(1000);
    await web.world.press(reader.id, web.world.current(menu!), { text: 'Energy' });
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual(['energy']);
    expect((await web.api('GET', 'me', { initData })).status).toBe(429);
  });
});
