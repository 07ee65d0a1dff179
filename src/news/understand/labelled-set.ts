/**
 * Reads a labelled evaluation set: every *.json file in a folder holds an array of items
 * with their expected section, topics and regions. An item may point to a saved article
 * page (`page`, relative to the folder) instead of carrying its body.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const item = z
  .object({
    id: z.string().min(1),
    language: z.enum(['en', 'ru', 'az']),
    title: z.string().min(1),
    lead: z.string(),
    body: z.string().optional(),
    page: z.string().optional(),
    url: z.string().optional(),
    categories: z.array(z.string()),
    feedSection: z.string().nullable().optional(),
    expected: z
      .object({
        section: z.enum(['analytics', 'news', 'interview', 'opinion', 'breaking']),
        topics: z.array(z.string()),
        regions: z.array(z.string()),
        author: z.string().optional(),
      })
      .strict(),
    note: z.string().optional(),
  })
  .strict();

export type LabelledItem = z.infer<typeof item> & {
  /** The saved page's HTML when the item has `page`. */
  html?: string;
  /** The file the item came from (holdout-b.json): it decides the item's split. */
  source: string;
};

export interface LabelledSplit {
  /** "development", "held-out A", "held-out B", … */
  name: string;
  heldOut: boolean;
  items: LabelledItem[];
}

/** holdout.json is held-out A, holdout-<x>.json held-out X; every other file is development. */
export function splitName(source: string): string {
  const m = /^holdout(?:-([a-z]))?\.json$/.exec(source);
  if (!m) return 'development';
  return `held-out ${(m[1] ?? 'a').toUpperCase()}`;
}

/** The development split first, then each held-out split in order: each is judged on its own. */
export function labelledSplits(items: LabelledItem[]): LabelledSplit[] {
  const byName = new Map<string, LabelledItem[]>();
  for (const entry of items) {
    const name = splitName(entry.source);
    byName.set(name, [...(byName.get(name) ?? []), entry]);
  }
  return [...byName]
    .map(([name, list]) => ({ name, heldOut: name !== 'development', items: list }))
    .sort((a, b) => Number(a.heldOut) - Number(b.heldOut) || a.name.localeCompare(b.name));
}

/** An item the feed gave nothing but a headline: no lead, no body, no page. */
export function headlineOnly(entry: LabelledItem): boolean {
  return entry.lead.trim() === '' && !entry.body && !entry.page;
}

export function loadLabelledSet(dir: string): LabelledItem[] {
  const items: LabelledItem[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const parsed = z.array(item).safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
    }
    for (const entry of parsed.data) {
      items.push(entry.page ? { ...entry, source: file, html: readFileSync(join(dir, entry.page), 'utf8') } : { ...entry, source: file });
    }
  }
  const ids = new Set<string>();
  for (const entry of items) {
    if (ids.has(entry.id)) throw new Error(`duplicate labelled item id ${entry.id}`);
    ids.add(entry.id);
  }
  return items;
}
