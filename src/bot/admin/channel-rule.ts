import type { ChannelRule } from '../../stores/channels.js';
import type { ChannelVocabulary } from './deps.js';

/**
 * A channel rule as editors type it: `lang=en section=analytics topics=energy,politics
 * regions=south-caucasus`. Each part may be named in the singular or plural (`topic=`,
 * `topics=`; `lang=`, `language=`, `languages=`); `any` (or nothing after '=') leaves a part
 * open. Values are checked against the vocabulary, so a typo is refused by name rather than
 * stored as a rule nothing passes.
 */
export type RulePart = keyof ChannelRule;

const PART_NAMES: Record<string, RulePart> = {
  lang: 'languages',
  language: 'languages',
  languages: 'languages',
  section: 'sections',
  sections: 'sections',
  topic: 'topics',
  topics: 'topics',
  region: 'regions',
  regions: 'regions',
};

/** The names editors see in messages and in the list: the same words they type. */
export const PART_LABEL: Record<RulePart, string> = { languages: 'lang', sections: 'section', topics: 'topics', regions: 'regions' };

export type RuleError =
  | { kind: 'unknown-part'; token: string; parts: string[] }
  | { kind: 'unknown-value'; part: string; value: string; valid: readonly string[] };

export type ParsedRule = { ok: true; parts: Partial<ChannelRule> } | { ok: false; error: RuleError };

export function parseRule(tokens: string[], vocabulary: ChannelVocabulary): ParsedRule {
  const parts: Partial<ChannelRule> = {};
  for (const token of tokens) {
    const at = token.indexOf('=');
    const name = (at < 0 ? token : token.slice(0, at)).toLowerCase();
    const part = at < 0 ? undefined : PART_NAMES[name];
    if (part === undefined) return { ok: false, error: { kind: 'unknown-part', token: token.slice(0, 40), parts: Object.values(PART_LABEL).map((p) => `${p}=…`) } };
    const values = token
      .slice(at + 1)
      .toLowerCase()
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '' && v !== 'any');
    const valid = vocabulary[part];
    const bad = values.find((v) => !valid.includes(v));
    if (bad !== undefined) return { ok: false, error: { kind: 'unknown-value', part: PART_LABEL[part], value: bad.slice(0, 40), valid } };
    parts[part] = [...new Set([...(parts[part] ?? []), ...values])].sort();
  }
  return { ok: true, parts };
}

/** The rule as the editor would type it (`lang=en section=analytics`); empty for no rule. */
export function formatRule(rule: ChannelRule): string {
  return (Object.keys(PART_LABEL) as RulePart[])
    .filter((part) => rule[part].length > 0)
    .map((part) => `${PART_LABEL[part]}=${rule[part].join(',')}`)
    .join(' ');
}
