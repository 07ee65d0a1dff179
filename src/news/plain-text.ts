const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', laquo: '«', raquo: '»',
  mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
};

/** Decodes HTML character references (named, decimal, hex); unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Markup removed (script/style/iframe with their contents), entities decoded, whitespace collapsed. */
export function plainText(html: string): string {
  const withoutBlocks = html.replace(/<(script|style|iframe|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  // Inline tags vanish without a trace ("<b>Bold</b>!" reads "Bold!"); any other tag separates words.
  const withoutTags = withoutBlocks
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(a|abbr|b|bdi|bdo|cite|code|data|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var|wbr)\b[^>]*>/gi, '')
    .replace(/<\/?[a-z][^>]*>/gi, ' ');
  // Decoding twice handles feeds that double-escape (&amp;amp;) without touching real text.
  const decoded = decodeEntities(decodeEntities(withoutTags));
  return decoded.replace(/<\/?[a-z][^>]*>/gi, ' ').replace(/\s+/g, ' ').trim();
}
