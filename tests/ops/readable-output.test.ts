/**
 * Output a person reads: on a terminal (or with LOG_FORMAT=pretty) preview posts are text
 * and logs go through pino-pretty; elsewhere both stay JSON. Secrets are scrubbed either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatItemPost } from '../../src/delivery/format-post.js';
import { htmlToText, previewFields, renderPostText, type PreviewPost } from '../../src/delivery/preview-transport.js';
import { chooseLogFormat, createLogger } from '../../src/logger.js';
import { captureLog } from '../helpers/log-capture.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { runHeraldOnce } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const TOKEN = '987654321:AAreadable-output-token_secret_abc';
const PASSWORD = 'pretty-s3cret-pw';

describe('the output format', () => {
  it('is pretty on a terminal and JSON anywhere else, unless LOG_FORMAT says which', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });
});

describe('pretty logs', () => {
  it('are readable lines made by pino-pretty from the scrubbed JSON: no token or password, errors kept', () => {
    const log = captureLog();
    const logger = createLogger({ level: 'info', secrets: [TOKEN, PASSWORD], destination: log.destination, format: 'pretty', color: false });
    logger.info({ feeds: 3 }, 'Herald running');
    logger.child({ part: 'poll' }).error({ err: new Error(`request to /bot${TOKEN}/getMe failed`, { cause: new Error(`password ${PASSWORD} refused`) }) }, 'poll failed');
    const text = log.raw.join('');
    expect(log.raw.every((line) => !line.trimStart().startsWith('{'))).toBe(true);
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: Herald running \{"feeds":3\}\n/);
    expect(text).toMatch(/ERROR: poll failed/);
    expect(text).toContain('request to /bot[redacted]/getMe failed');
    expect(text).toContain('password [redacted] refused');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PASSWORD);
  });

  it('JSON stays the default', () => {
    const log = captureLog();
    createLogger({ level: 'info', destination: log.destination }).info({ feeds: 3 }, 'Herald running');
    expect(log.lines()[0]).toMatchObject({ level: 30, msg: 'Herald running', feeds: 3 });
  });
});

describe('a preview post as text', () => {
  const item = {
    title: 'Pipeline deal & a “quote” signed in <Baku>',
    summary: 'The two sides agreed on the route.\n\nConstruction starts next year.',
    section: 'analytics',
    author: 'Leyla Hasanova',
    url: 'https://outlet.example/news/1',
    imageUrl: null,
    topics: ['energy'],
    regions: ['south-caucasus'],
  };
  const post = (): PreviewPost => ({ kind: 'post', messageId: 4, message: formatItemPost(item, 'preview') });

  it('shows section label, title, byline, summary, tags and link, without HTML', () => {
    const text = renderPostText(post(), { color: false });
    expect(text).toBe(
      [
        '',
        `── post 4 to channel ${'─'.repeat(43)}`,
        '📊 Analytics',
        '',
        'Pipeline deal & a “quote” signed in <Baku>',
        'By Leyla Hasanova',
        '',
        'The two sides agreed on the route.',
        '',
        'Construction starts next year.',
        '',
        '#SouthCaucasus #Energy',
        '[Read more] https://outlet.example/news/1',
        '',
      ].join('\n'),
    );
  });

  it('on a colour terminal the title is bold and the byline italic', () => {
    const text = renderPostText(post(), { color: true });
    expect(text).toContain('\x1b[1mPipeline deal & a “quote” signed in <Baku>\x1b[22m');
    expect(text).toContain('\x1b[3mBy Leyla Hasanova\x1b[23m');
  });

  it('keeps a link’s address and a photo’s', () => {
    expect(htmlToText('See <a href="https://a.example/x?a=1&amp;b=2">the report</a>.', false)).toBe('See the report (https://a.example/x?a=1&b=2).');
    const photo = renderPostText({ kind: 'edit', messageId: 9, message: { chatId: '-1001', html: '<b>T</b>', photoUrl: 'https://img.example/1.jpg' } }, { color: false });
    expect(photo).toContain('── edit of message 9 in chat -1001');
    expect(photo).toContain('🖼  https://img.example/1.jpg');
  });

  it('as JSON: the post as it would be sent', () => {
    expect(previewFields(post())).toMatchObject({ preview: 'post', chatId: 'preview', messageId: 4, html: expect.stringContaining('<b>Pipeline deal &amp; a “quote” signed in &lt;Baku&gt;</b>'), buttons: [{ text: 'Read more', url: 'https://outlet.example/news/1' }] });
  });
});

describe('the real Herald in preview mode (npm start -- --once)', () => {
  let feeds: FakeFeedServer;
  let testDb: TestDb;
  // The database's own password, or ours where the server trusts loopback and ignores it.
  let databaseUrl: string;
  let password: string;

  beforeAll(async () => {
    feeds = await startFakeFeedServer();
    testDb = await createTestDb();
    const url = new URL(testDb.url);
    if (!url.password) url.password = PASSWORD;
    databaseUrl = url.toString();
    password = decodeURIComponent(url.password);
    feeds.setFeed('/rss.xml', {
      title: 'Outlet',
      language: 'en',
      items: [{ guid: 'a', title: `Leaked ${password} in a headline`, link: feeds.url('/a'), description: 'A lead long enough to be the whole story. '.repeat(10), pubDate: new Date(Date.now() - 60_000) }],
    });
  });
  afterAll(async () => {
    await feeds?.close();
    await testDb?.close();
  });

  const env = () => ({ DATABASE_URL: databaseUrl, FEEDS: feeds.url('/rss.xml'), PORT: '0' });

  it('LOG_FORMAT=pretty: the post as text and readable log lines, the password scrubbed from both', async () => {
    const run = await runHeraldOnce({ ...env(), LOG_FORMAT: 'pretty' });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/── post 1 to channel ─+\n📰 News\n\nLeaked \[redacted\] in a headline\n/);
    expect(run.stdout).toMatch(/\] INFO: preview mode: no BOT_TOKEN set/);
    expect(run.stdout).not.toContain(password);
    expect(run.stdout.split('\n').some((line) => line.startsWith('{'))).toBe(false);
  });

  it('not a terminal and no LOG_FORMAT: every line is JSON, the post one of them', async () => {
    await testDb.reset();
    const run = await runHeraldOnce(env());
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const lines = run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === 'preview post')).toMatchObject({ preview: 'post', chatId: 'preview', html: expect.stringContaining('Leaked [redacted] in a headline') });
    expect(run.stdout).not.toContain(password);
  });
});
