import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

describe('configuration', () => {
  it('runs in preview mode with sensible defaults when nothing is set', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.preview).toBe(true);
    expect(result.config.botApiRoot).toBe('https://api.telegram.org');
    expect(result.config.feeds).toEqual(['https://caliber.az/rss.xml']);
    expect(result.config.pollCron).toBe('* * * * *');
    expect(result.config.sendRate).toBe(30);
    expect(result.config.channelRate).toBe(20);
    expect(result.config.dataDir).toBe('./data');
  });

  it('reads every variable of the design table', () => {
    const result = parseConfig({
      BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc',
      BOT_API_ROOT: 'http://127.0.0.1:8081/',
      CHANNEL_ID: '@caliber_news',
      ADMIN_IDS: '11, 22',
      DATABASE_URL: 'postgres://herald:secret@db:5432/herald',
      DATA_DIR: '/var/lib/herald',
      FEEDS: 'https://a.example/rss.xml, https://b.example/feed',
      POLL_CRON: '*/5 * * * *',
      SEND_RATE: '30',
      CHANNEL_RATE: '10',
      PORT: '9000',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      preview: false,
      botApiRoot: 'http://127.0.0.1:8081',
      channelId: '@caliber_news',
      adminIds: [11, 22],
      databaseUrl: 'postgres://herald:secret@db:5432/herald',
      feeds: ['https://a.example/rss.xml', 'https://b.example/feed'],
      pollCron: '*/5 * * * *',
      sendRate: 30,
      channelRate: 10,
      port: 9000,
    });
  });

  it('lists every problem at once, each naming its variable', () => {
    const result = parseConfig({
      BOT_TOKEN: 'not-a-token',
      CHANNEL_ID: 'my channel',
      ADMIN_IDS: '12,abc',
      DATABASE_URL: 'mysql://x',
      FEEDS: 'ftp://example.com/feed',
      POLL_CRON: 'every minute',
      SEND_RATE: 'fast',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const named = result.problems.map((p) => p.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining(['BOT_TOKEN', 'CHANNEL_ID', 'ADMIN_IDS', 'DATABASE_URL', 'FEEDS', 'POLL_CRON', 'SEND_RATE']),
    );
    expect(result.problems.find((p) => p.startsWith('SEND_RATE'))).toMatch(/number/);
  });

  it('requires a secret and a token for webhook mode', () => {
    const result = parseConfig({ WEBHOOK_URL: 'https://bot.example/hook' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toMatch(/WEBHOOK_URL: needs BOT_TOKEN/);
    expect(result.problems.join('\n')).toMatch(/WEBHOOK_SECRET: required/);
  });
});
