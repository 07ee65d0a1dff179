/** Summaries: whole sentences, in order, within the budget, with no furniture, title or dangling quote. */
import { describe, expect, it } from 'vitest';
import { createFurnitureMatcher, summarize, summaryProblems } from '../../src/news/understand/index.js';
import { taxonomy } from './helpers.js';

const furniture = taxonomy.furniture;
const matcher = createFurnitureMatcher(furniture);
const body = [
  'Azerbaijan and Kazakhstan agreed on Tuesday to set up a joint container shipping company on the Caspian Sea, the two transport ministries said.',
  'Read also: Kazakhstan orders new ferries',
  'The company will operate six new vessels from the ports of Alat and Aktau from next year.',
  'Follow Caliber.Az on Telegram to stay up to date with the latest news.',
  'Officials said the venture would cut waiting times for containers on the Middle Corridor by half. The U.S. Trade and Development Agency funded the feasibility study, Mr. Nurlan Sauranbayev said.',
  '12 June 2025, 10:45',
  'Freight on the route has tripled since 2021, but ports remain the main bottleneck. Both governments promised to finance the first two ships.',
  'Latest news\nPrice of Azeri Light oil falls\nAliyev receives US envoy',
].join('\n\n');

describe('summarize', () => {
  const summary = summarize({ title: 'Azerbaijan and Kazakhstan set up Caspian shipping company', text: body, furniture, language: 'en' });

  it('picks two or three whole sentences within the default budget of 500', () => {
    expect(summary.length).toBeLessThanOrEqual(500);
    const sentences = summary.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
    for (const s of sentences) expect(body).toContain(s);
  });

  it('keeps the original order', () => {
    const sentences = summary.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
    const positions = sentences.map((s) => body.indexOf(s));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('has no furniture and no defects', () => {
    expect(summary).not.toMatch(/Read also|Follow|Latest news|10:45|Telegram/);
    expect(summaryProblems(summary, 'Azerbaijan and Kazakhstan set up Caspian shipping company', matcher)).toEqual([]);
  });

  it('does not split at U.S. or Mr.', () => {
    const s = summarize({ title: 'x', text: 'The U.S. Trade and Development Agency funded the feasibility study, Mr. Nurlan Sauranbayev said on Monday.', furniture });
    expect(s).toBe('The U.S. Trade and Development Agency funded the feasibility study, Mr. Nurlan Sauranbayev said on Monday.');
  });

  it('respects a small budget without ending mid-sentence', () => {
    const s = summarize({ title: 'x', text: body, budget: 200, furniture });
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s).toMatch(/[.!?]$/);
  });

  it('cuts a single over-long sentence at a word, with an ellipsis', () => {
    const long = 'The ministers of transport, energy and economy of the five Central Asian states met in Tashkent on Friday to discuss ' + 'a long list of projects, '.repeat(30) + 'and agreed to meet again.';
    const s = summarize({ title: 'x', text: long, budget: 300 });
    expect(s.length).toBeLessThanOrEqual(300);
    expect(s.endsWith('…')).toBe(true);
    expect(s).not.toMatch(/[\s,]…$/);
    expect(long.startsWith(s.slice(0, -1))).toBe(true);
  });

  it('never leaves a quotation open when cutting', () => {
    const long = 'The minister said: "We will build ' + 'new roads, bridges and railways, '.repeat(25) + 'and we will finish on time."';
    const s = summarize({ title: 'x', text: long, budget: 200 });
    expect(s.endsWith('…')).toBe(true);
    expect((s.match(/"/g) ?? []).length % 2).toBe(0);
  });

  it('does not repeat the title and strips the outlet attribution', () => {
    const lead = 'Aliyev receives Kazakh foreign minister. President Ilham Aliyev received Kazakhstan’s foreign minister on Monday to discuss the Middle Corridor, Caliber.Az reports, citing the presidential press service.';
    const s = summarize({ title: 'Aliyev receives Kazakh foreign minister', text: lead, furniture });
    expect(s).toBe('President Ilham Aliyev received Kazakhstan’s foreign minister on Monday to discuss the Middle Corridor.');
  });

  it('strips Russian attribution and summarises Russian text', () => {
    const text = 'Президент Азербайджана Ильхам Алиев принял делегацию Всемирного банка, обсудив финансирование проектов в Карабахе, сообщает Caliber.Az со ссылкой на пресс-службу президента. Стороны договорились о новой программе кредитования.';
    const s = summarize({ title: 'Алиев принял делегацию', text, furniture, language: 'ru' });
    expect(s).toBe('Президент Азербайджана Ильхам Алиев принял делегацию Всемирного банка, обсудив финансирование проектов в Карабахе. Стороны договорились о новой программе кредитования.');
  });

  it('skips sentences with an unclosed quote and interview questions', () => {
    const text = '“We will not stop,” he said, adding that the work would go on.\n\n— What comes next for the region and its economy?\n\n"The talks were hard. The minister said the deal is close and could be signed within weeks.';
    const s = summarize({ title: 'x', text });
    expect(s).toBe('“We will not stop,” he said, adding that the work would go on. The minister said the deal is close and could be signed within weeks.');
  });

  it('accepts markup and returns plain text', () => {
    const s = summarize({ title: 'x', text: '<p>The first paragraph explains what happened in <b>Baku</b> on Monday morning.</p><p>The second one adds the reaction from Yerevan &amp; Tbilisi.</p>' });
    expect(s).toBe('The first paragraph explains what happened in Baku on Monday morning. The second one adds the reaction from Yerevan & Tbilisi.');
  });

  it('returns an empty string when nothing is left', () => {
    expect(summarize({ title: 'Title', text: 'Title' })).toBe('');
    expect(summarize({ title: 'x', text: 'Read also: something\n\nShare' })).toBe('');
  });
});

describe('summaryProblems', () => {
  it('flags cut sentences, repeated titles, open quotes and furniture', () => {
    const title = 'Aliyev receives envoy';
    expect(summaryProblems('Aliyev receives envoy. He said more.', title, matcher)).toContain('repeats the title');
    expect(summaryProblems('The talks went on and on and', title, matcher)).toContain('ends mid-sentence');
    expect(summaryProblems('First sentence here. Second one is cut…', title, matcher)).toContain('ends mid-sentence');
    expect(summaryProblems('One long sentence cut at a word…', title, matcher)).toEqual([]);
    expect(summaryProblems('He said: "We will win. Then he left.', title, matcher)).toContain('unbalanced quotes');
    expect(summaryProblems('The talks ended. Read also: the next round.', title, matcher)).toContain('contains furniture');
  });
});
