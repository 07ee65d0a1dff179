/** The taxonomy folder: complete, consistent, and validated with errors that name file and field. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTaxonomyDir, loadTaxonomy } from '../../src/news/understand/index.js';
import { taxonomy } from './helpers.js';

const REGIONS = ['south-caucasus', 'central-asia', 'russia', 'eastern-europe', 'europe', 'turkiye', 'iran', 'middle-east', 'south-asia', 'east-asia', 'north-america', 'africa', 'latin-america', 'international-organisations'];
const TOPICS = ['politics', 'diplomacy', 'security-defence', 'energy', 'economy-business', 'society', 'climate-environment', 'health', 'science-technology', 'culture', 'sport'];

describe('the shipped taxonomy', () => {
  it('is found at the top-level taxonomy/ folder', () => {
    expect(basename(defaultTaxonomyDir())).toBe('taxonomy');
    expect(readFileSync(join(dirname(defaultTaxonomyDir()), 'package.json'), 'utf8')).toContain('"herald"');
  });

  it('has the sections, topics and regions of the product', () => {
    expect(taxonomy.sections.map((s) => s.id).sort()).toEqual(['analytics', 'breaking', 'interview', 'news', 'opinion']);
    expect(taxonomy.topics.map((t) => t.id).sort()).toEqual([...TOPICS].sort());
    expect(taxonomy.regions.map((r) => r.id).sort()).toEqual([...REGIONS].sort());
  });

  it('has CamelCase hashtags and labels in both languages', () => {
    for (const x of [...taxonomy.topics, ...taxonomy.regions]) {
      expect(x.hashtag).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(x.label.en).not.toBe('');
      expect(x.label.ru).toMatch(/\p{Script=Cyrillic}/u);
    }
    expect(taxonomy.regions.find((r) => r.id === 'south-caucasus')!.hashtag).toBe('SouthCaucasus');
    expect(taxonomy.topics.find((t) => t.id === 'energy')!.hashtag).toBe('Energy');
  });

  it('builds countries on world-countries, with Russian names and the additions', () => {
    expect(taxonomy.countries.length).toBeGreaterThan(190);
    const az = taxonomy.countries.find((c) => c.code === 'AZ')!;
    expect(az.name).toEqual({ en: 'Azerbaijan', ru: 'Азербайджан' });
    expect(az.regions).toEqual(['south-caucasus']);
    expect(az.places.en).toEqual(expect.arrayContaining(['Baku', 'Karabakh', 'Khankendi', 'Shusha', 'Zangilan', 'Kalbajar', 'Lachin', 'Nakhchivan', 'Zangezur']));
    const tr = taxonomy.countries.find((c) => c.code === 'TR')!;
    expect(tr.names.en).toEqual(expect.arrayContaining(['Türkiye', 'Turkey']));
    expect(taxonomy.countries.find((c) => c.code === 'RU')!.places.en).toEqual(expect.arrayContaining(['Chechnya', 'North Caucasus']));
    expect(taxonomy.countries.find((c) => c.code === 'PS')!.places.en).toEqual(expect.arrayContaining(['Gaza', 'West Bank']));
    expect(taxonomy.countries.find((c) => c.code === 'RU')!.metonyms.en).toContain('Kremlin');
    expect(taxonomy.organisations.find((o) => o.id === 'taliban')).toMatchObject({ country: 'AF', regions: ['south-asia'] });
    for (const c of taxonomy.countries) expect(c.name.ru, c.code).toMatch(/\p{Script=Cyrillic}/u);
  });

  it('puts every country of a region into the country list', () => {
    const codes = new Set(taxonomy.countries.map((c) => c.code));
    for (const r of taxonomy.regions) for (const code of r.countries) expect(codes.has(code), `${r.id}: ${code}`).toBe(true);
  });
});

describe('validation', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function brokenCopy(file: string, edit: (json: any) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
    dirs.push(dir);
    cpSync(defaultTaxonomyDir(), dir, { recursive: true });
    const path = join(dir, file);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    edit(json);
    writeFileSync(path, JSON.stringify(json));
    return dir;
  }

  it('names the file and the field of a schema error', () => {
    const dir = brokenCopy('topics.json', (j) => (j.topics[3].hashtag = '#Energy'));
    expect(() => loadTaxonomy(dir)).toThrow(/topics\.json: topics\.3\.hashtag: must be CamelCase/);
  });

  it('names the file and field of an unknown country code', () => {
    const dir = brokenCopy('regions.json', (j) => j.regions[0].countries.push('XY'));
    expect(() => loadTaxonomy(dir)).toThrow(/regions\.json: regions\[0\]\.countries\[3\]: unknown or excluded country code "XY"/);
  });

  it('reports unknown keys, duplicate ids and bad JSON', () => {
    expect(() => loadTaxonomy(brokenCopy('sections.json', (j) => (j.sections[0].colour = 'red')))).toThrow(/sections\.json: sections\.0: Unrecognized key/);
    expect(() => loadTaxonomy(brokenCopy('topics.json', (j) => j.topics.push(j.topics[0])))).toThrow(/topics\.json: topics\[11\]\.id: duplicate id "politics"/);
    expect(() => loadTaxonomy(brokenCopy('people.json', (j) => (j.people[0].roles[0].organisation = 'nobody')))).toThrow(
      /people\.json: people\[0\]\.roles\[0\]\.organisation: unknown organisation "nobody"/,
    );
    expect(() => loadTaxonomy(brokenCopy('people.json', (j) => (j.people[0].roles[0].from = '2003-31-10')))).toThrow(/people\.json: people\.0\.roles\.0\.from: must be a date/);
    expect(() => loadTaxonomy(brokenCopy('people.json', (j) => (j.people[0].roles[0].to = '1990-01-01')))).toThrow(/people\.json: people\[0\]\.roles\[0\]\.to: ends \(1990-01-01\) before it starts/);
    expect(() => loadTaxonomy(brokenCopy('organisations.json', (j) => (j.organisations[0].topics = ['gossip'])))).toThrow(/organisations\.json: organisations\[0\]\.topics\[0\]: unknown topic "gossip"/);
    expect(() => loadTaxonomy(brokenCopy('topics.json', (j) => (j.topics[4].subsumes = { weather: 1 })))).toThrow(/topics\.json: topics\[4\]\.subsumes\.weather: unknown or same topic/);
    const dir = brokenCopy('organisations.json', () => undefined);
    writeFileSync(join(dir, 'organisations.json'), '{ not json');
    expect(() => loadTaxonomy(dir)).toThrow(/organisations\.json: .*JSON/);
  });
});
