/**
 * Site furniture in text: the parts of a page or feed entry that are not the article
 * ("Read also: …", "Subscribe to our channel", timestamps, share labels, copyright lines,
 * "…, Outlet reports."). Generic patterns live here; outlet-specific phrases come from
 * taxonomy/furniture.json.
 */
import { fold } from './normalize.js';
import type { FurnitureRules } from './types.js';

const GENERIC_START = [
  /^(read also|also read|see also|read more|more on (this|the topic)|related( news| articles| stories)?|latest( news)?|most (read|popular|viewed)|recommended|popular|trending|tags?|share( this)?( article)?( on \w+)?|photo|video|source|views|comments?)\s*[:|\-–—]?(\s|$)/i,
  /^(читайте также|читать также|см\. также|также читайте|по теме|ещё по теме|еще по теме|последние новости|лента новостей|главное|самое читаемое|популярное|рекомендуем|теги|поделиться|фото|видео|источник|просмотр(ов|ы)?|комментари[ия])\s*[:|\-–—]?(\s|$)/i,
  /^the post .* appeared first on /i,
  /^(the )?author is\b/i,
  /^автор\s*[—–-]\s/i,
  /^(author|автор|by)\s*:/i,
  /^(©|\(c\)|copyright\b)/i,
];
const GENERIC_ANYWHERE = [/all rights reserved/i, /все права защищены/i, /\b(click|tap) here\b/i];
/** Short calls to action; in a long paragraph the same words may be news. (\b is ASCII-only, hence the lookarounds.) */
const CALL_TO_ACTION = /(?<!\p{L})(subscribe|follow us|join us on|sign up for our|подписывайтесь|подпишитесь|следите за нами)(?!\p{L})/iu;
const MONTHS = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)\\p{L}*\\.?';
const TIMESTAMP = new RegExp(
  `^(\\p{L}+,\\s*)?(\\d{1,2}\\s+${MONTHS}(\\s+\\d{4})?|${MONTHS}\\s+\\d{1,2}(,?\\s+\\d{4})?|\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4})?[\\s,|]*(\\d{1,2}:\\d{2}(\\s*[ap]\\.?m\\.?)?)?$`,
  'iu',
);
const HAS_DIGIT = /\d/;

export interface FurnitureMatcher {
  /** A paragraph, line or sentence that is not part of the article. */
  isFurniture(text: string): boolean;
  /** The sentence without "…, Outlet reports." / "…, сообщает Outlet." and datelines. */
  clean(sentence: string): string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createFurnitureMatcher(rules?: FurnitureRules): FurnitureMatcher {
  const starts = (rules?.phrases ?? []).map(fold);
  const contains = (rules?.contains ?? []).map(fold);
  const outlets = (rules?.outletNames ?? []).map(escape).join('|');
  const attribution = outlets
    ? [
        new RegExp(`,?\\s*(as\\s+)?(according to\\s+)?(${outlets})\\s+(reports?|reported|has learned|learned|informs)(,?\\s+(citing|with reference to|referring to)\\s+[^.!?]*)?(?=[.!?]?\\s*$)`, 'iu'),
        new RegExp(`,?\\s*(сообщает|сообщил[аи]?|передает|передаёт|пишет|информирует)\\s+(${outlets})(\\s+со\\s+ссылкой\\s+на\\s+[^.!?]*)?(?=[.!?]?\\s*$)`, 'iu'),
        new RegExp(`^(как\\s+)?(сообщает|передает|передаёт)\\s+(${outlets})(\\s+со\\s+ссылкой\\s+на\\s+[^,]*)?,\\s*`, 'iu'),
      ]
    : [];
  const wholeAttribution = outlets ? new RegExp(`^(${outlets})\\s+(reports|сообщает)\\b[^.!?]*[.!?]?$`, 'iu') : null;

  function isFurniture(text: string): boolean {
    const trimmed = text.trim();
    if (trimmed === '') return true;
    if (GENERIC_START.some((re) => re.test(trimmed))) return true;
    if (GENERIC_ANYWHERE.some((re) => re.test(trimmed))) return true;
    if (HAS_DIGIT.test(trimmed) && trimmed.length <= 40 && TIMESTAMP.test(trimmed)) return true;
    if (trimmed.length < 200 && CALL_TO_ACTION.test(trimmed)) return true;
    if (wholeAttribution?.test(trimmed)) return true;
    const folded = fold(trimmed);
    return starts.some((s) => folded.startsWith(s)) || contains.some((c) => folded.includes(c));
  }

  function clean(sentence: string): string {
    let out = sentence.trim();
    // Datelines: "BAKU, May 14 (Reuters) — …", "БАКУ, 14 мая — …".
    out = out.replace(/^[\p{Lu}][\p{Lu}\s.-]{2,30},\s*[^—–]{0,30}?\s*[—–]\s+/u, '');
    for (const re of attribution) {
      const stripped = out.replace(re, '');
      if (stripped !== out) out = /[.!?…]$/.test(stripped) ? stripped : stripped + '.';
    }
    return out.charAt(0).toUpperCase() + out.slice(1);
  }

  return { isFurniture, clean };
}
