/** Folding used on both sides of every match: case, diacritics (Türkiye = Turkiye), ё = е, й = и. */

/** Letters that decompose under NFD (Latin with diacritics, combining marks, extended Cyrillic). */
const DECOMPOSABLE = /[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff\u0450-\u045f\u04c0-\u04ff]/;

export function fold(text: string): string {
  let lower = text.toLowerCase();
  // й and ё are the only common Russian letters that decompose: replacing them is far cheaper than NFD.
  if (lower.includes('й') || lower.includes('ё')) lower = lower.replace(/[йё]/g, (c) => (c === 'й' ? 'и' : 'е'));
  return DECOMPOSABLE.test(lower) ? lower.normalize('NFD').replace(/\p{M}/gu, '') : lower;
}
