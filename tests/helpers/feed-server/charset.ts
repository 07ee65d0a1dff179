/**
 * Encodes text into a single-byte legacy charset (windows-1251, KOI8-R, ISO-8859-x…).
 * Node has no encoder for these, but its TextDecoder knows them, so the table is built by
 * decoding all 256 bytes and inverting the result: no hand-typed table to get wrong.
 */
const tables = new Map<string, Map<string, number>>();

function tableFor(encoding: string): Map<string, number> {
  const key = new TextDecoder(encoding).encoding;
  let table = tables.get(key);
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder(key);
  for (let b = 0; b < 256; b++) {
    const ch = decoder.decode(Uint8Array.of(b));
    if (ch !== '\uFFFD' && !table.has(ch)) table.set(ch, b);
  }
  tables.set(key, table);
  return table;
}

/** Throws on a character the charset cannot represent, so a test never ships '?' by accident. */
export function encodeSingleByte(text: string, encoding: string): Buffer {
  const table = tableFor(encoding);
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const b = table.get(ch);
    if (b === undefined) throw new Error(`encodeSingleByte: ${JSON.stringify(ch)} has no byte in ${encoding}`);
    out[n++] = b;
  }
  return out.subarray(0, n);
}
