/**
 * Turns a feed's bytes into text. Order of evidence: a byte-order mark, then the charset
 * in Content-Type, then the XML declaration, then UTF-8. A body that is valid multi-byte
 * UTF-8 is read as UTF-8 even when a single-byte charset is declared: servers often
 * label UTF-8 feeds as ISO-8859-1, while real windows-1251/KOI8-R text is almost never
 * valid UTF-8 by accident.
 */
export interface DecodedBody {
  text: string;
  /** The encoding actually used (WHATWG name, e.g. "windows-1251"). */
  encoding: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const bom = bomEncoding(bytes);
  if (bom) return { text: cleanText(new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length))), encoding: bom.encoding };
  const declared = [charsetFromContentType(contentType), charsetFromXmlDeclaration(bytes)]
    .map((label) => (label ? encodingFor(label) : null))
    .filter((e): e is string => e !== null);
  const utf8 = strictUtf8(bytes);
  for (const encoding of declared) {
    if (encoding === 'utf-8') {
      if (utf8 !== null) return { text: cleanText(utf8.text), encoding };
      continue; // declared UTF-8 but is not: try the next piece of evidence
    }
    if (utf8 !== null && utf8.multiByte && isSingleByte(encoding)) return { text: cleanText(utf8.text), encoding: 'utf-8' };
    return { text: cleanText(new TextDecoder(encoding).decode(bytes)), encoding };
  }
  if (utf8 !== null) return { text: cleanText(utf8.text), encoding: 'utf-8' };
  // Nothing fits: UTF-8 with replacement characters keeps the ASCII parts readable.
  return { text: cleanText(new TextDecoder('utf-8').decode(bytes)), encoding: 'utf-8' };
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  const match = contentType?.match(/charset\s*=\s*["']?([^"';\s]+)/i);
  return match?.[1] ?? null;
}

function charsetFromXmlDeclaration(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding a feed may use; latin1 reads it byte for byte.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1');
  const match = head.match(/^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/);
  return match?.[1] ?? null;
}

/** The WHATWG name for a charset label, or null when TextDecoder does not know it. */
function encodingFor(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

function isSingleByte(encoding: string): boolean {
  return encoding.startsWith('windows-') || encoding.startsWith('iso-8859-') || encoding.startsWith('koi8') || encoding === 'ibm866' || encoding.startsWith('x-mac');
}

function strictUtf8(bytes: Uint8Array): { text: string; multiByte: boolean } | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, multiByte: bytes.some((b) => b >= 0x80) };
  } catch {
    return null;
  }
}

/**
 * Removes what XML 1.0 forbids and parsers choke on: C0 controls other than tab/LF/CR,
 * U+FFFE/U+FFFF and lone surrogates. A BOM left inside the text goes too.
 */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
