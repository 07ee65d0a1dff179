/**
 * The labelled evaluation set meets the product's aims: region micro-F1 ≥ 0.90, topic
 * micro-F1 ≥ 0.85, and no summary with furniture, a cut sentence or the title repeated.
 */
import { describe, expect, it } from 'vitest';
import { createFurnitureMatcher, evaluate, extractArticle, loadLabelledSet, scoreLabels, summarize } from '../../src/news/understand/index.js';
import { classify, labelledDir, taxonomy } from './helpers.js';

const items = loadLabelledSet(labelledDir);
const report = evaluate(items, {
  classify,
  summarize: (input) => summarize({ ...input, furniture: taxonomy.furniture }),
  extract: (html, url) => extractArticle(html, url, taxonomy.furniture),
  furniture: createFurnitureMatcher(taxonomy.furniture),
});

describe('the labelled set', () => {
  it('is large and varied enough', () => {
    expect(items.length).toBeGreaterThanOrEqual(80);
    expect(items.filter((i) => i.language === 'ru').length).toBeGreaterThanOrEqual(25);
    expect(items.filter((i) => i.body || i.page).length).toBeGreaterThanOrEqual(15);
    expect(new Set(items.map((i) => i.expected.section)).size).toBe(5);
    expect(new Set(items.flatMap((i) => i.expected.regions)).size).toBe(14);
    expect(new Set(items.flatMap((i) => i.expected.topics)).size).toBe(11);
  });

  it('meets the region aim (micro-F1 ≥ 0.90)', () => {
    expect(report.regions.micro.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('meets the topic aim (micro-F1 ≥ 0.85)', () => {
    expect(report.topics.micro.f1).toBeGreaterThanOrEqual(0.85);
  });

  it('has no defective summary', () => {
    expect(report.summaryDefects).toEqual([]);
  });

  it('gets sections and bylines right', () => {
    expect(report.sectionAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.authorErrors).toEqual([]);
  });
});

describe('scoreLabels', () => {
  it('computes per-label and micro precision, recall and F1', () => {
    const r = scoreLabels([
      { expected: ['a', 'b'], predicted: ['a'] },
      { expected: ['a'], predicted: ['a', 'c'] },
      { expected: [], predicted: [] },
    ]);
    expect(r.perLabel.map((s) => [s.label, s.tp, s.fp, s.fn])).toEqual([['a', 2, 0, 0], ['b', 0, 0, 1], ['c', 0, 1, 0]]);
    expect(r.micro.precision).toBeCloseTo(2 / 3);
    expect(r.micro.recall).toBeCloseTo(2 / 3);
    expect(r.micro.f1).toBeCloseTo(2 / 3);
  });
});
