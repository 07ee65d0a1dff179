/**
 * Markup to text with linkedom's HTML parser (it decodes every HTML entity). Script, style,
 * iframe and similar contents are dropped; block elements become paragraph breaks.
 * The project's tsconfig has no DOM library, so the few DOM members used are typed here.
 */
import { createRequire } from 'node:module';
import type * as Linkedom from 'linkedom';

// linkedom and its CSS tables cost Herald several MB of memory; loaded (synchronously) when the
// first markup is parsed rather than at start, so a Herald with no new items never holds it.
const require = createRequire(import.meta.url);
let linkedom: typeof Linkedom | undefined;
const parseHTML = (html: string) => (linkedom ??= require('linkedom') as typeof Linkedom).parseHTML(html);

export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  tagName: string;
  innerHTML: string;
  outerHTML: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}

export interface DomDocument {
  documentElement: DomElement;
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT = 1;
const TEXT = 3;
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'OBJECT', 'EMBED', 'HEAD', 'TITLE', 'CANVAS']);
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE',
  'TD', 'TH', 'TR', 'UL', 'BODY', 'HTML',
]);

/** Parses a whole page or a fragment. */
export function parseDocument(html: string): DomDocument {
  const page = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  return parseHTML(page).document as unknown as DomDocument;
}

export interface Block {
  text: string;
  /** Characters of the text inside links: a block that is all link is a related-headline list. */
  linkChars: number;
}

/** Text of each block of a subtree, whitespace collapsed, empty blocks dropped. */
export function blocksOf(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let current = '';
  let linkChars = 0;
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text !== '') blocks.push({ text, linkChars: Math.min(linkChars, text.length) });
    current = '';
    linkChars = 0;
  };
  const walk = (node: DomNode, inLink: boolean) => {
    if (node.nodeType === TEXT) {
      const text = node.textContent ?? '';
      current += text;
      if (inLink) linkChars += text.replace(/\s+/g, ' ').trim().length;
      return;
    }
    const name = node.nodeName.toUpperCase();
    if (node.nodeType !== ELEMENT || SKIPPED.has(name)) return;
    const block = BLOCKS.has(name);
    if (block) flush();
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!, inLink || name === 'A');
    if (block) flush();
  };
  walk(root, false);
  flush();
  return blocks;
}

/** Paragraph texts of some markup (a feed description, an article body). */
export function paragraphsFromMarkup(html: string): string[] {
  const doc = parseDocument(html);
  return blocksOf(doc.body ?? doc.documentElement).map((b) => b.text);
}

/** All markup stripped, entities decoded, whitespace collapsed; script/style/iframe contents dropped. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  return paragraphsFromMarkup(html).join(' ').replace(/\s+/g, ' ').trim();
}
