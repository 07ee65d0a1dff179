/**
 * The trained topic model (taxonomy/topic-model.json): rebuilt exactly by `npm run train:topics`
 * from the development files alone, used for the languages it was trained on, and checked when
 * the taxonomy loads. Its figures on held-out headlines are in labelled-set.test.ts and
 * bench/understand.ts.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createReader } from '../../src/news/understand/classify.js';
import { createClassifier, defaultTaxonomyDir, loadLabelledSet, loadTaxonomy } from '../../src/news/understand/index.js';
import { createTopicFeatures } from '../../src/news/understand/topic-features.js';
import { createModelDecider, decideByModel } from '../../src/news/understand/topic-model.js';
import { classify, classifyByRules, item, labelledDir, taxonomy, topicsOf } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shipped = JSON.parse(readFileSync(join(defaultTaxonomyDir(), 'topic-model.json'), 'utf8')) as {
  trainedOn: { files: string[]; languages: string[] };
  topics: string[];
};

describe('the shipped topic model', () => {
  it('is what `npm run train:topics` gives from the labelled development files', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/train-topic-model.ts', '--check'], { cwd: root });
    expect(stdout).toMatch(/topic-model\.json is what training gives/);
    expect(stdout).toMatch(/model topic F1 0\.\d+ .* against the rules' 0\.\d+/);
  }, 300_000);

  it('never saw a held-out file', () => {
    expect(shipped.trainedOn.files.length).toBeGreaterThan(10);
    expect(shipped.trainedOn.files.filter((f) => f.startsWith('holdout'))).toEqual([]);
  });

  it("decides the topics of English and Russian items, from the taxonomy's topics", () => {
    expect(taxonomy.topicModel).not.toBeNull();
    expect(shipped.trainedOn.languages).toEqual(['en', 'ru']);
    expect([...shipped.topics].sort()).toEqual(taxonomy.topics.map((t) => t.id).sort());
    const result = classify(item('Armenian parliament approves new electoral code after heated debate'));
    expect(topicsOf(result)).toContain('politics');
    for (const topic of result.topics) expect(topic.confidence).toBeGreaterThan(0);
  });

  it('leaves items in a language it was not trained on to the rules (Azerbaijani)', () => {
    const headlines = [
      'Azərbaycan və Gürcüstan enerji sahəsində əməkdaşlığı müzakirə edib',
      'Milli Məclis yeni seçki məcəlləsini qəbul edib',
      'Bakıda beynəlxalq neft və qaz sərgisi açılıb',
    ];
    for (const title of headlines) {
      const input = item(title, '', { language: 'az' });
      expect(classify(input).topics).toEqual(classifyByRules(input).topics);
    }
  });
});

describe('classifying with the model', () => {
  it('reads an item exactly as training does (the same features, the same topics and confidences)', () => {
    const model = taxonomy.topicModel!;
    const read = createReader({ ...taxonomy, topicModel: null });
    const decide = createModelDecider(model);
    const features = createTopicFeatures();
    const items = loadLabelledSet(labelledDir).filter((i) => i.language !== 'az');
    expect(items.length).toBeGreaterThan(5000);
    let differing = 0;
    for (const i of items) {
      const reading = read(item(i.title, i.lead, { categories: i.categories, language: i.language }));
      if (JSON.stringify(decide(reading)) !== JSON.stringify(decideByModel(model, features(reading)))) differing++;
    }
    expect(differing).toBe(0);
  });
});

describe('loading a topic model', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function copyWith(edit: ((model: any) => void) | 'remove'): string {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
    dirs.push(dir);
    cpSync(defaultTaxonomyDir(), dir, { recursive: true });
    const path = join(dir, 'topic-model.json');
    if (edit === 'remove') rmSync(path);
    else {
      const model = JSON.parse(readFileSync(path, 'utf8'));
      edit(model);
      writeFileSync(path, JSON.stringify(model));
    }
    return dir;
  }

  it('without one, the rules decide topics alone', () => {
    const rulesOnly = loadTaxonomy(copyWith('remove'));
    expect(rulesOnly.topicModel).toBeNull();
    const input = item('Shares tanked on Monday');
    expect(createClassifier(rulesOnly)(input).topics).toEqual(classifyByRules(input).topics);
  });

  it('refuses a model that names a topic the taxonomy does not have, saying how to fix it', () => {
    const dir = copyWith((model) => {
      model.topics[0] = 'astrology';
    });
    expect(() => loadTaxonomy(dir)).toThrow(/topic-model\.json: topics\[0\]: unknown topic "astrology" \(train it again: npm run train:topics\)/);
  });

  it('refuses a model whose weights do not fit its topics', () => {
    const dir = copyWith((model) => {
      model.weights.bias = [1, 2];
    });
    expect(() => loadTaxonomy(dir)).toThrow(/topic-model\.json: weights\.bias: 2 weights for 11 topics/);
  });

  it('refuses a hand-edited decision outside 0..1', () => {
    const dir = copyWith((model) => {
      model.decision.accept = 3;
    });
    expect(() => loadTaxonomy(dir)).toThrow(/topic-model\.json: decision\.accept/);
  });
});
