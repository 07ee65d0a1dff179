/** Article extraction from saved pages: main text kept, furniture dropped, byline and section read. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/news/understand/index.js';
import { labelledDir, taxonomy } from './helpers.js';

const page = (name: string) => readFileSync(join(labelledDir, 'pages', name), 'utf8');
const FURNITURE = /Read also|Related news|Latest news|Most read|Subscribe|Share|Views:|Copy link|All rights reserved|Читайте также|Подписывайтесь|Поделиться|Лента новостей|Теги|\d{1,2}:\d{2}/;

describe('extractArticle', () => {
  for (const rules of [taxonomy.furniture, undefined]) {
    const label = rules ? 'with the outlet furniture' : 'with generic rules only';

    it(`keeps the article and drops furniture (${label})`, () => {
      const a = extractArticle(page('en-analysis-caspian-ports.html'), 'https://example.com/a', rules)!;
      expect(a.text).toContain('The port of Baku at Alat handled a record 7.2 million tonnes');
      expect(a.text).toContain('will depend on how quickly all the links of the chain are upgraded.');
      expect(a.text).not.toMatch(FURNITURE);
      expect(a.text).not.toContain('Netanyahu addresses the Knesset'); // a sidebar headline
      expect(a.text.split('\n\n')).toHaveLength(5);
    });

    it(`reads byline, section and title (${label})`, () => {
      expect(extractArticle(page('en-analysis-caspian-ports.html'), 'https://example.com/a', rules)).toMatchObject({
        author: 'Orkhan Mammadli',
        section: 'Analytics',
        title: 'Caspian ports race to keep up with the Middle Corridor',
      });
      expect(extractArticle(page('en-interview-energy.html'), 'https://example.com/b', rules)).toMatchObject({
        author: 'Sabina Aliyeva',
        section: 'Interview',
        title: '"Gas will remain Europe\'s bridge fuel for two decades"',
      });
    });
  }

  it('handles a Russian page', () => {
    const a = extractArticle(page('ru-news-baku-forum.html'), 'https://example.com/c', taxonomy.furniture)!;
    expect(a.author).toBe('Лейла Гасымова');
    expect(a.section).toBe('Политика');
    expect(a.title).toBe('В Баку стартовал форум по безопасности Центральной Азии и Кавказа');
    expect(a.text).toContain('Форум продлится два дня.');
    expect(a.text).not.toMatch(FURNITURE);
  });

  it('returns null when the page has no article', () => {
    const html = '<html><head><title>Home | Site</title></head><body><nav><a href="/">Home</a></nav><ul><li><a href="/1">One headline</a></li><li><a href="/2">Another headline</a></li></ul></body></html>';
    expect(extractArticle(html, 'https://example.com/', taxonomy.furniture)).toBeNull();
  });

  it('reads JSON-LD authors and strips "By"', () => {
    const paragraphs = Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i + 1} of a long report on the Caspian ports and the ferries that link them, with enough words to be an article.</p>`).join('');
    const html = `<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":[{"@type":"Person","name":"Aysel Karimova"}],"articleSection":"Economy"}]}</script></head><body><article><h1>Ports</h1>${paragraphs}</article></body></html>`;
    expect(extractArticle(html, 'https://example.com/d')).toMatchObject({ author: 'Aysel Karimova', section: 'Economy' });
  });
});
