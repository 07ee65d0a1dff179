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
    language: z.enum(['en', 'ru']),
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
};

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
      items.push(entry.page ? { ...entry, html: readFileSync(join(dir, entry.page), 'utf8') } : entry);
    }
  }
  const ids = new Set<string>();
  for (const entry of items) {
    if (ids.has(entry.id)) throw new Error(`duplicate labelled item id ${entry.id}`);
    ids.add(entry.id);
  }
  return items;
}
