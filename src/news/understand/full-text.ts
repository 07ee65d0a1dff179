/** Whether a feed's lead is only a teaser, so that the article page is worth fetching. */
import { htmlToText } from './html-text.js';

/** Below this a lead is a teaser: a real lead paragraph plus more runs longer. */
const TEASER_CHARS = 300;
const CUT_OFF = /(\.\.\.|…|\[…\]|\[\.\.\.\])\s*$/;
const READ_MORE = /(read more|continue reading|full story|читать далее|читать полностью|подробнее)\W*$/i;

export function needsFullText(lead: string): boolean {
  const text = htmlToText(lead);
  return text.length < TEASER_CHARS || CUT_OFF.test(text) || READ_MORE.test(text);
}
